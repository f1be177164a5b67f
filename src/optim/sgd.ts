/**
 * Stochastic gradient descent with optional heavy-ball or Nesterov momentum and L2 weight
 * decay, in PyTorch's formulation (no dampening).
 * @module
 */
import type { Tensor } from "../tensor/tensor.js";
import { type Tree, treeLeaves, treeUnflatten } from "../tensor/tree.js";
import { withOptionalClipping } from "./clip.js";
import { type LearningRate, learningRateAt, learningRateOption } from "./learning-rate.js";
import { matchingLeaves, stepCount, withData, zerosTreeLike } from "./leaves.js";
import type { Optimizer } from "./optimizer.js";
import { boolean, checkOptions, decayRate, nonNegative, positive } from "./validate.js";

const NAME = "SGD";

/** Options of {@link sgd}. */
export type SgdOptions = {
  learningRate: LearningRate;
  /** Momentum coefficient μ in [0, 1). Default 0 (plain gradient descent). */
  momentum?: number;
  /** Use Nesterov momentum (needs momentum > 0). Default false. */
  nesterov?: boolean;
  /** L2 penalty coefficient added to the gradient (coupled, as in PyTorch). Default 0. */
  weightDecay?: number;
  /** Clip gradients to this global norm before each update. Default: no clipping. */
  clipNorm?: number;
};

/** State of {@link sgd}: the step count and the velocity (null without momentum). */
export type SgdState = { readonly step: number; readonly velocity: Tree | null };

type SgdHyper = { readonly momentum: number; readonly nesterov: boolean; readonly weightDecay: number };

/**
 * One leaf: with `d = g + weightDecay·p`, velocity `b ← μ·b + d`, then
 * `p ← p − lr·(d + μ·b)` (Nesterov) or `p ← p − lr·b` (heavy ball). The Nesterov form is
 * Sutskever et al. (2013)'s look-ahead momentum rewritten in terms of the current parameters,
 * as PyTorch and Keras implement it.
 */
function sgdLeaf(p: Float64Array, g: Float64Array, b: Float64Array | null, lr: number, h: SgdHyper) {
  const param = new Float64Array(p.length);
  const velocity = b === null ? null : new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    const d = g[i]! + h.weightDecay * p[i]!;
    if (b === null || velocity === null) {
      param[i] = p[i]! - lr * d;
      continue;
    }
    const v = h.momentum * b[i]! + d;
    velocity[i] = v;
    param[i] = p[i]! - lr * (h.nesterov ? d + h.momentum * v : v);
  }
  return { param, velocity };
}

/**
 * Stochastic gradient descent: `p ← p − lr·g`, with optional momentum (Polyak's heavy ball,
 * or Nesterov's as in Sutskever et al. 2013) and L2 weight decay added to the gradient.
 *
 * @example
 * const opt = sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true });
 * let state = opt.init(params);
 * ({ params, state } = opt.update(grads, state, params));
 */
export function sgd(options: SgdOptions): Optimizer<SgdState> {
  checkOptions(NAME, options, ["learningRate", "momentum", "nesterov", "weightDecay", "clipNorm"]);
  const learningRate = learningRateOption(NAME, options.learningRate);
  const h: SgdHyper = {
    momentum: decayRate(NAME, "momentum", options.momentum ?? 0),
    nesterov: boolean(NAME, "nesterov", options.nesterov ?? false),
    weightDecay: nonNegative(NAME, "weightDecay", options.weightDecay ?? 0),
  };
  if (h.nesterov && h.momentum === 0)
    throw new Error(`${NAME}: nesterov needs momentum > 0, got momentum ${h.momentum}`);
  const clipNorm = options.clipNorm === undefined ? undefined : positive(NAME, "clipNorm", options.clipNorm);

  const optimizer: Optimizer<SgdState> = {
    name: NAME,
    init: (params) => ({ step: 0, velocity: h.momentum > 0 ? zerosTreeLike(params) : null }),
    update(grads, state, params) {
      const step = stepCount(NAME, state.step);
      const lr = learningRateAt(NAME, learningRate, step);
      const ps = treeLeaves(params);
      const gs = matchingLeaves(NAME, "the gradient", grads, ps);
      const bs = h.momentum > 0 ? matchingLeaves(NAME, "velocity", state.velocity, ps) : null;
      const newParams: Tensor[] = [];
      const newVelocity: Tensor[] = [];
      ps.forEach((p, i) => {
        const r = sgdLeaf(p.data, gs[i]!.data, bs === null ? null : bs[i]!.data, lr, h);
        newParams.push(withData(p, r.param));
        if (r.velocity !== null) newVelocity.push(withData(p, r.velocity));
      });
      return {
        params: treeUnflatten(params, newParams),
        state: { step: step + 1, velocity: bs === null ? null : treeUnflatten(params, newVelocity) },
      };
    },
  };
  return withOptionalClipping(optimizer, clipNorm);
}
