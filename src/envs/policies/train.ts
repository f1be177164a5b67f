/**
 * Policy search by the cross-entropy method over a flat parameter vector (Rubinstein & Kroese
 * 2004, "The Cross-Entropy Method"; applied to control with added noise by Szita & Lőrincz 2006,
 * "Learning Tetris Using the Noisy Cross-Entropy Method"): sample a population from a diagonal
 * Gaussian, score each candidate by its mean episode return, refit the Gaussian to the elite
 * fraction, and add extra variance so the search does not collapse before it has converged.
 * @module
 */
import { type Key, fold, normal, split } from "../../random/index.js";
import type { Env } from "../env.js";
import type { Policy } from "../policy.js";
import { evaluatePolicy, resolveEnv } from "../rollout.js";

/** One CEM iteration's summary. */
export interface CEMIteration {
  readonly iteration: number;
  /** Mean score of the population (return minus any L2 penalty). */
  readonly populationMean: number;
  /** Mean score of the elite. */
  readonly eliteMean: number;
  /** Best candidate's score. */
  readonly best: number;
  /** Mean return of the distribution's new mean, when `evaluateMeanEpisodes` > 0. */
  readonly meanReturn: number | undefined;
  /** Root-mean-square of the new per-coordinate standard deviations. */
  readonly rmsStd: number;
}

/** Options of {@link trainCEM}. */
export interface CEMOptions {
  /** Number of parameters (required unless `initialMean` is given). */
  readonly numParams?: number;
  /** Starting mean (default zeros). */
  readonly initialMean?: ArrayLike<number>;
  /** Starting standard deviation, one value or one per coordinate (> 0). */
  readonly initialStd: number | ArrayLike<number>;
  /** Candidates per iteration (≥ 2). */
  readonly populationSize: number;
  /** Fraction kept as elite, in (0, 1]; at least one candidate is kept. */
  readonly eliteFraction: number;
  readonly iterations: number;
  /** Episodes averaged per candidate score. */
  readonly episodesPerCandidate: number;
  /**
   * Extra standard deviation added (in quadrature) after each refit, Szita & Lőrincz's noise:
   * a number, or a function of the iteration (e.g. decreasing). Default 0.
   */
  readonly extraStd?: number | ((iteration: number) => number);
  /** Score = mean return − l2Penalty · ‖θ‖² (keeps weights moderate). Default 0. */
  readonly l2Penalty?: number;
  /** Cut episodes after this many steps (default: the environment's limit). */
  readonly maxSteps?: number;
  /**
   * Score every candidate of an iteration on the same episode keys (common random numbers,
   * which makes the ranking less noisy). Default true.
   */
  readonly commonRandomNumbers?: boolean;
  /** Episodes to evaluate the mean after each iteration (default 0: not evaluated). */
  readonly evaluateMeanEpisodes?: number;
  /** Stop early once the mean's evaluated return reaches this (needs `evaluateMeanEpisodes`). */
  readonly targetReturn?: number;
  readonly onIteration?: (record: CEMIteration) => void;
}

/** What {@link trainCEM} returns: the final mean parameters and the per-iteration history. */
export interface CEMResult {
  readonly params: Float64Array;
  /** The final per-coordinate standard deviations. */
  readonly std: Float64Array;
  readonly history: CEMIteration[];
}

function positiveInt(v: number, what: string, min = 1): void {
  if (!Number.isInteger(v) || v < min) throw new Error(`trainCEM: ${what} must be an integer >= ${min}, got ${v}`);
}

function initialVectors(options: CEMOptions): { mean: Float64Array; std: Float64Array } {
  const d = options.initialMean?.length ?? options.numParams;
  if (d === undefined) throw new Error("trainCEM: give numParams or initialMean");
  positiveInt(d, "numParams");
  if (options.numParams !== undefined && options.numParams !== d)
    throw new Error(`trainCEM: numParams ${options.numParams} disagrees with initialMean's length ${d}`);
  const mean = options.initialMean === undefined ? new Float64Array(d) : Float64Array.from(options.initialMean);
  mean.forEach((x, i) => {
    if (!Number.isFinite(x)) throw new Error(`trainCEM: initialMean[${i}] must be finite, got ${x}`);
  });
  const s = options.initialStd;
  const std = typeof s === "number" ? new Float64Array(d).fill(s) : Float64Array.from(s);
  if (std.length !== d) throw new Error(`trainCEM: initialStd must have ${d} values, got ${std.length}`);
  std.forEach((x, i) => {
    if (!(x > 0) || !Number.isFinite(x)) throw new Error(`trainCEM: initialStd[${i}] must be finite and > 0, got ${x}`);
  });
  return { mean, std };
}

