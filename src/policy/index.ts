/**
 * The policy posterior: a hierarchical Bayesian model of a behaviour policy observed through
 * noisy or perturbed sensors, its engines, predictive, calibration, regret and predictive checks.
 * @module
 */
export * from "./config.js";
export {
  PolicyPosteriorSampler,
  type PolicyPosterior,
  type PosteriorDiagnostics,
  type PosteriorSampleOptions,
  type SamplerOptions,
} from "./sampler.js";
export { policyModel, type PolicyModelArgs, type StateMode } from "./model.js";
export type { EngineProgress, EngineDraws } from "./engines.js";
export { type WeightDraws, type PredictOptions, type GaussianMixturePredictive, weightDraws } from "./predictive.js";
export {
  type Calibration,
  type DiscreteCalibration,
  type ContinuousCalibration,
  COVERAGE_LEVELS,
  discreteCalibration,
  continuousCalibration,
} from "./calibration.js";
export { gaussHermite, gaussHermiteProduct, type Cubature } from "./cubature.js";
export { bfgs, fitNominalPolicy } from "./nominal.js";
export {
  type GaussianStatePrior,
  type StateConditional,
  empiricalStatePrior,
  gaussianStateConditional,
} from "./state-prior.js";
