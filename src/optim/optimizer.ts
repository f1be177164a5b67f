/**
 * The optimiser interface, after optax: a pair of pure functions over trees of tensors.
 * Everything that changes from step to step (the step count, moment estimates) lives in an
 * explicit state value, so an optimiser can be paused, saved, restored and replayed.
 * @module
 */
import type { Tree } from "../tensor/tree.js";

/** What every optimiser state holds: the number of updates applied so far. */
export type OptimizerState = { readonly step: number };

/** The result of one update: new parameters (same tree type as the old ones) and new state. */
export type OptimizerUpdate<P extends Tree, S extends OptimizerState> = { readonly params: P; readonly state: S };

/**
 * An optimiser over trees of tensors.
 *
 * `init(params)` makes the state for parameters of that structure; `update(grads, state,
 * params)` returns new parameters and state. Neither mutates its arguments, and the state is
 * plain data (numbers and tensors; see {@link optimizerStateToJSON}).
 */
export interface Optimizer<S extends OptimizerState = OptimizerState> {
  /** The optimiser's name, used in error messages (`"Adam"`, `"SGD"`, ...). */
  readonly name: string;
  /** The initial state for parameters shaped like `params` (step 0, zero moments). */
  init<P extends Tree>(params: P): S;
  /** One step: apply the gradient `grads` (same structure as `params`) and advance the state. */
  update<P extends Tree>(grads: NoInfer<P>, state: S, params: P): OptimizerUpdate<P, S>;
}
