/**
 * A plain optimisation loop: gradient by reverse mode, then an optimiser update, repeated.
 * @module
 */
import { valueAndGrad } from "../autodiff/grad.js";
import type { TensorLike } from "../tensor/tensor.js";
import type { Tree } from "../tensor/tree.js";
import type { Optimizer, OptimizerState } from "./optimizer.js";
import { checkOptions, nonNegativeInteger } from "./validate.js";

/** What {@link MinimizeOptions.onStep} is told after each update. */
export type MinimizeProgress<P extends Tree> = {
  /** Index of the update just applied (0-based). */
  readonly step: number;
  /** The loss at the parameters before this update. */
  readonly loss: number;
  /** The parameters after this update. */
  readonly params: P;
};

/** Options of {@link minimize}. */
export type MinimizeOptions<P extends Tree, S extends OptimizerState> = {
  /** Number of updates. */
  steps: number;
  /** Called after each update; returning `false` stops early. */
  onStep?: (progress: MinimizeProgress<P>) => boolean | void;
  /** Resume from this optimiser state instead of `optimizer.init(params)`. */
  state?: S;
};

/** The outcome of {@link minimize}. */
export type MinimizeResult<P extends Tree, S extends OptimizerState> = {
  /** The parameters after the last update. */
  readonly params: P;
  /** The optimiser state after the last update, to resume from. */
  readonly state: S;
  /** `losses[i]` is the loss at the parameters before update i. */
  readonly losses: number[];
};

/**
 * Minimise a scalar function of a tree of tensors with `optimizer` for `steps` updates.
 * Throws if the loss becomes NaN or infinite, naming the step, rather than carrying on
 * with poisoned parameters.
 *
 * @example
 * const { params, losses } = minimize((p: { x: Tensor }) => sum(square(sub(p.x, 3))), { x: zeros([2]) },
 *   adam({ learningRate: 0.1 }), { steps: 500 });
 */
export function minimize<P extends Tree, S extends OptimizerState>(
  f: (params: P) => TensorLike,
  params: P,
  optimizer: Optimizer<S>,
  options: MinimizeOptions<P, S>,
): MinimizeResult<P, S> {
  checkOptions("minimize", options, ["steps", "onStep", "state"]);
  const steps = nonNegativeInteger("minimize", "steps", options.steps);
  const lossAndGrad = valueAndGrad(f);
  let current = params;
  let state = options.state ?? optimizer.init(params);
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const [value, grads] = lossAndGrad(current);
    const loss = value.item();
    if (!Number.isFinite(loss))
      throw new Error(`minimize: the loss is ${loss} at step ${step} (before update ${step} of ${optimizer.name})`);
    losses.push(loss);
    ({ params: current, state } = optimizer.update(grads, state, current));
    if (options.onStep?.({ step, loss, params: current }) === false) break;
  }
  return { params: current, state, losses };
}
