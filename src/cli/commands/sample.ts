/**
 * `policy-posterior sample`: fit the policy posterior to the transitions of one perturbation and
 * split of a data set, and write it to an HDF5 posterior file (`policy/posterior-file.ts`) with
 * the nominal baseline, a JSON summary and a provenance record.
 * @module
 */
import { dirname, basename, join } from "node:path";
import { writeFileAtomic } from "../../io/atomic-file.js";
import type { PerturbedDataset, TransitionBatch } from "../../perturb/dataset/read.js";
import { type PolicyPosteriorConfig, resolveConfig } from "../../policy/config.js";
import type { EngineProgress } from "../../policy/engines.js";
import { posteriorToJSON, savePosterior } from "../../policy/posterior-file.js";
import { PolicyPosteriorSampler } from "../../policy/sampler.js";
import { appendProvenance, type ProvenanceRecord, sha256File } from "../../provenance/index.js";
import { stat } from "node:fs/promises";
import { UsageError } from "../args.js";
import type { Command, CommandContext, CommandResult } from "../command.js";
import {
  batchInputs,
  fmt,
  noPositionals,
  openDataset,
  outputPath,
  perturbationNames,
  requireString,
  selectTransitions,
} from "./policy-common.js";

const ENGINES = ["nuts", "hmc", "svi"] as const;
const HIERARCHIES = ["none", "episode"] as const;

/** Configuration fields and the options that set them (to word configuration errors as usage errors). */
const FIELD_OPTIONS: Readonly<Record<string, string>> = {
  policyPriorVariance: "prior-variance",
  observationNoiseStd: "noise-std",
  numWarmup: "num-warmup",
  numChains: "num-chains",
  hmcSteps: "hmc-steps",
  numVariationalSamples: "num-variational-samples",
  lr: "lr",
  sviSteps: "svi-steps",
  seed: "seed",
  engine: "engine",
  hierarchy: "hierarchy",
};

/** `PolicyPosteriorSampler: policyPriorVariance must be …` → `--prior-variance must be …`. */
function configUsageError(e: Error): UsageError {
  const m = /^PolicyPosteriorSampler: (\w+)(\[\d+\])? (must be .*)$/.exec(e.message);
  const option = m ? FIELD_OPTIONS[m[1]!] : undefined;
  return new UsageError(option ? `--${option}${m![2] ?? ""} ${m![3]}` : e.message);
}

/**
 * Mean and standard deviation of each observation column: the affine features are standardised
 * with them so that one prior scale suits every weight (see `policy/features.ts`). A constant
 * column keeps scale 1 (dividing by 0 would be undefined).
 */
export function columnStandardization(obs: Float64Array, n: number, d: number): { center: number[]; scale: number[] } {
  const center = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) center[j]! += obs[i * d + j]!;
  for (let j = 0; j < d; j++) center[j]! /= n;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) {
      const dv = obs[i * d + j]! - center[j]!;
      scale[j]! += dv * dv;
    }
  for (let j = 0; j < d; j++) {
    const sd = Math.sqrt(scale[j]! / Math.max(1, n - 1));
    scale[j] = sd > 1e-12 ? sd : 1;
  }
  return { center, scale };
}

/** `max` rows of a batch, evenly spaced over it (every episode keeps some rows), in order. */
export function thinBatch(batch: TransitionBatch, max: number): TransitionBatch {
  const n = batch.numTransitions;
  if (max >= n) return batch;
  const pick = Array.from({ length: max }, (_, j) => Math.floor((j * n) / max));
  const D = batch.obsDim;
  const A = batch.actionKind === "discrete" ? 1 : batch.actionDim;
  const rows = <T extends Float64Array | Int32Array>(x: T, w: number): T => {
    const out = new (x.constructor as new (n: number) => T)(max * w);
    pick.forEach((i, j) => out.set(x.subarray(i * w, (i + 1) * w), j * w));
    return out;
  };
  return {
    ...batch,
    numTransitions: max,
    observations: rows(batch.observations, D),
    cleanStates: rows(batch.cleanStates, D),
    actions: rows(batch.actions, A),
    rewards: rows(batch.rewards, 1),
    episode: rows(batch.episode, 1),
    step: rows(batch.step, 1),
    rows: rows(batch.rows, 1),
  };
}

/** The observation noise std to assume: `--noise-std`, else the data set's Gaussian std, else 0 for clean, else 0.3. */
function defaultNoiseStd(ds: PerturbedDataset, perturbation: string): { value: number | number[]; from: string } {
  if (perturbation === "clean") return { value: 0, from: "clean observations" };
  const p = ds.perturbations[perturbation]!;
  const std = p.params["std"];
  if (p.type === "gaussian" && (typeof std === "number" || Array.isArray(std)))
    return { value: typeof std === "number" ? std : [...(std as number[])], from: `the data set's ${p.type} std` };
  return { value: 0.3, from: "the default (the perturbation is not Gaussian)" };
}

