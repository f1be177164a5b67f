/**
 * policy-posterior: Bayesian inference of policy, decision-model and simulator parameters.
 *
 * Layers, each importing only from those above it in this list:
 * tensor → autodiff → random → distributions → transforms → optim → nn → ppl → infer → metrics →
 * envs → perturb → policy → report → cli. `io` (HDF5, atomic files) and `provenance` (hashes,
 * run records, the JSON-lines log) are leaf utilities any layer from `perturb` on may use.
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
export * from "./io/index.js";
export * from "./provenance/index.js";
export * from "./envs/index.js";
export * from "./perturb/index.js";
export * from "./policy/index.js";
export * from "./report/index.js";
export { runCli } from "./cli/index.js";
