/**
 * RMSProp (Hinton, Neural Networks for Machine Learning, lecture 6e), optionally centred
 * (Graves 2013) and with momentum.
 *
 * Convention: PyTorch's update rule (eps added outside the square root, momentum applied to
 * the scaled gradient), with PyTorch's `alpha` called `decay` and defaulting to 0.9 as in
 * Hinton's lecture, TensorFlow and optax. Pass `decay: 0.99` to reproduce PyTorch's default.
 * @module
 */
import type { Tensor } from "../tensor/tensor.js";
import { type Tree, treeLeaves, treeUnflatten } from "../tensor/tree.js";
import { withOptionalClipping } from "./clip.js";
import { type LearningRate, learningRateAt, learningRateOption } from "./learning-rate.js";
import { matchingLeaves, stepCount, withData, zerosTreeLike } from "./leaves.js";
import type { Optimizer } from "./optimizer.js";
import { boolean, checkOptions, decayRate, positive } from "./validate.js";

const NAME = "RMSProp";

/** Options of {@link rmsProp}. */
export type RmsPropOptions = {
  learningRate: LearningRate;
  /** Decay rate ρ of the running mean of squared gradients (PyTorch's alpha). Default 0.9. */
  decay?: number;
  /** Added to the root-mean-square, for numerical stability. Default 1e-8. */
  eps?: number;
  /** Momentum coefficient μ in [0, 1) on the scaled gradient. Default 0. */
  momentum?: number;
  /** Divide by an estimate of the standard deviation rather than the RMS (Graves 2013). Default false. */
  centered?: boolean;
  /** Clip gradients to this global norm before each update. Default: no clipping. */
  clipNorm?: number;
};

/** State of {@link rmsProp}. */
export type RmsPropState = {
  readonly step: number;
  /** Running mean of squared gradients. */
  readonly meanSquare: Tree;
  /** Running mean of gradients (centred variant only, else null). */
  readonly meanGrad: Tree | null;
  /** Momentum buffer (only when momentum > 0, else null). */
  readonly velocity: Tree | null;
};

type RmsPropHyper = { readonly decay: number; readonly eps: number; readonly momentum: number };

/**
 * One leaf: `s ← ρ·s + (1−ρ)·g²`; centred: `ḡ ← ρ·ḡ + (1−ρ)·g` and the denominator is
 * `√(s − ḡ²) + eps`, else `√s + eps`; then `b ← μ·b + g/denominator`, `p ← p − lr·b` with
 * momentum, or `p ← p − lr·g/denominator` without.
 */
function rmsPropLeaf(
  p: Float64Array,
  g: Float64Array,
  s: Float64Array,
  gBar: Float64Array | null,
  b: Float64Array | null,
  lr: number,
  h: RmsPropHyper,
) {
  const param = new Float64Array(p.length);
  const meanSquare = new Float64Array(p.length);
  const meanGrad = gBar === null ? null : new Float64Array(p.length);
  const velocity = b === null ? null : new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    const gi = g[i]!;
    meanSquare[i] = h.decay * s[i]! + (1 - h.decay) * gi * gi;
    let variance = meanSquare[i]!;
    if (gBar !== null && meanGrad !== null) {
      meanGrad[i] = h.decay * gBar[i]! + (1 - h.decay) * gi;
      // s − ḡ² ≥ 0 in exact arithmetic (both averages share weights); clamp rounding below 0.
      variance = Math.max(0, variance - meanGrad[i]! * meanGrad[i]!);
    }
    const scaled = gi / (Math.sqrt(variance) + h.eps);
    if (b === null || velocity === null) {
      param[i] = p[i]! - lr * scaled;
      continue;
    }
    velocity[i] = h.momentum * b[i]! + scaled;
    param[i] = p[i]! - lr * velocity[i]!;
  }
  return { param, meanSquare, meanGrad, velocity };
}

/**
 * RMSProp (Hinton's lecture 6e): divide the gradient by a running root-mean-square of recent
 * gradients, so each coordinate's step is normalised by its own typical magnitude. See the
 * module notes for the `decay` convention.
 *
 * @example
 * const opt = rmsProp({ learningRate: 1e-3, centered: true, momentum: 0.9 });
 */
export function rmsProp(options: RmsPropOptions): Optimizer<RmsPropState> {
  checkOptions(NAME, options, ["learningRate", "decay", "eps", "momentum", "centered", "clipNorm"]);
  const learningRate = learningRateOption(NAME, options.learningRate);
  const h: RmsPropHyper = {
    decay: decayRate(NAME, "decay", options.decay ?? 0.9),
    eps: positive(NAME, "eps", options.eps ?? 1e-8),
    momentum: decayRate(NAME, "momentum", options.momentum ?? 0),
  };
  const centered = boolean(NAME, "centered", options.centered ?? false);
  const clipNorm = options.clipNorm === undefined ? undefined : positive(NAME, "clipNorm", options.clipNorm);

  const optimizer: Optimizer<RmsPropState> = {
    name: NAME,
    init: (params) => ({
      step: 0,
      meanSquare: zerosTreeLike(params),
      meanGrad: centered ? zerosTreeLike(params) : null,
      velocity: h.momentum > 0 ? zerosTreeLike(params) : null,
    }),
    update(grads, state, params) {
      const step = stepCount(NAME, state.step);
      const lr = learningRateAt(NAME, learningRate, step);
      const ps = treeLeaves(params);
      const gs = matchingLeaves(NAME, "the gradient", grads, ps);
      const ss = matchingLeaves(NAME, "state.meanSquare", state.meanSquare, ps);
      const gBars = centered ? matchingLeaves(NAME, "state.meanGrad", state.meanGrad, ps) : null;
      const bs = h.momentum > 0 ? matchingLeaves(NAME, "state.velocity", state.velocity, ps) : null;
      const out = {
        params: [] as Tensor[],
        meanSquare: [] as Tensor[],
        meanGrad: [] as Tensor[],
        velocity: [] as Tensor[],
      };
      ps.forEach((p, i) => {
        const r = rmsPropLeaf(p.data, gs[i]!.data, ss[i]!.data, gBars?.[i]!.data ?? null, bs?.[i]!.data ?? null, lr, h);
        out.params.push(withData(p, r.param));
        out.meanSquare.push(withData(p, r.meanSquare));
        if (r.meanGrad !== null) out.meanGrad.push(withData(p, r.meanGrad));
        if (r.velocity !== null) out.velocity.push(withData(p, r.velocity));
      });
      return {
        params: treeUnflatten(params, out.params),
        state: {
          step: step + 1,
          meanSquare: treeUnflatten(params, out.meanSquare),
          meanGrad: gBars === null ? null : treeUnflatten(params, out.meanGrad),
          velocity: bs === null ? null : treeUnflatten(params, out.velocity),
        },
      };
    },
  };
  return withOptionalClipping(optimizer, clipNorm);
}
