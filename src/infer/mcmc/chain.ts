/**
 * One Markov chain: Stan-style warmup (step-size dual averaging inside a windowed mass-matrix
 * adaptation) followed by sampling with the adapted kernel. All randomness comes from the
 * chain's key: iteration i uses fold(key, i), so a chain is reproducible bit for bit.
 * @module
 */
import { type Key, fold, normal, split } from "../../random/index.js";
import { adaptationSchedule } from "./adaptation-schedule.js";
import { dualAveragingFinal, dualAveragingInit, dualAveragingUpdate } from "./dual-averaging.js";
import { HmcKernel } from "./hmc.js";
import { type Metric, denseMetric, diagonalMetric, momentumFromNormal, unitMetric } from "./metric.js";
import { NutsKernel, type TransitionStats } from "./nuts.js";
import { type PhasePoint, type PotentialFn, phasePoint } from "./potential.js";
import { findReasonableStepSize } from "./step-size-init.js";
import { UniformStream } from "./uniform-stream.js";
import { WelfordEstimator, regularizedCovariance } from "./welford.js";

export interface ChainOptions {
  numWarmup?: number;
  numSamples?: number;
  /** Keep every `thinning`-th draw (default 1). */
  thinning?: number;
  /** "nuts" (default) or "hmc" (static trajectory of `numSteps` leapfrog steps). */
  kernel?: "nuts" | "hmc";
  /** HMC only: leapfrog steps per transition. */
  numSteps?: number;
  maxTreeDepth?: number;
  maxDeltaEnergy?: number;
  /** Target mean acceptance statistic for step-size adaptation (default 0.8). */
  targetAccept?: number;
  /** Starting step size before the heuristic search (default 1). */
  stepSize?: number;
  adaptStepSize?: boolean;
  adaptMassMatrix?: boolean;
  /** Adapt a dense rather than diagonal inverse mass matrix (default false). */
  denseMass?: boolean;
  /** Initial inverse mass matrix (diagonal of length d, or dense d×d). */
  invMass?: Float64Array;
  /** Called after each iteration, e.g. for a progress bar. */
  onIteration?: (iteration: number, total: number, warmup: boolean, stats: TransitionStats) => void;
}

/** Per-draw statistics, one entry per kept draw. */
export interface SampleStats {
  acceptProb: Float64Array;
  stepSize: Float64Array;
  treeDepth: Int32Array;
  numSteps: Int32Array;
  diverging: Uint8Array;
  energy: Float64Array;
  potentialEnergy: Float64Array;
}

export interface ChainResult {
  /** Kept draws, row-major: numDraws × dim, in unconstrained space. */
  draws: Float64Array;
  numDraws: number;
  dim: number;
  stats: SampleStats;
  /** Statistics of the warmup iterations (for diagnosing adaptation). */
  warmupStats: SampleStats;
  stepSize: number;
  metric: Metric;
}

function emptyStats(n: number): SampleStats {
  return {
    acceptProb: new Float64Array(n),
    stepSize: new Float64Array(n),
    treeDepth: new Int32Array(n),
    numSteps: new Int32Array(n),
    diverging: new Uint8Array(n),
    energy: new Float64Array(n),
    potentialEnergy: new Float64Array(n),
  };
}

function storeStats(s: SampleStats, i: number, t: TransitionStats): void {
  s.acceptProb[i] = t.acceptProb;
  s.stepSize[i] = t.stepSize;
  s.treeDepth[i] = t.treeDepth;
  s.numSteps[i] = t.numSteps;
  s.diverging[i] = t.diverging ? 1 : 0;
  s.energy[i] = t.energy;
  s.potentialEnergy[i] = t.potentialEnergy;
}

function checkCount(name: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min) throw new Error(`MCMC: ${name} must be an integer >= ${min}, got ${v}`);
}

/**
 * Run one chain from `initialPosition` (unconstrained). Throws if the potential or its
 * gradient is not finite at the initial position.
 */
