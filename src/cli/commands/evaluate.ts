/**
 * `policy-posterior evaluate`: regret in the environment (oracle, nominal, Bayesian) under the
 * data set's perturbations, and posterior predictive checks against its held-out episodes, from
 * a posterior file and the data set it was fitted to. Writes the JSON that `report --regret` and
 * `report --ppc` read.
 * @module
 */
import { writeFileAtomic } from "../../io/atomic-file.js";
import { resolveBehaviourPolicy } from "../../perturb/dataset/policy.js";
import type { PerturbedDataset } from "../../perturb/dataset/read.js";
import { makePerturbation } from "../../perturb/registry.js";
import { posteriorPolicy, weightsPolicy } from "../../policy/acting.js";
import { nominalWeightDraws } from "../../policy/posterior-file.js";
import { heldOutTrajectories, posteriorPredictiveCheck } from "../../policy/ppc.js";
import { weightDraws } from "../../policy/predictive.js";
import { type NamedPolicy, evaluateRegret } from "../../policy/regret.js";
import { fold, key } from "../../random/index.js";
import { UsageError } from "../args.js";
import type { Command, CommandContext, CommandResult } from "../command.js";
import {
  fmt,
  noPositionals,
  openDataset,
  openPosterior,
  outputPath,
  requireString,
  selectTransitions,
} from "./policy-common.js";

/** The perturbations of a data set as the perturbation sets regret is measured under. */
function perturbationSets(ds: PerturbedDataset, names: readonly string[]) {
  return names.map((name) => {
    const p = ds.perturbations[name];
    if (p === undefined)
      throw new UsageError(
        `--perturbation ${JSON.stringify(name)} is not in the data set; valid: ${Object.keys(ds.perturbations).join(", ")}`,
      );
    return {
      name: p.unseen ? `${name} (unseen)` : `${name} (held-out)`,
      perturbation: makePerturbation(p.type, p.params),
    };
  });
}

