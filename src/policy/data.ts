/**
 * Input checking and the preparation of model arguments: from (observation, action) pairs and a
 * configuration to the plain-data {@link PolicyModelArgs} the model runs on.
 * @module
 */
import { normal } from "../random/index.js";
import type { Key } from "../random/index.js";
import type { Perturbation } from "../perturb/perturbation.js";
import { Tensor } from "../tensor/tensor.js";
import type { ResolvedConfig } from "./config.js";
import { type Cubature, gaussHermiteProduct } from "./cubature.js";
import {
  applyFeatures,
  featureDim,
  isAffine,
  standardization,
  standardizeScaleTril,
  standardizeStates,
} from "./features.js";
import type { PolicyModelArgs, StateMode } from "./model.js";
import {
  type GaussianStatePrior,
  type StateConditional,
  choleskyOrNull,
  empiricalStatePrior,
  gaussianStateConditional,
  noiseFree,
  noiseVariances,
  sampleMoments,
} from "./state-prior.js";

/** A 2-D array-like input: nested rows or a flat array with an explicit width. */
export type Matrix = Tensor | ReadonlyArray<ArrayLike<number>>;

/** The checked data of one fit. */
export interface PolicyData {
  readonly n: number;
  readonly stateDim: number;
  /** `[n, stateDim]` row-major. */
  readonly observations: Float64Array;
  /** Discrete: indices `[n]`; continuous: `[n, actionDim]`. */
  readonly actions: Float64Array;
  /** Group index per transition (0-based, dense) when a hierarchy is used. */
  readonly groups?: Int32Array;
  readonly numGroups: number;
}

/** Flatten a matrix input to `[rows, cols]`, naming `field` in errors. */
export function toMatrix(field: string, x: Matrix): { data: Float64Array; rows: number; cols: number } {
  if (x instanceof Tensor) {
    if (x.ndim !== 2) throw new RangeError(`${field}: expected a 2-D array [N, D], got shape [${x.shape.join(", ")}]`);
    return { data: x.data, rows: x.shape[0]!, cols: x.shape[1]! };
  }
  if (!Array.isArray(x) || x.length === 0) throw new RangeError(`${field}: expected a non-empty array of rows`);
  const cols = x[0]!.length;
  const data = new Float64Array(x.length * cols);
  x.forEach((row, i) => {
    if (row.length !== cols)
      throw new RangeError(
        `${field}: row ${i} has ${row.length} values but row 0 has ${cols}; rows must have equal length`,
      );
    for (let j = 0; j < cols; j++) data[i * cols + j] = row[j]!;
  });
  return { data, rows: x.length, cols };
}

function firstNonFinite(data: ArrayLike<number>): number {
  for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i]!)) return i;
  return -1;
}

/**
 * Check and normalise one fit's data: equal lengths, finite values, action indices in range
 * (discrete) or the right width (continuous), groups present iff a hierarchy is configured.
 */
