/**
 * policy-posterior: Bayesian inference of policy, decision-model and simulator parameters.
 * @packageDocumentation
 */
export * from "./tensor/index.js";
export * from "./autodiff/index.js";
export * from "./random/index.js";
export * from "./distributions/index.js";
export * from "./transforms/index.js";
export * from "./optim/index.js";
