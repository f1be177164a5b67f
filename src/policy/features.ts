/**
 * Feature maps of the policy posterior, by name: the policy is linear in φ(state).
 * @module
 */
import { concat } from "../autodiff/index.js";
import { Tensor, ones } from "../tensor/tensor.js";
import { type FeatureMap, type FeatureMapJSON, featureMapFromJSON } from "../envs/policies/feature-maps.js";
import { FEATURE_NAMES, type FeatureSpec } from "./config.js";

/**
 * The standardisation of an affine feature map, `φ(x) = [(x − center) / scale, 1]`: the
 * `center` and `scale` params (length D each; default 0 and 1). Standardised features make one
 * prior scale sensible for every weight (as rstanarm's autoscaling does): CartPole's pole angle
 * varies by ~0.05 rad and its cart velocity by ~0.5 m/s.
 */
export interface Standardization {
  readonly center: Float64Array;
  readonly scale: Float64Array;
}

/** The standardisation in `spec` for D-dimensional states, validated. */
export function standardization(spec: FeatureSpec, d: number): Standardization {
  // Non-affine maps standardise inside themselves (their own params); states enter unchanged.
  const p = spec.name === "affine" ? (spec.params ?? {}) : {};
  const vec = (name: string, fallback: number): Float64Array => {
    const v = p[name];
    if (v === undefined) return new Float64Array(d).fill(fallback);
    if (!Array.isArray(v) || v.length !== d || !v.every((x) => typeof x === "number" && Number.isFinite(x)))
      throw new RangeError(
        `features.params.${name}: expected ${d} finite numbers (one per state dimension), got ${JSON.stringify(v)}`,
      );
    return Float64Array.from(v as number[]);
  };
  const scale = vec("scale", 1);
  scale.forEach((v, i) => {
    if (!(v > 0)) throw new RangeError(`features.params.scale[${i}]: must be > 0, got ${v}`);
  });
  return { center: vec("center", 0), scale };
}

/** States `[rows, D]` in standardised coordinates (a new array). */
export function standardizeStates(st: Standardization, x: Float64Array): Float64Array {
  const d = st.center.length;
  return Float64Array.from(x, (v, i) => (v - st.center[i % d]!) / st.scale[i % d]!);
}

/** A lower-triangular scale factor `[D, D]` of states mapped to standardised coordinates: diag(1/scale)·L. */
export function standardizeScaleTril(st: Standardization, l: Float64Array): Float64Array {
  const d = st.center.length;
  return Float64Array.from(l, (v, i) => v / st.scale[Math.floor(i / d)]!);
}

/** Names of the feature maps the policy posterior knows (those of `src/envs/policies/feature-maps.ts`). */
export const featureNames: readonly string[] = FEATURE_NAMES;

/** A non-affine feature map from the behaviour-policy library, by its JSON record. */
function namedMap(spec: FeatureSpec, stateDim: number): FeatureMap {
  if (!featureNames.includes(spec.name)) throw unknownFeatures(spec);
  const map = featureMapFromJSON({
    name: spec.name,
    params: { inputDim: stateDim, ...(spec.params ?? {}) },
  } as FeatureMapJSON);
  if (map.inputDim !== stateDim)
    throw new RangeError(
      `features: "${spec.name}" takes ${map.inputDim}-dimensional states, the data have ${stateDim}`,
    );
  return map;
}

/** Whether φ is affine in the state (`[state, 1]`): the case with an exact Gaussian marginal. */
export function isAffine(spec: FeatureSpec): boolean {
  return spec.name === "affine";
}

/** Number of features for a state of dimension `stateDim`. */
export function featureDim(spec: FeatureSpec, stateDim: number): number {
  if (spec.name === "affine") return stateDim + 1;
  return namedMap(spec, stateDim).outputDim;
}

/**
 * φ(states) for states `[N, D]` already in standardised coordinates ({@link standardizeStates}),
 * built from autodiff ops (differentiable in the states).
 */
export function applyFeatures(spec: FeatureSpec, states: Tensor): Tensor {
  if (spec.name === "affine") return concat([states, ones([states.shape[0]!, 1])], 1);
  return namedMap(spec, states.shape[1]!).apply(states);
}

function unknownFeatures(spec: FeatureSpec): Error {
  return new RangeError(
    `features: unknown feature map ${JSON.stringify(spec.name)}; valid: ${featureNames.join(", ")}`,
  );
}

/**
 * φ for one raw state at a time (acting in an environment), as plain numbers: standardise and
 * append 1 for the affine map, the map's own row function otherwise.
 */
export function rowFeatures(spec: FeatureSpec, stateDim: number): (state: Float64Array) => Float64Array {
  if (spec.name !== "affine") {
    const map = namedMap(spec, stateDim);
    const out = new Float64Array(map.outputDim);
    return (state) => map.applyRow(state, out);
  }
  const { center, scale } = standardization(spec, stateDim);
  const out = new Float64Array(stateDim + 1);
  out[stateDim] = 1;
  return (state) => {
    for (let j = 0; j < stateDim; j++) out[j] = (state[j]! - center[j]!) / scale[j]!;
    return out;
  };
}