export function checkPolicyData(
  config: ResolvedConfig,
  observations: Matrix,
  actions: ArrayLike<number> | Matrix,
  groups?: ArrayLike<number>,
): PolicyData {
  const obs = toMatrix("observations", observations);
  const bad = firstNonFinite(obs.data);
  if (bad >= 0)
    throw new RangeError(
      `observations: value at row ${Math.floor(bad / obs.cols)}, column ${bad % obs.cols} is ${obs.data[bad]}; observations must be finite`,
    );
  let act: Float64Array;
  if (config.family === "linear-softmax") {
    const a = actions as ArrayLike<number>;
    if (a instanceof Tensor || typeof a.length !== "number")
      throw new RangeError("actions: expected a 1-D array of action indices");
    act = Float64Array.from(a as ArrayLike<number>);
    if (act.length !== obs.rows)
      throw new RangeError(`actions: length ${act.length} does not match observations (${obs.rows} rows)`);
    act.forEach((v, i) => {
      if (!Number.isInteger(v) || v < 0 || v >= config.numActions)
        throw new RangeError(`actions: entry ${i} is ${v}; expected an integer in [0, ${config.numActions - 1}]`);
    });
  } else {
    const m =
      Array.isArray(actions) && typeof actions[0] === "number"
        ? {
            data: Float64Array.from(actions as ArrayLike<number>),
            rows: (actions as ArrayLike<number>).length,
            cols: 1,
          }
        : toMatrix("actions", actions as Matrix);
    if (m.rows !== obs.rows)
      throw new RangeError(`actions: ${m.rows} rows do not match observations (${obs.rows} rows)`);
    if (m.cols !== config.actionDim)
      throw new RangeError(`actions: ${m.cols} columns; expected actionDim = ${config.actionDim}`);
    const b = firstNonFinite(m.data);
    if (b >= 0)
      throw new RangeError(`actions: value at row ${Math.floor(b / m.cols)} is ${m.data[b]}; actions must be finite`);
    act = m.data;
  }
  let g: Int32Array | undefined;
  let numGroups = 0;
  if (config.hierarchy === "none" && groups !== undefined)
    throw new RangeError('groups: given, but hierarchy is "none"; set hierarchy to "episode" or "agent" to use them');
  if (config.hierarchy !== "none") {
    if (groups === undefined)
      throw new RangeError(
        `groups: hierarchy "${config.hierarchy}" needs a group (episode or agent) index per transition`,
      );
    if (groups.length !== obs.rows)
      throw new RangeError(`groups: length ${groups.length} does not match observations (${obs.rows} rows)`);
    // Dense 0-based relabelling, in order of first appearance.
    const ids = new Map<number, number>();
    g = new Int32Array(groups.length);
    for (let i = 0; i < groups.length; i++) {
      const v = groups[i]!;
      if (!Number.isInteger(v)) throw new RangeError(`groups: entry ${i} is ${v}; expected an integer label`);
      if (!ids.has(v)) ids.set(v, ids.size);
      g[i] = ids.get(v)!;
    }
    numGroups = ids.size;
  }
  if (obs.rows < 2) throw new RangeError(`observations: need at least 2 transitions, got ${obs.rows}`);
  return { n: obs.rows, stateDim: obs.cols, observations: obs.data, actions: act, groups: g, numGroups };
}

/** Everything the model arguments were built from that prediction needs again. */
export interface StateModel {
  readonly mode: StateMode;
  /** Noise variances per state dimension, when the observation model is Gaussian. */
  readonly noiseVar?: Float64Array;
  readonly prior?: GaussianStatePrior;
  /** The observation density, when it is not Gaussian. */
  readonly observationModel?: Perturbation;
}

/** The noise variances of an observation model when it is additive Gaussian, else undefined. */
export function gaussianNoiseOf(model: Perturbation, dim: number): Float64Array | undefined {
  if (model.type !== "gaussian") return undefined;
  const std = model.params["std"];
  if (typeof std === "number") return new Float64Array(dim).fill(std * std);
  if (Array.isArray(std) && std.length === dim) return Float64Array.from(std as number[], (s) => s * s);
  return undefined;
}