function extraStdAt(extra: CEMOptions["extraStd"], iteration: number): number {
  const v = typeof extra === "function" ? extra(iteration) : (extra ?? 0);
  if (!(v >= 0) || !Number.isFinite(v))
    throw new Error(`trainCEM: extraStd must be finite and >= 0, got ${v} at iteration ${iteration}`);
  return v;
}

/**
 * Train a policy by the (noisy) cross-entropy method. `makePolicy` turns a flat parameter vector
 * into a policy. Keys: iteration i uses `fold(key, i)`, split into the population's draws, the
 * episodes' key (shared by all candidates with common random numbers, else folded per
 * candidate) and the mean's evaluation key. Deterministic given `key`.
 */
export function trainCEM(
  env: Env | string,
  makePolicy: (params: Float64Array) => Policy,
  key: Key,
  options: CEMOptions,
): CEMResult {
  const e = resolveEnv(env);
  const { populationSize, eliteFraction, iterations, episodesPerCandidate } = options;
  positiveInt(populationSize, "populationSize", 2);
  positiveInt(iterations, "iterations");
  positiveInt(episodesPerCandidate, "episodesPerCandidate");
  if (!(eliteFraction > 0 && eliteFraction <= 1))
    throw new Error(`trainCEM: eliteFraction must be in (0, 1], got ${eliteFraction}`);
  const l2 = options.l2Penalty ?? 0;
  if (!(l2 >= 0)) throw new Error(`trainCEM: l2Penalty must be >= 0, got ${l2}`);
  const evalEpisodes = options.evaluateMeanEpisodes ?? 0;
  if (!Number.isInteger(evalEpisodes) || evalEpisodes < 0)
    throw new Error(`trainCEM: evaluateMeanEpisodes must be an integer >= 0, got ${evalEpisodes}`);
  const crn = options.commonRandomNumbers ?? true;
  const numElite = Math.max(1, Math.round(eliteFraction * populationSize));
  let { mean, std } = initialVectors(options);
  const d = mean.length;
  const history: CEMIteration[] = [];
  const evalOpts = options.maxSteps === undefined ? {} : { maxSteps: options.maxSteps };

  for (let it = 0; it < iterations; it++) {
    const [drawKey, episodeKey, meanKey] = split(fold(key, it), 3) as [Key, Key, Key];
    const eps = normal(drawKey, [populationSize, d]).data;
    const candidates: Float64Array[] = [];
    const scores = new Float64Array(populationSize);
    for (let c = 0; c < populationSize; c++) {
      const theta = new Float64Array(d);
      let sq = 0;
      for (let j = 0; j < d; j++) {
        theta[j] = mean[j]! + std[j]! * eps[c * d + j]!;
        sq += theta[j]! * theta[j]!;
      }
      const k = crn ? episodeKey : fold(episodeKey, c);
      const ret = evaluatePolicy(e, makePolicy(theta), k, episodesPerCandidate, evalOpts).mean;
      candidates.push(theta);
      scores[c] = ret - l2 * sq;
    }
    // Elite: the highest scores (ties broken by candidate index, so the order is deterministic).
    const order = Array.from({ length: populationSize }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
    const elite = order.slice(0, numElite);
    const newMean = new Float64Array(d);
    for (const c of elite) for (let j = 0; j < d; j++) newMean[j]! += candidates[c]![j]! / numElite;
    const extra = extraStdAt(options.extraStd, it);
    const newStd = new Float64Array(d);
    for (let j = 0; j < d; j++) {
      let v = 0;
      for (const c of elite) v += (candidates[c]![j]! - newMean[j]!) ** 2;
      newStd[j] = Math.sqrt(v / numElite + extra * extra);
    }
    mean = newMean;
    std = newStd;
    let populationMean = 0;
    for (const s of scores) populationMean += s / populationSize;
    let eliteMean = 0;
    for (const c of elite) eliteMean += scores[c]! / numElite;
    const meanReturn =
      evalEpisodes > 0 ? evaluatePolicy(e, makePolicy(mean), meanKey, evalEpisodes, evalOpts).mean : undefined;
    let rms = 0;
    for (const s of std) rms += (s * s) / d;
    const record: CEMIteration = {
      iteration: it,
      populationMean,
      eliteMean,
      best: scores[order[0]!]!,
      meanReturn,
      rmsStd: Math.sqrt(rms),
    };
    history.push(record);
    options.onIteration?.(record);
    if (options.targetReturn !== undefined && meanReturn !== undefined && meanReturn >= options.targetReturn) break;
  }
  return { params: mean, std, history };
}
