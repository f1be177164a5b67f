/**
 * The posterior predictive of actions given new (perturbed) observations:
 * p(a | o) = ∫∫ π(a | φ(x), W) p(x | o) p(W | data) dx dW, averaged over posterior draws of W and
 * over the clean state x | o with the same cubature or weighted draws the model was fitted with.
 * Plain arrays throughout: prediction needs no gradients.
 * @module
 */
import { type Key, normal, split } from "../random/index.js";
import { Tensor } from "../tensor/tensor.js";
import type { ResolvedConfig } from "./config.js";
import { softmaxCubature, stateDraws, type StateModel } from "./data.js";
import type { EngineDraws } from "./engines.js";
import { applyFeatures, featureDim, standardization, standardizeStates } from "./features.js";
import { gaussianStateConditional, psdCholesky } from "./state-prior.js";

/** Policy weights per posterior draw, for one group or for a new one. */
export interface WeightDraws {
  readonly numDraws: number;
  readonly numFeatures: number;
  readonly numOutputs: number;
  /** `[M, F, C]`. */
  readonly weights: Float64Array;
  /** `[M, A]` (continuous policies). */
  readonly actionScale?: Float64Array;
}

/** Options of prediction. */
export interface PredictOptions {
  /** Key for thinning-free randomness: new-group weights and Monte Carlo state draws (default from the config seed). */
  key?: Key;
  /** Use the fitted weights of this group (hierarchical models); default: a new group drawn from the population. */
  group?: number;
  /** At most this many posterior draws (evenly thinned), default 200. */
  maxDraws?: number;
}

/**
 * Weight draws from a posterior: the `weights` site, or for a hierarchy either group `group`'s
 * weights or `loc + scale·z` with fresh z ~ N(0, I) (a new episode/agent from the population).
 */
export function weightDraws(
  draws: EngineDraws,
  config: ResolvedConfig,
  stateDim: number,
  k: Key,
  options: { group?: number; maxDraws?: number } = {},
): WeightDraws {
  const f = featureDim(config.features, stateDim);
  const c = config.family === "linear-softmax" ? config.numActions - 1 : config.actionDim;
  const total = draws.numChains * draws.numDraws;
  const m = Math.min(total, options.maxDraws ?? 200);
  const pick = Array.from({ length: m }, (_, j) => Math.floor((j * total) / m));
  const fc = f * c;
  const weights = new Float64Array(m * fc);
  const w = draws.sites["weights"]!;
  if (config.hierarchy === "none") pick.forEach((t, j) => weights.set(w.data.subarray(t * fc, (t + 1) * fc), j * fc));
  else if (options.group !== undefined) {
    const g = w.size / (total * fc);
    if (!Number.isInteger(options.group) || options.group < 0 || options.group >= g)
      throw new RangeError(`group: expected an integer in [0, ${g - 1}], got ${options.group}`);
    pick.forEach((t, j) =>
      weights.set(w.data.subarray((t * g + options.group!) * fc, (t * g + options.group! + 1) * fc), j * fc),
    );
  } else {
    const loc = draws.sites["weights_loc"]!.data;
    const spread = draws.sites["weights_scale"]!.data;
    const z = normal(k, [m, fc]).data;
    pick.forEach((t, j) => {
      for (let e = 0; e < fc; e++) weights[j * fc + e] = loc[t * fc + e]! + spread[t * fc + e]! * z[j * fc + e]!;
    });
  }
  let actionScale: Float64Array | undefined;
  if (config.family === "linear-gaussian") {
    const s = draws.sites["action_scale"]!.data;
    actionScale = new Float64Array(m * c);
    pick.forEach((t, j) => actionScale!.set(s.subarray(t * c, (t + 1) * c), j * c));
  }
  return { numDraws: m, numFeatures: f, numOutputs: c, weights, actionScale };
}

