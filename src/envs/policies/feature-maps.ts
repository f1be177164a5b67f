/**
 * Feature maps φ(s) for linear(-in-features) behaviour policies. Each map has two
 * implementations of the same formula: `apply`, built from autodiff ops on an `[N, D]` batch (so
 * gradients flow to the observations, as adversarial perturbations and latent-state inference
 * need), and `applyRow`, a plain loop over one observation (the fast path used while acting).
 * A map is serialisable as `{ name, params }` and rebuilt by {@link featureMapFromJSON}.
 * @module
 */
import { concat, div, mul, scale, slice, square, sub } from "../../autodiff/index.js";
import { Tensor, ones, tensor } from "../../tensor/tensor.js";

/** The JSON record of a feature map: its registered name and the parameters that determine it. */
export interface FeatureMapJSON {
  readonly name: string;
  readonly params: Readonly<Record<string, number | readonly number[]>>;
}

/** A fixed map from observations (`[N, D]`) to features (`[N, F]`). */
export interface FeatureMap {
  /** Registered name, e.g. `"affine"`. */
  readonly name: string;
  /** Observation dimension D. */
  readonly inputDim: number;
  /** Feature dimension F. */
  readonly outputDim: number;
  /** `[N, D]` → `[N, F]`, built from differentiable ops. */
  apply(obs: Tensor): Tensor;
  /** The same map for one observation with plain arithmetic (writes into `out` when given). */
  applyRow(obs: ArrayLike<number>, out?: Float64Array): Float64Array;
  /** `{ name, params }`, enough for {@link featureMapFromJSON} to rebuild the map. */
  toJSON(): FeatureMapJSON;
}

/** Throw unless `obs` is a `[N, D]` tensor with `D` equal to the map's input dimension. */
export function checkObservationBatch(obs: Tensor, inputDim: number, where: string): void {
  if (!(obs instanceof Tensor) || obs.ndim !== 2 || obs.shape[1] !== inputDim)
    throw new Error(
      `${where}: observations must be a [N, ${inputDim}] Tensor, got ${obs instanceof Tensor ? `shape [${obs.shape.join(", ")}]` : typeof obs}`,
    );
}

function checkRow(obs: ArrayLike<number>, inputDim: number, where: string): void {
  if (obs === null || typeof obs !== "object" || obs.length !== inputDim)
    throw new Error(
      `${where}: observation must have ${inputDim} values, got ${obs === null || typeof obs !== "object" ? String(obs) : `${obs.length}`}`,
    );
}

function checkDim(d: number, where: string): void {
  if (!Number.isInteger(d) || d < 1) throw new Error(`${where}: dimension must be a positive integer, got ${d}`);
}

/** Options of {@link affineFeatures}: the observation is standardised as `(s − center) / scale`. */
export interface AffineFeatureOptions {
  /** Subtracted from each coordinate (default 0). */
  center?: ArrayLike<number>;
  /** Divides each coordinate (default 1); every entry must be finite and > 0. */
  scale?: ArrayLike<number>;
}

function vectorOption(
  v: ArrayLike<number> | undefined,
  d: number,
  fill: number,
  what: string,
  positive: boolean,
): Float64Array {
  if (v === undefined) return new Float64Array(d).fill(fill);
  if (v.length !== d) throw new Error(`affineFeatures: ${what} must have ${d} entries, got ${v.length}`);
  const out = Float64Array.from(v);
  out.forEach((x, i) => {
    if (!Number.isFinite(x) || (positive && !(x > 0)))
      throw new Error(`affineFeatures: ${what}[${i}] must be ${positive ? "finite and > 0" : "finite"}, got ${x}`);
  });
  return out;
}

/**
 * `φ(s) = [(s − center) / scale, 1]`: the observation (optionally standardised so that weights of
 * order 1–10 are meaningful whatever the units) followed by a constant, so F = D + 1. The
 * default feature map of both linear policies.
 */
export function affineFeatures(inputDim: number, options: AffineFeatureOptions = {}): FeatureMap {
  checkDim(inputDim, "affineFeatures");
  const center = vectorOption(options.center, inputDim, 0, "center", false);
  const scl = vectorOption(options.scale, inputDim, 1, "scale", true);
  const trivial = center.every((c) => c === 0) && scl.every((s) => s === 1);
  const centerT = tensor(center, [inputDim]);
  const scaleT = tensor(scl, [inputDim]);
  return {
    name: "affine",
    inputDim,
    outputDim: inputDim + 1,
    apply(obs) {
      checkObservationBatch(obs, inputDim, "affineFeatures");
      const z = trivial ? obs : div(sub(obs, centerT), scaleT);
      return concat([z, ones([obs.shape[0]!, 1])], 1);
    },
    applyRow(obs, out = new Float64Array(inputDim + 1)) {
      checkRow(obs, inputDim, "affineFeatures");
      for (let i = 0; i < inputDim; i++) out[i] = (obs[i]! - center[i]!) / scl[i]!;
      out[inputDim] = 1;
      return out;
    },
    toJSON: () => ({ name: "affine", params: { inputDim, center: Array.from(center), scale: Array.from(scl) } }),
  };
}

