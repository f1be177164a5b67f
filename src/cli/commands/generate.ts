/**
 * `policy-posterior generate`: roll out a behaviour policy, perturb its observations and write
 * an HDF5 data set with a provenance record (the CLI face of `generateDataset`).
 * @module
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { envIds } from "../../envs/registry.js";
import { perturbationTypes } from "../../perturb/registry.js";
import { checkWritableFile } from "../../io/atomic-file.js";
import {
  type DatasetConfig,
  type DatasetPerturbationConfig,
  type PolicyJSONRecord,
  resolveDatasetConfig,
} from "../../perturb/dataset/config.js";
import { generateDataset } from "../../perturb/dataset/generate.js";
import { resolveBehaviourPolicy } from "../../perturb/dataset/policy.js";
import { UsageError } from "../args.js";
import type { Command, CommandContext, CommandResult } from "../command.js";

type ParamValue = number | string | boolean | number[];

/** A parameter value from the command line: a number, true/false, `a/b/c` (numbers), or text. */
function parseValue(raw: string): ParamValue {
  if (raw === "true") return true;
  if (raw === "false") return false;
  const asNumber = (s: string) => (s.trim() !== "" && Number.isFinite(Number(s)) ? Number(s) : undefined);
  const n = asNumber(raw);
  if (n !== undefined) return n;
  if (raw.includes("/")) {
    const parts = raw.split("/").map(asNumber);
    if (parts.every((p) => p !== undefined)) return parts as number[];
  }
  return raw;
}

/**
 * Parse `--perturbation` text: `[name=]type[:key=value,key=value…]`, e.g. `gaussian:std=0.3`,
 * `big=gaussian:std=0.5`, `fgsm:epsilon=0.05,norm=linf`, `gaussian:std=0.1/0.2/0.1/0.2`
 * (one value per dimension). The name defaults to the type.
 */
export function parsePerturbationSpec(text: string): DatasetPerturbationConfig {
  const colon = text.indexOf(":");
  const head = colon < 0 ? text : text.slice(0, colon);
  const tail = colon < 0 ? "" : text.slice(colon + 1);
  const eq = head.indexOf("=");
  const name = eq < 0 ? undefined : head.slice(0, eq);
  const type = eq < 0 ? head : head.slice(eq + 1);
  if (!perturbationTypes.includes(type))
    throw new UsageError(
      `--perturbation ${JSON.stringify(text)}: unknown perturbation type ${JSON.stringify(type)}; valid: ${perturbationTypes.join(", ")}`,
    );
  const params: Record<string, ParamValue> = {};
  if (tail.trim() !== "")
    for (const part of tail.split(",")) {
      const i = part.indexOf("=");
      if (i <= 0)
        throw new UsageError(`--perturbation ${JSON.stringify(text)}: expected key=value, got ${JSON.stringify(part)}`);
      const key = part.slice(0, i).trim();
      if (key in params) throw new UsageError(`--perturbation ${JSON.stringify(text)}: ${key} given twice`);
      params[key] = parseValue(part.slice(i + 1).trim());
    }
  return { ...(name !== undefined ? { name } : {}), type, params };
}

