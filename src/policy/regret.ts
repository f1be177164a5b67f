/**
 * Regret measured in the environment. Every method plays the same episodes (the same reset and
 * perturbation keys: common random numbers, so differences are not drowned by episode-to-episode
 * variation) while its observations pass through a perturbation; the oracle plays the true policy
 * on clean observations. Regret = oracle mean return − method mean return.
 * @module
 */
import type { Policy } from "../envs/policy.js";
import type { DifferentiablePolicy } from "../envs/policy.js";
import { rollout } from "../envs/rollout.js";
import type { Perturbation } from "../perturb/perturbation.js";
import type { Key } from "../random/index.js";
import { Tensor } from "../tensor/tensor.js";

/** A named perturbation of what the agent sees (e.g. the held-out Gaussian noise, an unseen attack). */
export interface PerturbationSet {
  readonly name: string;
  readonly perturbation: Perturbation;
}

/** A named policy acting on perturbed observations. */
export interface NamedPolicy {
  readonly name: string;
  readonly policy: Policy;
}

/** Options of {@link evaluateRegret}. */
export interface RegretOptions {
  readonly envId: string;
  /** The true behaviour policy: the oracle, and the target of adversarial perturbations. */
  readonly truePolicy: DifferentiablePolicy;
  readonly methods: readonly NamedPolicy[];
  readonly perturbations: readonly PerturbationSet[];
  readonly numEpisodes: number;
  readonly key: Key;
  readonly maxSteps?: number;
  /** Called after each (perturbation set, method) evaluation. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** One row of the regret table (the report's `RegretRow` plus the regret's standard error). */
export interface RegretResult {
  readonly method: string;
  readonly perturbationSet: string;
  readonly meanReturn: number;
  readonly standardError: number;
  readonly regret: number;
  /** Standard error of the regret from the per-episode paired differences (common random numbers). */
  readonly regretStandardError: number;
  readonly returns: number[];
}

/** Mean and standard error (sample sd / √n). */
function meanAndSe(x: ArrayLike<number>): { mean: number; se: number } {
  const n = x.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i]!;
  m /= n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (x[i]! - m) ** 2;
  return { mean: m, se: n > 1 ? Math.sqrt(v / (n - 1) / n) : 0 };
}

/** An observe hook applying `perturbation` to one observation at a time, with episode/step context. */
export function perturbedObservation(perturbation: Perturbation, policy: DifferentiablePolicy) {
  return (k: Key, clean: Float64Array, episode: number, step: number): Float64Array =>
    perturbation.apply(k, new Tensor(Float64Array.from(clean), [1, clean.length]), {
      episode: Int32Array.of(episode),
      step: Int32Array.of(step),
      policy,
    }).data;
}

/**
 * Mean returns of the oracle and of every method under every perturbation set, with regret.
 * The oracle's row (regret 0) is repeated per perturbation set for the tables.
 */
export function evaluateRegret(options: RegretOptions): RegretResult[] {
  const { envId, truePolicy, methods, perturbations, numEpisodes, key: k, maxSteps } = options;
  if (!Number.isInteger(numEpisodes) || numEpisodes < 1)
    throw new RangeError(`regret: numEpisodes must be a positive integer, got ${numEpisodes}`);
  if (methods.length === 0) throw new RangeError("regret: methods must not be empty");
  const total = 1 + perturbations.length * methods.length;
  let done = 0;
  // The same key for everyone: identical initial states and action noise streams per episode.
  const oracle = rollout(envId, truePolicy, k, { numEpisodes, maxSteps }).episodeReturns;
  options.onProgress?.(++done, total);
  const o = meanAndSe(oracle);
  const rows: RegretResult[] = [];
  perturbations.forEach((set) => {
    rows.push({
      method: "oracle",
      perturbationSet: set.name,
      meanReturn: o.mean,
      standardError: o.se,
      regret: 0,
      regretStandardError: 0,
      returns: Array.from(oracle),
    });
    for (const m of methods) {
      const returns = rollout(envId, m.policy, k, {
        numEpisodes,
        maxSteps,
        observe: perturbedObservation(set.perturbation, truePolicy),
      }).episodeReturns;
      options.onProgress?.(++done, total);
      const r = meanAndSe(returns);
      const diff = meanAndSe(Float64Array.from(returns, (v, i) => oracle[i]! - v));
      rows.push({
        method: m.name,
        perturbationSet: set.name,
        meanReturn: r.mean,
        standardError: r.se,
        regret: o.mean - r.mean,
        regretStandardError: diff.se,
        returns: Array.from(returns),
      });
    }
  });
  return rows;
}