async function run(ctx: CommandContext): Promise<CommandResult> {
  const o = ctx.args.options;
  noPositionals(ctx);
  const posteriorArg = requireString(ctx, "posterior", "FILE (from sample)");
  const dataArg = requireString(ctx, "data", "FILE (the HDF5 data set)");
  const regretOut = typeof o["regret-out"] === "string" ? outputPath(ctx, "regret-out", o["regret-out"]) : undefined;
  const ppcOut = typeof o["ppc-out"] === "string" ? outputPath(ctx, "ppc-out", o["ppc-out"]) : undefined;
  const episodes = o.episodes as number;
  if (!Number.isInteger(episodes) || episodes < 2 || episodes > 100_000)
    throw new UsageError(`--episodes must be an integer in [2, 100000], got ${episodes}`);
  const seed = o.seed as number;
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed must be a non-negative integer, got ${seed}`);
  const posterior = await openPosterior(ctx, "posterior", posteriorArg);
  const ds = await openDataset(ctx, "data", dataArg);
  if (ds.obsDim !== posterior.stateDim)
    throw new UsageError(
      `--data ${ds.path}: ${ds.obsDim}-dimensional states; the posterior was fitted on ${posterior.stateDim}`,
    );
  const requested = (o.perturbation as string[] | undefined) ?? Object.keys(ds.perturbations);
  const sets = perturbationSets(ds, requested);
  const truePolicy = resolveBehaviourPolicy(ds.config.policy, ds.envId);
  const config = posterior.config;
  const d = posterior.stateDim;
  const wd = weightDraws(posterior.draws, config, d, fold(key(seed), 1), { maxDraws: 100 });
  const methods: NamedPolicy[] = [{ name: "Bayesian", policy: posteriorPolicy(config, wd, d) }];
  if (posterior.nominal !== undefined)
    methods.unshift({ name: "nominal", policy: weightsPolicy(config, nominalWeightDraws(posterior.nominal), 0, d) });
  ctx.progress.start("regret episodes", 1 + sets.length * methods.length);
  const regret = evaluateRegret({
    envId: ds.envId,
    truePolicy,
    methods,
    perturbations: sets,
    numEpisodes: episodes,
    key: fold(key(seed), 2),
    onProgress: (done) => ctx.progress.update(done),
  });
  ctx.progress.finish();
  // Predictive checks against the held-out episodes of the perturbation the posterior was fitted on.
  const trainedOn = posterior.source?.["perturbation"];
  const ppcName = typeof trainedOn === "string" ? trainedOn : requested[0]!;
  const heldOut = selectTransitions(ds, "data", ppcName, "heldout");
  const pert = ds.perturbations[ppcName];
  ctx.progress.milestone(
    `posterior predictive checks against ${ds.splits.heldOutEpisodes.length} held-out episodes (${ppcName})`,
  );
  const ppc = posteriorPredictiveCheck({
    envId: ds.envId,
    config,
    stateDim: d,
    weights: wd,
    observed: heldOutTrajectories(ds, heldOut),
    perturbation: pert ? makePerturbation(pert.type, pert.params) : undefined,
    attackedPolicy: truePolicy,
    numEpisodes: Math.max(2, episodes),
    key: fold(key(seed), 3),
  });
  const regretRows = regret.map(({ returns: _r, regretStandardError: _s, ...row }) => row);
  const encode = (v: unknown) => new TextEncoder().encode(JSON.stringify(v, null, 2));
  if (regretOut) await writeFileAtomic(regretOut, encode(regretRows));
  if (ppcOut) await writeFileAtomic(ppcOut, encode(ppc));
  const lines = [`regret in ${ds.envId} over ${episodes} paired episodes per method and set (oracle − method):`];
  for (const r of regret)
    lines.push(
      `  ${r.perturbationSet.padEnd(24)} ${r.method.padEnd(9)} return ${fmt(r.meanReturn)} ± ${fmt(r.standardError)}   regret ${fmt(r.regret)} ± ${fmt(r.regretStandardError)}`,
    );
  lines.push(`posterior predictive checks (${ppcName}, held-out episodes):`);
  for (const p of ppc)
    lines.push(
      `  ${p.quantity.padEnd(24)} KS ${fmt(p.ksStatistic)} (p = ${fmt(p.ksPValue)})  W1 ${fmt(p.wasserstein1)}`,
    );
  if (regretOut) lines.push(`wrote ${regretOut}`);
  if (ppcOut) lines.push(`wrote ${ppcOut}`);
  return { data: { regret, ppc }, text: lines.join("\n") };
}

/** The `evaluate` command. */
export const evaluateCommand: Command = {
  name: "evaluate",
  summary: "regret (oracle, nominal, Bayesian) in the environment and posterior predictive checks",
  help: [
    "Usage: policy-posterior evaluate --posterior FILE --data FILE [--perturbation NAME ...] [--episodes N]",
    "                                 [--regret-out FILE] [--ppc-out FILE]",
    "",
    "Plays the data set's behaviour policy on clean observations (the oracle), the posterior file's",
    "nominal policy and the Bayesian policy (the posterior over the weights) on observations",
    "perturbed by each of the data set's perturbations (or those named), on the same episodes, and",
    "simulates trajectories from posterior draws for predictive checks against the held-out episodes.",
    "The JSON files are what `report --regret` and `report --ppc` read.",
  ].join("\n"),
  options: [
    { name: "posterior", type: "string", valueName: "FILE", description: "HDF5 posterior file (from sample)" },
    { name: "data", type: "string", valueName: "FILE", description: "the HDF5 data set it was fitted to" },
    {
      name: "perturbation",
      type: "string",
      valueName: "NAME",
      description: "perturbation set(s) to measure regret under (default: all in the data set)",
      multiple: true,
    },
    { name: "episodes", type: "integer", valueName: "N", description: "episodes per method and set", default: 20 },
    { name: "seed", type: "integer", valueName: "N", description: "seed of episodes and draws", default: 0 },
    { name: "regret-out", type: "string", valueName: "FILE", description: "write the regret rows (JSON)" },
    { name: "ppc-out", type: "string", valueName: "FILE", description: "write the predictive checks (JSON)" },
  ],
  run,
};
