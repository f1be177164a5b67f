/**
 * policy-posterior: Bayesian inference of policy, decision-model and simulator parameters.
 * @packageDocumentation
 */
export * from "./tensor/index.js";
export * from "./autodiff/index.js";
