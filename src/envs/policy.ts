/**
 * The behaviour-policy interface: what acts in an environment, and what an adversary or the
 * policy posterior needs from it (differentiable action distributions).
 * @module
 */
import type { Key } from "../random/index.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Action } from "./env.js";

/** Anything that picks actions from observations. */
export interface Policy {
  /** Sample an action for one observation. */
  act(key: Key, observation: Float64Array): Action;
}

/**
 * A policy whose action distribution is a differentiable function of a batch of observations
 * (built from autodiff ops, so gradients flow to the observations and to the parameters).
 */
export interface DifferentiablePolicy extends Policy {
  /** `"discrete"` (categorical over `numActions`) or `"continuous"` (Gaussian over `actionDim`). */
  readonly actionKind: "discrete" | "continuous";
  /**
   * Per-row KL divergence KL(π(·|clean) ‖ π(·|perturbed)) for `[N, D]` batches, shape `[N]`:
   * the quantity an adversarial perturbation maximises.
   */
  klDivergence(clean: Tensor, perturbed: Tensor): Tensor;
}