/** The state model for a data set: which mode, which prior. */
export function buildStateModel(config: ResolvedConfig, data: PolicyData, observationModel?: Perturbation): StateModel {
  const d = data.stateDim;
  const noiseVar = observationModel
    ? gaussianNoiseOf(observationModel, d)
    : noiseVariances(config.observationNoiseStd, d);
  if (observationModel && noiseVar === undefined) {
    if (observationModel.logProb === undefined)
      throw new RangeError(
        `observationModel: perturbation "${observationModel.type}" has no density (logProb); use one that does (e.g. gaussian, bounded-uniform, learned-flow)`,
      );
    if (config.marginalization === "quadrature" || config.marginalization === "joint")
      throw new RangeError(
        `marginalization: "${config.marginalization}" needs Gaussian observation noise; with observation model "${observationModel.type}" use "monte-carlo" or "auto"`,
      );
    // The prior is the observations' own spread: no deconvolution is available for a general density.
    const { mean, covariance } = sampleMoments(data.observations, data.n, d);
    if (choleskyOrNull(covariance, d) === null)
      throw new RangeError("observations: their covariance is singular (a constant or collinear state dimension)");
    return { mode: "monte-carlo", prior: { dim: d, mean, covariance, deconvolution: 0 }, observationModel };
  }
  if (noiseFree(noiseVar!)) return { mode: "known", noiseVar };
  const prior = empiricalStatePrior(data.observations, data.n, d, noiseVar!);
  const affine = isAffine(config.features);
  let mode: StateMode;
  switch (config.marginalization) {
    case "auto":
      mode = affine ? "quadrature" : "monte-carlo";
      break;
    case "quadrature":
      if (!affine)
        throw new RangeError(`marginalization: "quadrature" needs affine features, got "${config.features.name}"`);
      mode = "quadrature";
      break;
    default:
      mode = config.marginalization;
  }
  return { mode, noiseVar, prior };
}

/**
 * Cubature nodes for the C-dimensional Gaussian expectation of the softmax: Gauss–Hermite products
 * (16 points for C = 1, 10² for C = 2, 6³ for C = 3), else `fallbackDraws` fixed standard-normal
 * draws. Accuracy of the 16-point rule for one logit with sd s, worst |error| of log p over means
 * in [−6, 6] against fine-grid integration: 6e-9 (s = 1), 4e-5 (s = 2), 2e-3 (s = 3); the product
 * rules are weaker per dimension (test/policy/cubature.test.ts measures them). The softmax's
 * poles at ±iπ/s limit polynomial rules as s grows; with large logit uncertainty or many actions
 * use `"joint"`, which is exact.
 */
export function softmaxCubature(c: number, fallbackDraws: number, k: Key): Cubature {
  if (c === 1) return gaussHermiteProduct(16, 1);
  if (c === 2) return gaussHermiteProduct(10, 2);
  if (c === 3) return gaussHermiteProduct(6, 3);
  const nodes = normal(k, [fallbackDraws, c]).data;
  return {
    dim: c,
    numNodes: fallbackDraws,
    nodes,
    logWeights: new Float64Array(fallbackDraws).fill(-Math.log(fallbackDraws)),
  };
}

/**
 * Weighted clean-state draws for `observations` (`[n, d]`): `numDraws` per row from x | o
 * (Gaussian noise; equal weights) or from the state prior weighted by p(o | x) (any other density).
 */
export function stateDraws(
  state: StateModel,
  observations: Float64Array,
  n: number,
  d: number,
  numDraws: number,
  k: Key,
): { states: Float64Array; logWeights: Float64Array } {
  const z = normal(k, [n * numDraws, d]).data;
  const states = new Float64Array(n * numDraws * d);
  const logWeights = new Float64Array(n * numDraws).fill(-Math.log(numDraws));
  if (state.mode === "known") {
    for (let i = 0; i < n; i++)
      for (let s = 0; s < numDraws; s++) states.set(observations.subarray(i * d, (i + 1) * d), (i * numDraws + s) * d);
    return { states, logWeights };
  }
  if (state.observationModel === undefined) {
    const cond: StateConditional = gaussianStateConditional(state.prior!, state.noiseVar!, observations, n);
    fillAffine(states, z, cond.means, cond.scaleTril, n, numDraws, d, true);
    return { states, logWeights };
  }
  const l = choleskyOrNull(state.prior!.covariance, d)!;
  fillAffine(states, z, state.prior!.mean, l, n, numDraws, d, false);
  const repObs = new Float64Array(n * numDraws * d);
  for (let i = 0; i < n; i++)
    for (let s = 0; s < numDraws; s++) repObs.set(observations.subarray(i * d, (i + 1) * d), (i * numDraws + s) * d);
  const lp = state.observationModel.logProb!(
    new Tensor(repObs, [n * numDraws, d]),
    new Tensor(states, [n * numDraws, d]),
  );
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let s = 0; s < numDraws; s++) max = Math.max(max, lp.data[i * numDraws + s]!);
    if (!Number.isFinite(max))
      throw new RangeError(
        `observations: row ${i} has zero density under observation model "${state.observationModel.type}" for all ${numDraws} clean-state draws`,
      );
    let total = 0;
    for (let s = 0; s < numDraws; s++) total += Math.exp(lp.data[i * numDraws + s]! - max);
    const logZ = max + Math.log(total);
    for (let s = 0; s < numDraws; s++) logWeights[i * numDraws + s] = lp.data[i * numDraws + s]! - logZ;
  }
  return { states, logWeights };
}

