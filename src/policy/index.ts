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
export { weightsPolicy, posteriorPolicy, predictivePolicy } from "./acting.js";
export {
  evaluateRegret,
  perturbedObservation,
  type RegretOptions as RegretEvaluationOptions,
  type RegretResult,
  type PerturbationSet,
  type NamedPolicy,
} from "./regret.js";
export {
  posteriorPredictiveCheck,
  type PpcOptions as PosteriorPredictiveCheckOptions,
  type PpcResult,
  type ObservedTrajectories,
} from "./ppc.js";
export {
  savePosterior,
  loadPosterior,
  posteriorToJSON,
  nominalWeightDraws,
  POSTERIOR_FORMAT,
  POSTERIOR_FORMAT_VERSION,
  type LoadedPosterior,
  type PosteriorFileExtra,
  type StoredNominal,
  type PosteriorJSON,
} from "./posterior-file.js";
export { mixtureSoftmaxLogLik } from "./mixture-softmax.js";
export { logisticNormalLogLik } from "./logistic-normal-table.js";