/** Numerically stable softmax of `[z_0, …, z_{C−1}, 0]` added into `out` with weight `w`. */
function addSoftmax(z: Float64Array, c: number, w: number, out: Float64Array, offset: number): void {
  let max = 0;
  for (let j = 0; j < c; j++) max = Math.max(max, z[j]!);
  let total = Math.exp(-max);
  for (let j = 0; j < c; j++) total += Math.exp(z[j]! - max);
  for (let j = 0; j < c; j++) out[offset + j] += (w * Math.exp(z[j]! - max)) / total;
  out[offset + c] += (w * Math.exp(-max)) / total;
}

/** Lower Cholesky factor of W_sᵀ Σ W_s (`[C, C]`) for one draw's weights `[F, C]` (first D rows = state rows). */
function projectedCovariance(w: Float64Array, off: number, c: number, d: number, sigma: Float64Array): Float64Array {
  const cov = new Float64Array(c * c);
  for (let a = 0; a < c; a++)
    for (let b = 0; b <= a; b++) {
      let v = 0;
      for (let i = 0; i < d; i++)
        for (let j = 0; j < d; j++) v += w[off + i * c + a]! * sigma[i * d + j]! * w[off + j * c + b]!;
      cov[a * c + b] = cov[b * c + a] = v;
    }
  return cov;
}

/** φ(rows) of raw states as plain numbers (no tape). */
function features(config: ResolvedConfig, states: Float64Array, rows: number, d: number): Float64Array {
  const st = standardization(config.features, d);
  return applyFeatures(config.features, new Tensor(standardizeStates(st, states), [rows, d])).data;
}

/** Cov[x | o] in standardised coordinates: diag(1/scale) Σ diag(1/scale). */
function standardizedCovariance(config: ResolvedConfig, sigma: Float64Array, d: number): Float64Array {
  const { scale } = standardization(config.features, d);
  return Float64Array.from(sigma, (v, i) => v / (scale[Math.floor(i / d)]! * scale[i % d]!));
}

/**
 * Posterior predictive action probabilities `[n, K]` for observations `[n, d]` (discrete policies).
 */
export function predictiveProbabilities(
  config: ResolvedConfig,
  state: StateModel,
  wd: WeightDraws,
  observations: Float64Array,
  n: number,
  d: number,
  k: Key,
): Float64Array {
  const c = wd.numOutputs;
  const kk = c + 1;
  const f = wd.numFeatures;
  const probs = new Float64Array(n * kk);
  const z = new Float64Array(c);
  const m = wd.numDraws;
  if (state.mode === "quadrature") {
    const cond = gaussianStateConditional(state.prior!, state.noiseVar!, observations, n);
    const sigma = standardizedCovariance(config, covarianceFromTril(cond.scaleTril, d), d);
    const phi = features(config, cond.means, n, d);
    const cub = softmaxCubature(c, config.numMarginalSamples, split(k)[0]!);
    for (let t = 0; t < m; t++) {
      const off = t * f * c;
      const l = psdCholesky(projectedCovariance(wd.weights, off, c, d, sigma), c);
      const offsets = new Float64Array(cub.numNodes * c);
      for (let s = 0; s < cub.numNodes; s++)
        for (let a = 0; a < c; a++) {
          let v = 0;
          for (let b = 0; b <= a; b++) v += l[a * c + b]! * cub.nodes[s * c + b]!;
          offsets[s * c + a] = v;
        }
      for (let i = 0; i < n; i++) {
        const mu = new Float64Array(c);
        for (let a = 0; a < c; a++) {
          let v = 0;
          for (let e = 0; e < f; e++) v += phi[i * f + e]! * wd.weights[off + e * c + a]!;
          mu[a] = v;
        }
        for (let s = 0; s < cub.numNodes; s++) {
          for (let a = 0; a < c; a++) z[a] = mu[a]! + offsets[s * c + a]!;
          addSoftmax(z, c, Math.exp(cub.logWeights[s]!) / m, probs, i * kk);
        }
      }
    }
    return probs;
  }
  const numS = state.mode === "known" ? 1 : config.numMarginalSamples;
  const draws = stateDraws(state, observations, n, d, numS, k);
  const phi = features(config, draws.states, n * numS, d);
  for (let t = 0; t < m; t++) {
    const off = t * f * c;
    for (let r = 0; r < n * numS; r++) {
      for (let a = 0; a < c; a++) {
        let v = 0;
        for (let e = 0; e < f; e++) v += phi[r * f + e]! * wd.weights[off + e * c + a]!;
        z[a] = v;
      }
      addSoftmax(z, c, Math.exp(draws.logWeights[r]!) / m, probs, Math.floor(r / numS) * kk);
    }
  }
  return probs;
}