export function runChain(
  potential: PotentialFn,
  initialPosition: Float64Array,
  chainKey: Key,
  options: ChainOptions = {},
): ChainResult {
  const {
    numWarmup = 1000,
    numSamples = 1000,
    thinning = 1,
    kernel: kernelName = "nuts",
    targetAccept = 0.8,
    adaptStepSize = true,
    adaptMassMatrix = true,
    denseMass = false,
  } = options;
  checkCount("numWarmup", numWarmup, 0);
  checkCount("numSamples", numSamples, 0);
  checkCount("thinning", thinning, 1);
  if (!(targetAccept > 0 && targetAccept < 1))
    throw new Error(`MCMC: targetAccept must be in (0, 1), got ${targetAccept}`);
  const dim = initialPosition.length;
  let metric: Metric = unitMetric(dim, denseMass ? "dense" : "diagonal");
  if (options.invMass !== undefined)
    metric = denseMass ? denseMetric(options.invMass.slice(), dim) : diagonalMetric(options.invMass.slice());

  const z: PhasePoint = phasePoint(dim);
  z.q.set(initialPosition);
  z.potential = potential(z.q, z.grad);
  if (!Number.isFinite(z.potential))
    throw new Error(
      `MCMC: the potential energy at the initial position is ${z.potential}; choose another initial position`,
    );
  for (let i = 0; i < dim; i++)
    if (!Number.isFinite(z.grad[i]!))
      throw new Error(`MCMC: the gradient at the initial position is ${z.grad[i]} at coordinate ${i}`);

  const nuts = kernelName === "nuts" ? new NutsKernel(potential, metric, options) : null;
  const hmc = kernelName === "hmc" ? new HmcKernel(potential, metric, options) : null;
  if (nuts === null && hmc === null) throw new Error(`MCMC: kernel must be "nuts" or "hmc", got ${String(kernelName)}`);
  const setMetric = (m: Metric) => {
    metric = m;
    if (nuts) nuts.metric = m;
    if (hmc) hmc.metric = m;
  };
  const normals = new Float64Array(dim);
  const [initKey, iterKey] = split(chainKey);
  let stepSizeSearches = 0;
  const searchStepSize = (eps: number) =>
    findReasonableStepSize(z, eps, potential, metric, (out) => {
      out.set(normal(fold(initKey!, stepSizeSearches++), [dim]).data);
    });

  let stepSize = options.stepSize ?? 1;
  if (!(stepSize > 0)) throw new Error(`MCMC: stepSize must be > 0, got ${stepSize}`);
  if (adaptStepSize && numWarmup > 0) stepSize = searchStepSize(stepSize);
  let da = dualAveragingInit(stepSize);
  const schedule = adaptationSchedule(numWarmup);
  const estimator = new WelfordEstimator(dim, denseMass);
  let windowIndex = 0;

  const total = numWarmup + numSamples * thinning;
  const warmupStats = emptyStats(numWarmup);
  const stats = emptyStats(numSamples);
  const draws = new Float64Array(numSamples * dim);
  for (let it = 0; it < total; it++) {
    const warmup = it < numWarmup;
    const [momentumKey, uniformKey] = split(fold(iterKey!, it));
    normals.set(normal(momentumKey!, [dim]).data);
    momentumFromNormal(metric, normals, z.p);
    const rng = new UniformStream(uniformKey!);
    const t = nuts ? nuts.transition(z, stepSize, rng) : hmc!.transition(z, stepSize, rng);
    options.onIteration?.(it, total, warmup, t);
    if (warmup) {
      storeStats(warmupStats, it, t);
      if (adaptStepSize) {
        da = dualAveragingUpdate(da, t.acceptProb, { targetAccept });
        stepSize = Math.exp(da.logStepSize);
      }
      const w = schedule.windows[windowIndex];
      if (adaptMassMatrix && w !== undefined && it >= w.start && it < w.end) {
        estimator.add(z.q);
        if (it === w.end - 1) {
          const cov = regularizedCovariance(estimator);
          setMetric(denseMass ? denseMetric(cov, dim) : diagonalMetric(cov));
          estimator.reset();
          windowIndex++;
          // A new metric changes the scale of good step sizes: search again and restart the
          // dual averaging around the new value, as Stan does after each window.
          if (adaptStepSize) {
            stepSize = searchStepSize(stepSize);
            da = dualAveragingInit(stepSize);
          }
        }
      }
      if (it === numWarmup - 1 && adaptStepSize) stepSize = dualAveragingFinal(da);
    } else {
      const k = it - numWarmup;
      if (k % thinning === 0) {
        const j = k / thinning;
        draws.set(z.q, j * dim);
        storeStats(stats, j, t);
      }
    }
  }
  return { draws, numDraws: numSamples, dim, stats, warmupStats, stepSize, metric };
}