/** states[(i·S + s)] = mean(i) + L z(i·S + s), mean per row or shared. */
function fillAffine(
  out: Float64Array,
  z: Float64Array,
  means: Float64Array,
  l: Float64Array,
  n: number,
  numDraws: number,
  d: number,
  perRow: boolean,
): void {
  for (let i = 0; i < n; i++)
    for (let s = 0; s < numDraws; s++) {
      const r = (i * numDraws + s) * d;
      for (let a = 0; a < d; a++) {
        let v = means[(perRow ? i * d : 0) + a]!;
        for (let b = 0; b <= a; b++) v += l[a * d + b]! * z[r + b]!;
        out[r + a] = v;
      }
    }
}

/** The model arguments for one fit. */
export function buildModelArgs(config: ResolvedConfig, data: PolicyData, state: StateModel, k: Key): PolicyModelArgs {
  const d = data.stateDim;
  const numOutputs = config.family === "linear-softmax" ? config.numActions - 1 : config.actionDim;
  const actions =
    config.family === "linear-softmax"
      ? new Tensor(data.actions, [data.n])
      : new Tensor(data.actions, [data.n, config.actionDim]);
  const base = {
    family: config.family,
    numOutputs,
    numFeatures: featureDim(config.features, d),
    stateDim: d,
    features: config.features,
    priorScale: Math.sqrt(config.policyPriorVariance),
    groupScalePrior: config.groupScalePrior,
    numGroups: data.numGroups,
    groups: data.groups ? new Tensor(Float64Array.from(data.groups), [data.n]) : undefined,
    actions,
    mode: state.mode,
  };
  const st = standardization(config.features, d);
  switch (state.mode) {
    case "known":
      return {
        ...base,
        stateFeatures: applyFeatures(
          config.features,
          new Tensor(standardizeStates(st, data.observations), [data.n, d]),
        ),
      };
    case "quadrature":
    case "joint": {
      const cond = gaussianStateConditional(state.prior!, state.noiseVar!, data.observations, data.n);
      const extra =
        state.mode === "quadrature" && config.family === "linear-softmax"
          ? cubatureArgs(softmaxCubature(numOutputs, config.numMarginalSamples, k))
          : {};
      const means = new Tensor(standardizeStates(st, cond.means), [data.n, d]);
      return {
        ...base,
        ...(state.mode === "quadrature" ? { stateFeatures: applyFeatures(config.features, means) } : {}),
        stateMeans: means,
        stateScaleTril: new Tensor(standardizeScaleTril(st, cond.scaleTril), [d, d]),
        ...extra,
      };
    }
    case "monte-carlo": {
      const s = config.numMarginalSamples;
      const draws = stateDraws(state, data.observations, data.n, d, s, k);
      return {
        ...base,
        stateFeatures: applyFeatures(config.features, new Tensor(standardizeStates(st, draws.states), [data.n * s, d])),
        logWeights: new Tensor(draws.logWeights, [data.n, s]),
      };
    }
  }
}

function cubatureArgs(c: Cubature): { nodes: Tensor; nodeLogWeights: Tensor } {
  return { nodes: new Tensor(c.nodes, [c.numNodes, c.dim]), nodeLogWeights: new Tensor(c.logWeights, [c.numNodes]) };
}