/** Where the JSON summary goes beside the posterior file: `posterior.h5` → `posterior.json`. */
export function summaryPathFor(out: string): string {
  const base = basename(out);
  const stem = base.replace(/\.(h5|hdf5|he5)$/i, "");
  return join(dirname(out), `${stem === base ? base : stem}.json`);
}

function progressReporter(ctx: CommandContext, numChains: number): (p: EngineProgress) => void {
  const done = new Map<number, number>();
  let started = false;
  return (p) => {
    const total = p.phase === "svi" ? p.total : p.total * numChains;
    if (!started) {
      ctx.progress.start(
        p.phase === "svi" ? "SVI steps" : `sampling ${numChains} chain${numChains > 1 ? "s" : ""}`,
        total,
      );
      started = true;
    }
    done.set(p.chain, p.iteration);
    let sum = 0;
    for (const v of done.values()) sum += v;
    ctx.progress.update(sum);
  };
}

async function run(ctx: CommandContext): Promise<CommandResult> {
  const o = ctx.args.options;
  noPositionals(ctx);
  const dataArg = requireString(ctx, "data", "FILE (the HDF5 data set)");
  const outArg = requireString(ctx, "out", "FILE (the HDF5 posterior file to write)");
  const engine = o.engine as string;
  if (!(ENGINES as readonly string[]).includes(engine))
    throw new UsageError(`--engine must be one of ${ENGINES.join(", ")}, got ${JSON.stringify(engine)}`);
  const hierarchy = o.hierarchy as string;
  if (!(HIERARCHIES as readonly string[]).includes(hierarchy))
    throw new UsageError(`--hierarchy must be one of ${HIERARCHIES.join(", ")}, got ${JSON.stringify(hierarchy)}`);
  // SVI: the draws taken from the fitted guide are --num-variational-samples when given (the
  // library's samplePosterior takes the count as its argument; the config field only records it).
  const numSamples =
    engine === "svi" && o["num-variational-samples"] !== undefined
      ? (o["num-variational-samples"] as number)
      : (o["num-samples"] as number);
  if (numSamples < 4 || numSamples > 10_000_000)
    throw new UsageError(`--num-samples must be an integer in [4, 10000000], got ${numSamples}`);
  const maxTransitions = o["max-transitions"] as number | undefined;
  if (maxTransitions !== undefined && maxTransitions < 2)
    throw new UsageError(`--max-transitions must be an integer >= 2, got ${maxTransitions}`);
  const out = outputPath(ctx, "out", outArg);
  const summaryPath = ctx.json ? undefined : summaryPathFor(out);
  const logArg = o["provenance-log"] as string | undefined;
  const provenanceLog = logArg !== undefined ? outputPath(ctx, "provenance-log", logArg) : undefined;

  const ds = await openDataset(ctx, "data", dataArg);
  const perturbation = (o.perturbation as string | undefined) ?? firstTrainingPerturbation(ds);
  const split = o.split as string;
  let batch = selectTransitions(ds, "data", perturbation, split);
  const available = batch.numTransitions;
  if (maxTransitions !== undefined) batch = thinBatch(batch, maxTransitions);

  const noise =
    o["noise-std"] !== undefined
      ? { value: o["noise-std"] as number, from: "--noise-std" }
      : defaultNoiseStd(ds, perturbation);
  const standardize = o["no-standardize"] !== true;
  const stdz = standardize ? columnStandardization(batch.observations, batch.numTransitions, batch.obsDim) : undefined;
  const config: PolicyPosteriorConfig = {
    ...(ds.actionKind === "discrete"
      ? { family: "linear-softmax" as const, numActions: ds.numActions! }
      : { family: "linear-gaussian" as const, actionDim: ds.actionDim }),
    features: stdz ? { name: "affine", params: { center: stdz.center, scale: stdz.scale } } : { name: "affine" },
    hierarchy: hierarchy as "none" | "episode",
    policyPriorVariance: o["prior-variance"] as number,
    observationNoiseStd: noise.value,
    engine: engine as "nuts" | "hmc" | "svi",
    seed: o.seed as number,
    ...(o["num-warmup"] !== undefined ? { numWarmup: o["num-warmup"] as number } : {}),
    ...(o["num-chains"] !== undefined ? { numChains: o["num-chains"] as number } : {}),
    ...(o["hmc-steps"] !== undefined ? { hmcSteps: o["hmc-steps"] as number } : {}),
    ...(o["num-variational-samples"] !== undefined
      ? { numVariationalSamples: o["num-variational-samples"] as number }
      : {}),
    ...(o.lr !== undefined ? { lr: o.lr as number } : {}),
    ...(o["svi-steps"] !== undefined ? { sviSteps: o["svi-steps"] as number } : {}),
  };
  try {
    resolveConfig(config);
  } catch (e) {
    throw configUsageError(e as Error);
  }
  const sampler = new PolicyPosteriorSampler(config);
  const { observations, actions } = batchInputs(batch);
  const groups = hierarchy === "episode" ? batch.episode : undefined;
  try {
    sampler.checkData(observations, actions, groups);
  } catch (e) {
    throw new UsageError(`--data ${ds.path}: ${(e as Error).message}`);
  }

  ctx.progress.milestone(
    `fitting ${sampler.config.family} (${sampler.config.engine}) to ${batch.numTransitions} transitions of ${perturbation}/${split} from ${ds.path}`,
  );
  const dataSha256 = await sha256File(ds.path);
  const source = {
    data: ds.path,
    dataFileSha256: dataSha256,
    dataSectionSha256: ds.dataSha256,
    envId: ds.envId,
    perturbation,
    split,
    numTransitionsAvailable: available,
    numTransitions: batch.numTransitions,
    maxTransitions: maxTransitions ?? null,
    noiseStd: noise.value,
    noiseStdFrom: noise.from,
    standardization: stdz ?? null,
    numSamples,
  };
  const posterior = await sampler.samplePosterior(observations, actions, numSamples, {
    ...(groups ? { groups } : {}),
    onProgress: progressReporter(ctx, sampler.config.engine === "svi" ? 1 : sampler.config.numChains),
    dataLabel: `transitions (${perturbation}/${split})`,
  });
  ctx.progress.finish();
  ctx.progress.milestone("fitting the nominal baseline");
  const nominal = sampler.fitNominal(observations, actions);

  const provenance: ProvenanceRecord = {
    ...posterior.provenance,
    inputs: [{ path: ds.path, sha256: dataSha256, role: "dataset" }, ...posterior.provenance.inputs],
    extra: { ...posterior.provenance.extra, source },
  };
  ctx.progress.milestone(`writing ${out}`);
  await savePosterior(out, { ...posterior, provenance }, { nominal, source });
  const st = await stat(out);
  const fileSha256 = await sha256File(out);
  const json = {
    path: out,
    fileSha256,
    fileBytes: st.size,
    source,
    nominalConverged: nominal.converged,
    ...posteriorToJSON({ ...posterior, provenance }),
  };
  if (summaryPath !== undefined)
    await writeFileAtomic(summaryPath, new TextEncoder().encode(`${JSON.stringify(json, null, 2)}\n`));
  if (provenanceLog !== undefined) {
    const outputs = [{ path: out, sha256: fileSha256, bytes: st.size }];
    if (summaryPath !== undefined) {
      const s = await stat(summaryPath);
      outputs.push({ path: summaryPath, sha256: await sha256File(summaryPath), bytes: s.size });
    }
    await appendProvenance(provenanceLog, { ...provenance, outputs });
  }
  const d = posterior.diagnostics;
  const rows = posterior.summary.rows;
  const shown = rows.slice(0, 12);
  const width = Math.max(4, ...shown.map((r) => r.name.length));
  const text = [
    `wrote ${out} (${st.size} bytes)${summaryPath ? ` and ${summaryPath}` : ""}`,
    `  ${posterior.config.engine}: ${posterior.draws.numChains} chain(s) × ${posterior.draws.numDraws} draws in ${posterior.draws.seconds.toFixed(1)} s; ${rows.length} parameters; state mode ${posterior.stateModel.mode}`,
    `  data: ${batch.numTransitions} transitions (${perturbation}/${split}), noise std ${JSON.stringify(noise.value)} from ${noise.from}${stdz ? "; features standardised" : ""}`,
    `  diagnostics: max R-hat ${fmt(d.maxRhat)}, min bulk ESS ${fmt(d.minEssBulk)}, min tail ESS ${fmt(d.minEssTail)}, divergences ${d.divergences}, converged ${d.converged}`,
    `  ${"name".padEnd(width)}  ${"mean".padStart(10)}  ${"sd".padStart(10)}  ${"q5".padStart(10)}  ${"q95".padStart(10)}  ${"r_hat".padStart(8)}`,
    ...shown.map(
      (r) =>
        `  ${r.name.padEnd(width)}  ${fmt(r.mean).padStart(10)}  ${fmt(r.sd).padStart(10)}  ${fmt(r.q5).padStart(10)}  ${fmt(r.q95).padStart(10)}  ${fmt(r.rHat).padStart(8)}`,
    ),
    ...(rows.length > shown.length ? [`  … ${rows.length - shown.length} more in ${summaryPath ?? out}`] : []),
    provenanceLog ? `  provenance ${provenance.id} appended to ${provenanceLog}` : `  provenance ${provenance.id}`,
  ].join("\n");
  return { data: json, text };
}

