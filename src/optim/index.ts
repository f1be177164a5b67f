/**
 * Optimisers over trees of tensors (SGD, Adam, AdamW, RMSProp), gradient clipping,
 * learning-rate schedules, state save/restore and a minimisation loop.
 * @module
 */
export type { Optimizer, OptimizerState, OptimizerUpdate } from "./optimizer.js";
export { type SgdOptions, type SgdState, sgd } from "./sgd.js";
export { type AdamOptions, type AdamState, type WeightDecayMode, adam } from "./adam.js";
export { adamW } from "./adamw.js";
export { type RmsPropOptions, type RmsPropState, rmsProp } from "./rmsprop.js";
export { clipByGlobalNorm, globalNorm, withGradientClipping } from "./clip.js";
export type { LearningRate } from "./learning-rate.js";
export {
  type Schedule,
  type ExponentialDecayOptions,
  type StepDecayOptions,
  type PiecewiseConstantOptions,
  type PolynomialDecayOptions,
  type CosineDecayOptions,
  type LinearWarmupOptions,
  constant,
  exponentialDecay,
  stepDecay,
  piecewiseConstant,
  polynomialDecay,
  cosineDecay,
  linearWarmup,
} from "./schedules.js";
export { type StateValue, type JsonValue, optimizerStateToJSON, optimizerStateFromJSON } from "./state-json.js";
export { type MinimizeOptions, type MinimizeProgress, type MinimizeResult, minimize } from "./minimize.js";