/**
 * Gymnasium Pendulum-v1's swing-up constants: θ̈ = (3g / 2l) sin θ + (3 / m l²) u with g = 10,
 * m = l = 1 (gymnasium/envs/classic_control/pendulum.py), so the conserved quantity of the
 * unforced pendulum is H = ½ θ̇² + 15 cos θ and the upright rest state has H* = 15.
 */
const PENDULUM_GRAVITY_TERM = 15;
/** Gymnasium's Pendulum speed limit, used to bring θ̇ to order one. */
const PENDULUM_MAX_SPEED = 8;

/**
 * Energy-shaping features for Pendulum-v1 observations `[cos θ, sin θ, θ̇]` (θ = 0 upright):
 * `[sin θ, θ̇ / 8, cos θ · θ̇ / 8, e · θ̇ / 8]`, with `e = (H* − H) / H*` the normalised energy
 * deficit. A torque linear in these features combines energy pumping far from the top
 * (u ∝ e θ̇ raises H, since dH/dt = 3 u θ̇ — Åström & Furuta 2000, "Swinging up a pendulum by
 * energy control") with a PD stabiliser near it (u ∝ −sin θ, −θ̇); the `cos θ · θ̇` term damps at
 * the top and pumps at the bottom. All features are odd in (θ, θ̇), matching the task's symmetry.
 */
export function pendulumFeatures(): FeatureMap {
  const apply = (obs: Tensor): Tensor => {
    checkObservationBatch(obs, 3, "pendulumFeatures");
    const n = obs.shape[0]!;
    const c = slice(obs, [null, { start: 0, stop: 1 }]);
    const s = slice(obs, [null, { start: 1, stop: 2 }]);
    const w = scale(slice(obs, [null, { start: 2, stop: 3 }]), 1 / PENDULUM_MAX_SPEED);
    // e = (H* − H) / H* = 1 − cos θ − θ̇² / (2 H*), written with w = θ̇ / 8.
    const e = sub(
      sub(ones([n, 1]), c),
      scale(square(w), (PENDULUM_MAX_SPEED * PENDULUM_MAX_SPEED) / (2 * PENDULUM_GRAVITY_TERM)),
    );
    return concat([s, w, mul(c, w), mul(e, w)], 1);
  };
  return {
    name: "pendulum",
    inputDim: 3,
    outputDim: 4,
    apply,
    applyRow(obs, out = new Float64Array(4)) {
      checkRow(obs, 3, "pendulumFeatures");
      const c = obs[0]!;
      const w = obs[2]! / PENDULUM_MAX_SPEED;
      const e = 1 - c - (obs[2]! * obs[2]!) / (2 * PENDULUM_GRAVITY_TERM);
      out[0] = obs[1]!;
      out[1] = w;
      out[2] = c * w;
      out[3] = e * w;
      return out;
    },
    toJSON: () => ({ name: "pendulum", params: {} }),
  };
}

function numberParam(p: FeatureMapJSON["params"], key: string, where: string): number {
  const v = p[key];
  if (typeof v !== "number") throw new Error(`${where}: params.${key} must be a number, got ${JSON.stringify(v)}`);
  return v;
}

function arrayParam(p: FeatureMapJSON["params"], key: string, where: string): readonly number[] | undefined {
  const v = p[key];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === "number"))
    throw new Error(`${where}: params.${key} must be an array of numbers, got ${JSON.stringify(v)}`);
  return v;
}

/** Rebuild a feature map from its `{ name, params }` record (`"affine"` or `"pendulum"`). */
export function featureMapFromJSON(json: FeatureMapJSON): FeatureMap {
  const where = "featureMapFromJSON";
  if (json === null || typeof json !== "object" || typeof json.name !== "string")
    throw new Error(`${where}: expected { name, params }, got ${JSON.stringify(json)}`);
  const params = json.params ?? {};
  switch (json.name) {
    case "affine":
      return affineFeatures(numberParam(params, "inputDim", where), {
        center: arrayParam(params, "center", where),
        scale: arrayParam(params, "scale", where),
      });
    case "pendulum":
      return pendulumFeatures();
    default:
      throw new Error(`${where}: unknown feature map "${json.name}" (known: affine, pendulum)`);
  }
}