function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new UsageError(`${what}: cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new UsageError(`${what}: ${path} is not valid JSON (${(e as Error).message})`);
  }
}

/** Merge `--config` (if any) with the flags; flags win. */
function buildConfig(ctx: CommandContext): DatasetConfig {
  const o = ctx.args.options;
  if (ctx.args.positionals.length > 0)
    throw new UsageError(`unexpected argument ${JSON.stringify(ctx.args.positionals[0])} (all inputs are --options)`);
  const base =
    typeof o.config === "string"
      ? (readJsonFile(resolve(ctx.cwd, o.config), "--config") as Partial<DatasetConfig>)
      : ({} as Partial<DatasetConfig>);
  if (base === null || typeof base !== "object" || Array.isArray(base))
    throw new UsageError("--config must hold a JSON object (a data-set configuration)");
  const perturbations = (o.perturbation as string[] | undefined)?.map(parsePerturbationSpec) ?? base.perturbations;
  const unseenFlags = (o.unseen as string[] | undefined)?.flatMap((u) => u.split(",").map((s) => s.trim()));
  let policy: DatasetConfig["policy"] = base.policy;
  if (typeof o.policy === "string")
    policy =
      o.policy === "pretrained"
        ? "pretrained"
        : (readJsonFile(resolve(ctx.cwd, o.policy), "--policy") as PolicyJSONRecord);
  const env = (o.env as string | undefined) ?? base.env;
  if (env === undefined) throw new UsageError(`--env is required; valid: ${envIds.join(", ")}`);
  const split = {
    ...(base.split ?? {}),
    ...(o["held-out"] !== undefined ? { heldOutFraction: o["held-out"] as number } : {}),
    ...(unseenFlags !== undefined ? { unseen: unseenFlags } : {}),
  };
  const numEpisodes = (o.episodes as number | undefined) ?? base.numEpisodes ?? 20;
  const seed = (o.seed as number | undefined) ?? base.seed ?? 0;
  const maxSteps = (o["max-steps"] as number | undefined) ?? base.maxSteps;
  return {
    ...base,
    env,
    numEpisodes,
    seed,
    perturbations: perturbations ?? [],
    split,
    ...(policy !== undefined ? { policy } : {}),
    ...(maxSteps !== undefined ? { maxSteps } : {}),
  };
}

async function run(ctx: CommandContext): Promise<CommandResult> {
  const o = ctx.args.options;
  if (typeof o.out !== "string") throw new UsageError("--out FILE is required (the HDF5 file to write)");
  const config = buildConfig(ctx);
  const out = resolve(ctx.cwd, o.out);
  const provenanceLog =
    typeof o["provenance-log"] === "string" ? resolve(ctx.cwd, o["provenance-log"] as string) : undefined;
  // Bad configurations and output paths are usage errors (exit 2), found before any rollout.
  try {
    const { config: resolved } = resolveDatasetConfig(config);
    resolveBehaviourPolicy(resolved.policy, resolved.env);
    checkWritableFile(out, "--out");
    if (provenanceLog !== undefined) checkWritableFile(provenanceLog, "--provenance-log");
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^generateDataset: /, ""));
  }
  const { progress } = ctx;
  let started = false;
  const result = await generateDataset(config, {
    out,
    ...(provenanceLog !== undefined ? { provenanceLog } : {}),
    onProgress: ({ stage, done, total, detail }) => {
      if (stage === "rollout") progress.milestone(`rolling out ${total} episodes of ${config.env}`);
      else if (stage === "perturb") {
        if (!started && total > 0) {
          progress.start("perturbing", total);
          started = true;
        }
        progress.update(done);
        if (done === total && started) progress.finish();
      } else if (stage === "write") progress.milestone(`writing ${detail ?? out}`);
    },
  });
  const data = {
    path: result.path,
    env: result.config.env,
    numEpisodes: result.numEpisodes,
    numTransitions: result.numTransitions,
    obsDim: result.obsDim,
    perturbations: result.config.perturbations.map((p) => p.name),
    unseen: result.config.split.unseen,
    trainEpisodes: Array.from(result.split.train),
    heldOutEpisodes: Array.from(result.split.heldOut),
    meanReturn: result.meanReturn,
    dataSha256: result.dataSha256,
    fileSha256: result.fileSha256,
    fileBytes: result.fileBytes,
    provenanceId: result.provenance.id,
    provenanceLog: provenanceLog ?? null,
    durationMs: result.provenance.durationMs,
  };
  const text = [
    `wrote ${result.path} (${result.fileBytes} bytes)`,
    `  ${result.numEpisodes} episodes of ${result.config.env}, ${result.numTransitions} transitions, mean return ${result.meanReturn.toFixed(2)}`,
    `  perturbations: ${data.perturbations.join(", ") || "(none)"}${data.unseen.length ? `; unseen in training: ${data.unseen.join(", ")}` : ""}`,
    `  split: ${result.split.train.length} training / ${result.split.heldOut.length} held-out episodes`,
    `  data sha256 ${result.dataSha256}`,
    provenanceLog
      ? `  provenance ${result.provenance.id} appended to ${provenanceLog}`
      : `  provenance ${result.provenance.id}`,
  ].join("\n");
  return { data, text };
}

/** The `generate` command. */
export const generateCommand: Command = {
  name: "generate",
  summary: "roll out a policy, perturb its observations, write an HDF5 data set",
  help: [
    "usage: policy-posterior generate --env ID --out FILE [--perturbation SPEC]... [options]",
    "",
    "Rolls out the behaviour policy (default: the environment's pretrained one), applies every",
    "perturbation to the clean observations, splits episodes into training and held-out sets and",
    "writes one HDF5 file (readable by h5py). A perturbation SPEC is [name=]type[:key=value,...],",
    "e.g. gaussian:std=0.3 or fgsm:epsilon=0.05,norm=linf; per-dimension values are a/b/c.",
    `Perturbation types: ${perturbationTypes.join(", ")}.`,
    `Environments: ${envIds.join(", ")}.`,
    "",
    "example:",
    "  policy-posterior generate --env CartPole-v1 --episodes 20 --perturbation gaussian:std=0.3 \\",
    "    --perturbation fgsm:epsilon=0.05,norm=linf --unseen fgsm --out data.h5 --seed 0",
  ].join("\n"),
  options: [
    { name: "env", type: "string", valueName: "ID", description: "environment id" },
    { name: "episodes", type: "integer", valueName: "N", description: "number of episodes (default 20)" },
    {
      name: "perturbation",
      type: "string",
      multiple: true,
      valueName: "SPEC",
      description: "a perturbation, [name=]type[:key=value,...]",
    },
    {
      name: "unseen",
      type: "string",
      multiple: true,
      valueName: "NAMES",
      description: "perturbation names kept out of training (comma-separated)",
    },
    {
      name: "held-out",
      type: "number",
      valueName: "FRACTION",
      description: "fraction of episodes held out from training (default 0.2)",
    },
    { name: "seed", type: "integer", valueName: "N", description: "seed of every random draw (default 0)" },
    { name: "max-steps", type: "integer", valueName: "N", description: "cut episodes after N steps" },
    {
      name: "policy",
      type: "string",
      valueName: "pretrained|FILE",
      description: "behaviour policy: pretrained, or a policy JSON file",
    },
    { name: "out", type: "string", valueName: "FILE", description: "HDF5 file to write" },
    { name: "provenance-log", type: "string", valueName: "FILE", description: "append a provenance record here" },
    {
      name: "config",
      type: "string",
      valueName: "FILE",
      description: "a JSON data-set configuration (flags override its fields)",
    },
  ],
  run,
};