function firstTrainingPerturbation(ds: PerturbedDataset): string {
  const seen = Object.values(ds.perturbations).filter((p) => !p.unseen);
  if (seen.length === 0)
    throw new UsageError(
      `--perturbation is required: the data set ${ds.path} has no perturbation with training observations; valid: ${perturbationNames(ds).join(", ")}`,
    );
  return seen[0]!.name;
}

/** The `sample` command. */
export const sampleCommand: Command = {
  name: "sample",
  summary: "fit the policy posterior to a data set, write an HDF5 posterior file",
  help: [
    "usage: policy-posterior sample --data FILE --out FILE [--perturbation NAME] [--split train] [--engine nuts|hmc|svi] [options]",
    "",
    "Loads the (perturbed observation, action) pairs of one perturbation and split of a data set",
    "written by 'generate', fits the Bayesian policy posterior (the clean state is marginalised",
    "under Gaussian observation noise of std --noise-std) and writes one HDF5 file (readable by",
    "h5py) with the draws, summary, diagnostics, configuration, state model, the nominal baseline's",
    "weights and a provenance record; a JSON summary goes beside it (or to stdout with --json).",
    "The policy family follows the data set: linear-softmax for discrete actions, linear-gaussian",
    "for continuous ones. Features are standardised with the training observations' mean and sd",
    "unless --no-standardize. --perturbation defaults to the data set's first perturbation seen",
    "in training; --noise-std defaults to its std when it is Gaussian (0 for clean, else 0.3).",
    "",
    "example:",
    "  policy-posterior sample --data data.h5 --perturbation gaussian --engine nuts --num-samples 1000 \\",
    "    --out posterior.h5 --provenance-log provenance.jsonl",
  ].join("\n"),
  options: [
    { name: "data", type: "string", valueName: "FILE", description: "HDF5 data set (from generate)" },
    {
      name: "perturbation",
      type: "string",
      valueName: "NAME",
      description: "perturbation name in the data set, or clean",
    },
    { name: "split", type: "string", valueName: "train|heldout|all", description: "episodes to fit", default: "train" },
    { name: "engine", type: "string", valueName: "nuts|hmc|svi", description: "inference engine", default: "nuts" },
    {
      name: "num-samples",
      type: "integer",
      valueName: "N",
      description: "draws per chain (or from the SVI guide)",
      default: 1000,
    },
    { name: "num-warmup", type: "integer", valueName: "N", description: "warm-up iterations per chain (default 500)" },
    { name: "num-chains", type: "integer", valueName: "N", description: "MCMC chains (default 4)" },
    {
      name: "hmc-steps",
      type: "integer",
      valueName: "N",
      description: "leapfrog steps per HMC transition, 10-100 (default 20)",
    },
    {
      name: "num-variational-samples",
      type: "integer",
      valueName: "N",
      description: "SVI: draws taken from the fitted guide, 50-500 (replaces --num-samples)",
    },
    { name: "lr", type: "number", valueName: "RATE", description: "SVI learning rate (default 0.01)" },
    { name: "svi-steps", type: "integer", valueName: "N", description: "SVI optimisation steps (default 2000)" },
    { name: "noise-std", type: "number", valueName: "STD", description: "observation noise std in [0, 1]" },
    {
      name: "prior-variance",
      type: "number",
      valueName: "V",
      description: "prior variance of each weight, in [0.1, 10]",
      default: 1,
    },
    {
      name: "hierarchy",
      type: "string",
      valueName: "none|episode",
      description: "per-episode weights around a mean",
      default: "none",
    },
    {
      name: "max-transitions",
      type: "integer",
      valueName: "N",
      description: "use at most N transitions (evenly spaced)",
    },
    { name: "no-standardize", type: "boolean", description: "do not standardise the features" },
    { name: "seed", type: "integer", valueName: "N", description: "seed of every random draw", default: 0 },
    { name: "out", type: "string", valueName: "FILE", description: "HDF5 posterior file to write" },
    { name: "provenance-log", type: "string", valueName: "FILE", description: "append a provenance record here" },
  ],
  run,
};
