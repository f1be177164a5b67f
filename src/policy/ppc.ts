/**
 * Posterior predictive checks (Gelman, Meng & Stern 1996; Gelman et al., BDA3 §6.3): simulate
 * trajectories in the environment from posterior draws of the policy — each episode with its own
 * draw, acting on the clean state as the model says the agent does — perturb the simulated
 * states with the same perturbation as the real data, and compare summaries of the replicated
 * and the held-out real trajectories by two-sample Kolmogorov–Smirnov tests and Wasserstein-1
 * distances: episode returns, per-episode action frequencies (discrete) or mean actions
 * (continuous), per-episode means of every observed state dimension, and the pooled marginals of
 * every observed state dimension.
 * @module
 */
import type { DifferentiablePolicy } from "../envs/policy.js";
import { type Trajectories, rollout } from "../envs/rollout.js";
import { ks2samp, wasserstein1 } from "../metrics/index.js";
import type { PerturbedDataset, TransitionBatch } from "../perturb/dataset/read.js";
import type { Perturbation } from "../perturb/perturbation.js";
import { type Key, fold, split } from "../random/index.js";
import { Tensor } from "../tensor/tensor.js";
import { weightsPolicy } from "./acting.js";
import type { ResolvedConfig } from "./config.js";
import type { WeightDraws } from "./predictive.js";

/** The real trajectories to check against. */
export interface ObservedTrajectories {
  /** Return of each real episode. */
  readonly episodeReturns: ArrayLike<number>;
  /** Actions of all real transitions — `[N]` indices (discrete) or `[N · A]` (continuous) — with their episode index. */
  readonly actions: ArrayLike<number>;
  readonly episode: ArrayLike<number>;
  /** The observed (perturbed) states `[N · D]`. */
  readonly observations: ArrayLike<number>;
}

/**
 * The held-out episodes of a data set as the trajectories to check against: their returns, and
 * the actions, episode indices and observations of `heldOut` (one perturbation's held-out rows).
 */
export function heldOutTrajectories(ds: PerturbedDataset, heldOut: TransitionBatch): ObservedTrajectories {
  return {
    episodeReturns: Array.from(ds.splits.heldOutEpisodes, (e) => ds.episodes.returns[e]!),
    actions: heldOut.actions,
    episode: heldOut.episode,
    observations: heldOut.observations,
  };
}

/** One compared quantity (the report's `PpcItem`). */
export interface PpcResult {
  readonly quantity: string;
  readonly observed: number[];
  readonly simulated: number[];
  readonly ksStatistic: number;
  readonly ksPValue: number;
  readonly wasserstein1: number;
}

/** Options of {@link posteriorPredictiveCheck}. */
export interface PpcOptions {
  readonly envId: string;
  readonly config: ResolvedConfig;
  readonly stateDim: number;
  /** Posterior weight draws (episode e uses draw e mod numDraws). */
  readonly weights: WeightDraws;
  readonly observed: ObservedTrajectories;
  /** The perturbation the real observations went through (none: compare clean states). */
  readonly perturbation?: Perturbation;
  /** Target of an adversarial perturbation (the true policy when known, else a posterior draw). */
  readonly attackedPolicy?: DifferentiablePolicy;
  readonly numEpisodes: number;
  readonly key: Key;
  readonly maxSteps?: number;
  /** Cap on state rows used per side for the state-marginal tests (default 5000, evenly thinned). */
  readonly maxStateRows?: number;
}

function compare(quantity: string, observed: number[], simulated: number[]): PpcResult {
  const ks = ks2samp(observed, simulated);
  return {
    quantity,
    observed,
    simulated,
    ksStatistic: ks.statistic,
    ksPValue: ks.pvalue,
    wasserstein1: wasserstein1(observed, simulated),
  };
}