function covarianceFromTril(l: Float64Array, d: number): Float64Array {
  const s = new Float64Array(d * d);
  for (let a = 0; a < d; a++)
    for (let b = 0; b < d; b++) {
      let v = 0;
      for (let k = 0; k < d; k++) v += l[a * d + k]! * l[b * d + k]!;
      s[a * d + b] = v;
    }
  return s;
}

/**
 * The posterior predictive of continuous actions as a Gaussian mixture per row and action
 * dimension: component j of row i has mean `means[(i·J + j)·A + a]`, sd `sds[(i·J + j)·A + a]`
 * and weight `exp(logWeights[i·J + j])`.
 */
export interface GaussianMixturePredictive {
  readonly n: number;
  readonly numComponents: number;
  readonly actionDim: number;
  readonly means: Float64Array;
  readonly sds: Float64Array;
  readonly logWeights: Float64Array;
}

/** Posterior predictive of continuous actions for observations `[n, d]` (marginals per action dimension). */
export function predictiveGaussianMixture(
  config: ResolvedConfig,
  state: StateModel,
  wd: WeightDraws,
  observations: Float64Array,
  n: number,
  d: number,
  k: Key,
): GaussianMixturePredictive {
  const a = wd.numOutputs;
  const f = wd.numFeatures;
  const m = wd.numDraws;
  const quadrature = state.mode === "quadrature";
  const numS = quadrature || state.mode === "known" ? 1 : config.numMarginalSamples;
  let phi: Float64Array;
  let logW: Float64Array;
  let sigma: Float64Array | undefined;
  if (quadrature) {
    const cond = gaussianStateConditional(state.prior!, state.noiseVar!, observations, n);
    sigma = standardizedCovariance(config, covarianceFromTril(cond.scaleTril, d), d);
    phi = features(config, cond.means, n, d);
    logW = new Float64Array(n);
  } else {
    const draws = stateDraws(state, observations, n, d, numS, k);
    phi = features(config, draws.states, n * numS, d);
    logW = draws.logWeights;
  }
  const j = m * numS;
  const means = new Float64Array(n * j * a);
  const sds = new Float64Array(n * j * a);
  const logWeights = new Float64Array(n * j);
  for (let t = 0; t < m; t++) {
    const off = t * f * a;
    const proj = sigma ? projectedCovariance(wd.weights, off, a, d, sigma) : undefined;
    for (let i = 0; i < n; i++)
      for (let s = 0; s < numS; s++) {
        const r = i * numS + s;
        const comp = i * j + t * numS + s;
        logWeights[comp] = logW[r]! - Math.log(m);
        for (let q = 0; q < a; q++) {
          let v = 0;
          for (let e = 0; e < f; e++) v += phi[r * f + e]! * wd.weights[off + e * a + q]!;
          means[comp * a + q] = v;
          const scale = wd.actionScale![t * a + q]!;
          sds[comp * a + q] = Math.sqrt(scale * scale + (proj ? proj[q * a + q]! : 0));
        }
      }
  }
  return { n, numComponents: j, actionDim: a, means, sds, logWeights };
}
