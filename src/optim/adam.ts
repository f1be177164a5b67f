/**
 * Adam (Kingma & Ba 2015), with the bias-corrected moment estimates of their Algorithm 1.
 * The same update serves AdamW (./adamw.ts), which differs only in how weight decay enters.
 * @module
 */
import type { Tensor } from "../tensor/tensor.js";
import { type Tree, treeLeaves, treeUnflatten } from "../tensor/tree.js";
import { withOptionalClipping } from "./clip.js";
import { type LearningRate, learningRateAt, learningRateOption } from "./learning-rate.js";
import { matchingLeaves, stepCount, withData, zerosTreeLike } from "./leaves.js";
import type { Optimizer } from "./optimizer.js";
import { checkOptions, decayRate, nonNegative, positive } from "./validate.js";

/** Options of {@link adam}. */
export type AdamOptions = {
  learningRate: LearningRate;
  /** Decay rate of the first-moment (mean) estimate. Default 0.9. */
  beta1?: number;
  /** Decay rate of the second-moment (uncentred variance) estimate. Default 0.999. */
  beta2?: number;
  /** Added to the square root of the second moment, for numerical stability. Default 1e-8. */
  eps?: number;
  /**
   * Adam: L2 penalty coefficient added to the gradient (coupled, as in PyTorch's Adam), default 0.
   * AdamW: decoupled decay coefficient, default 0.01.
   */
  weightDecay?: number;
  /** Clip gradients to this global norm before each update. Default: no clipping. */
  clipNorm?: number;
};

/** State of {@link adam} and {@link adamW}: the step count and the moment estimates m and v. */
export type AdamState = {
  readonly step: number;
  /** Exponential moving average of the gradient (Kingma & Ba's m). */
  readonly m: Tree;
  /** Exponential moving average of the squared gradient (Kingma & Ba's v). */
  readonly v: Tree;
};

/** How weight decay enters: added to the gradient (L2) or applied to the weights (decoupled). */
export type WeightDecayMode = "l2" | "decoupled";

type AdamHyper = {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly mode: WeightDecayMode;
};

/**
 * One leaf at step t (1-based): `m ← β1·m + (1−β1)·g`, `v ← β2·v + (1−β2)·g²`,
 * `m̂ = m/(1−β1^t)`, `v̂ = v/(1−β2^t)`, `p ← p − lr·(m̂/(√v̂ + eps) + λ·p)`, where L2 mode
 * folds `λ·p` into g instead and decoupled mode adds it outside the adaptive scaling
 * (Loshchilov & Hutter 2019, scaled by lr as in PyTorch and optax).
 */
function adamLeaf(
  p: Float64Array,
  g: Float64Array,
  m: Float64Array,
  v: Float64Array,
  lr: number,
  t: number,
  h: AdamHyper,
) {
  const param = new Float64Array(p.length);
  const m1 = new Float64Array(p.length);
  const v1 = new Float64Array(p.length);
  // The moments start at 0, so early averages are biased towards 0; dividing by 1 − β^t
  // removes that bias (Kingma & Ba 2015, section 3).
  const correction1 = 1 - h.beta1 ** t;
  const correction2 = 1 - h.beta2 ** t;
  const l2 = h.mode === "l2" ? h.weightDecay : 0;
  const decoupled = h.mode === "decoupled" ? h.weightDecay : 0;
  for (let i = 0; i < p.length; i++) {
    const d = g[i]! + l2 * p[i]!;
    m1[i] = h.beta1 * m[i]! + (1 - h.beta1) * d;
    v1[i] = h.beta2 * v[i]! + (1 - h.beta2) * d * d;
    const mHat = m1[i]! / correction1;
    const vHat = v1[i]! / correction2;
    param[i] = p[i]! - lr * (mHat / (Math.sqrt(vHat) + h.eps) + decoupled * p[i]!);
  }
  return { param, m: m1, v: v1 };
}

/**
 * The Adam family under one name: `adam` (L2 mode) and `adamW` (decoupled mode) differ only
 * in the weight-decay mode and its default.
 * @internal
 */
export function adamFamily(
  name: string,
  options: AdamOptions,
  mode: WeightDecayMode,
  defaultWeightDecay: number,
): Optimizer<AdamState> {
  checkOptions(name, options, ["learningRate", "beta1", "beta2", "eps", "weightDecay", "clipNorm"]);
  const learningRate = learningRateOption(name, options.learningRate);
  const h: AdamHyper = {
    beta1: decayRate(name, "beta1", options.beta1 ?? 0.9),
    beta2: decayRate(name, "beta2", options.beta2 ?? 0.999),
    eps: positive(name, "eps", options.eps ?? 1e-8),
    weightDecay: nonNegative(name, "weightDecay", options.weightDecay ?? defaultWeightDecay),
    mode,
  };
  const clipNorm = options.clipNorm === undefined ? undefined : positive(name, "clipNorm", options.clipNorm);

  const optimizer: Optimizer<AdamState> = {
    name,
    init: (params) => ({ step: 0, m: zerosTreeLike(params), v: zerosTreeLike(params) }),
    update(grads, state, params) {
      const step = stepCount(name, state.step);
      const lr = learningRateAt(name, learningRate, step);
      const ps = treeLeaves(params);
      const gs = matchingLeaves(name, "the gradient", grads, ps);
      const ms = matchingLeaves(name, "state.m", state.m, ps);
      const vs = matchingLeaves(name, "state.v", state.v, ps);
      const newParams: Tensor[] = [];
      const newM: Tensor[] = [];
      const newV: Tensor[] = [];
      ps.forEach((p, i) => {
        const r = adamLeaf(p.data, gs[i]!.data, ms[i]!.data, vs[i]!.data, lr, step + 1, h);
        newParams.push(withData(p, r.param));
        newM.push(withData(p, r.m));
        newV.push(withData(p, r.v));
      });
      return {
        params: treeUnflatten(params, newParams),
        state: { step: step + 1, m: treeUnflatten(params, newM), v: treeUnflatten(params, newV) },
      };
    },
  };
  return withOptionalClipping(optimizer, clipNorm);
}

/**
 * Adam (Kingma & Ba 2015): per-coordinate steps scaled by bias-corrected running estimates
 * of the gradient's first and second moments. `weightDecay` here is an L2 penalty added to
 * the gradient (and so rescaled by the adaptive denominator); for decoupled decay use
 * {@link adamW}.
 *
 * @example
 * const opt = adam({ learningRate: 1e-3 });
 */
export function adam(options: AdamOptions): Optimizer<AdamState> {
  return adamFamily("Adam", options, "l2", 0);
}