/** Per-episode frequency of `action` among an episode's transitions. */
function actionFrequencies(actions: ArrayLike<number>, episode: ArrayLike<number>, action: number): number[] {
  const counts = new Map<number, [number, number]>();
  for (let i = 0; i < actions.length; i++) {
    const c = counts.get(episode[i]!) ?? [0, 0];
    c[0]++;
    if (actions[i] === action) c[1]++;
    counts.set(episode[i]!, c);
  }
  return [...counts.values()].map(([n, k]) => k / n);
}

/** Per-episode mean of column `j` of `[N · D]` rows. */
function episodeMeans(x: ArrayLike<number>, d: number, j: number, episode: ArrayLike<number>): number[] {
  const acc = new Map<number, [number, number]>();
  for (let i = 0; i < episode.length; i++) {
    const a = acc.get(episode[i]!) ?? [0, 0];
    a[0]++;
    a[1] += x[i * d + j]!;
    acc.set(episode[i]!, a);
  }
  return [...acc.values()].map(([n, sum]) => sum / n);
}

/** Column `j` of `[N · D]` rows, thinned evenly to at most `cap` values. */
function column(x: ArrayLike<number>, d: number, j: number, cap: number): number[] {
  const n = x.length / d;
  const m = Math.min(n, cap);
  return Array.from({ length: m }, (_, t) => x[Math.floor((t * n) / m) * d + j]!);
}

/** Replicate trajectories from the posterior and compare them with the observed ones. */
export function posteriorPredictiveCheck(options: PpcOptions): PpcResult[] {
  const { envId, config, stateDim: d, weights, observed, numEpisodes, maxSteps } = options;
  if (!Number.isInteger(numEpisodes) || numEpisodes < 2)
    throw new RangeError(`posteriorPredictiveCheck: numEpisodes must be an integer >= 2, got ${numEpisodes}`);
  const [rollKey, pertKey] = split(options.key);
  const returns: number[] = [];
  const actions: number[] = [];
  const episode: number[] = [];
  const states: number[] = [];
  for (let e = 0; e < numEpisodes; e++) {
    const policy = weightsPolicy(config, weights, e % weights.numDraws, d);
    const t: Trajectories = rollout(envId, policy, fold(rollKey!, e), { numEpisodes: 1, maxSteps });
    returns.push(t.episodeReturns[0]!);
    for (const v of t.actions) actions.push(v);
    for (let i = 0; i < t.numTransitions; i++) episode.push(e);
    let seen = t.states;
    if (options.perturbation)
      seen = options.perturbation.apply(fold(pertKey!, e), new Tensor(t.states, [t.numTransitions, d]), {
        episode: new Int32Array(t.numTransitions).fill(e),
        step: t.step,
        policy: options.attackedPolicy,
      }).data;
    for (const v of seen) states.push(v);
  }
  const cap = options.maxStateRows ?? 5000;
  const results: PpcResult[] = [compare("episode return", Array.from(observed.episodeReturns), returns)];
  if (config.family === "linear-softmax")
    for (let a = 0; a < config.numActions; a++)
      results.push(
        compare(
          `action ${a} frequency`,
          actionFrequencies(observed.actions, observed.episode, a),
          actionFrequencies(actions, episode, a),
        ),
      );
  else
    for (let a = 0; a < config.actionDim; a++)
      results.push(
        compare(
          `action[${a}] episode mean`,
          episodeMeans(observed.actions, config.actionDim, a, observed.episode),
          episodeMeans(actions, config.actionDim, a, episode),
        ),
      );
  // Episodes are the independent units: per-episode means give valid KS p-values. The pooled
  // marginals compare the whole state distributions, but rows of a trajectory are autocorrelated,
  // so their p-values overstate the evidence (read their W1 rather than their p-value).
  for (let j = 0; j < d; j++)
    results.push(
      compare(
        `state[${j}] episode mean`,
        episodeMeans(observed.observations, d, j, observed.episode),
        episodeMeans(states, d, j, episode),
      ),
    );
  for (let j = 0; j < d; j++)
    results.push(
      compare(`state[${j}] pooled rows`, column(observed.observations, d, j, cap), column(states, d, j, cap)),
    );
  return results;
}
