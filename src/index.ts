/**
 * policy-posterior: Bayesian inference of policy, decision-model and simulator parameters.
 *
 * Layers, each importing only from those above it in this list:
 * tensor → autodiff → random → distributions → transforms → optim → ppl → infer.
 * Scalar special functions are under the `special` namespace (their differentiable tensor
 * versions are top-level), random samplers under `random` (keys are top-level), and the
 * effect handlers under `handlers` (the common ones are top-level too).
 * @packageDocumentation
 */
export * from "./tensor/index.js";
export * as special from "./tensor/special.js";
export * from "./autodiff/index.js";
export * as random from "./random/index.js";
export { type Key, key, split, fold } from "./random/index.js";
export * from "./distributions/index.js";
export * from "./transforms/index.js";
export * from "./optim/index.js";
export * from "./nn/index.js";
export * from "./ppl/index.js";
export * from "./infer/index.js";
export * from "./metrics/index.js";
