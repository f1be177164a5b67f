/**
 * Neural networks as pure functions of plain parameter trees: dense layers, MLPs,
 * initialisers, a minibatch training loop and safetensors save/load.
 * @module
 */
export { type Initializer, type Fans, INITIALIZERS, fans, initVariance, initialize } from "./init.js";
export { type Activation, ACTIVATIONS, activationFunction } from "./activations.js";
export { type LinearParams, type LinearInitOptions, initLinear, linearLayer } from "./linear.js";
export { type MLPConfig, type MLPParams, type MLPModule, initMLP, mlp, MLP, layerSizes } from "./mlp.js";
export {
  type Dataset,
  type EpochRecord,
  type EpochProgress,
  type FitOptions,
  type FitResult,
  type StopReason,
  fit,
} from "./fit.js";
export { treeToNamedTensors, namedTensorsToTree } from "./named-tensors.js";
export { type Safetensors, saveSafetensors, loadSafetensors } from "./safetensors.js";
export { saveSafetensorsFile, loadSafetensorsFile } from "./safetensors-file.js";
export * from "./flows/index.js";
export {
  ConditionalDensityEstimator,
  type ConditionalDensityConfig,
  type ConditionalDensityParams,
  type ConditionalDensityEpoch,
  type FitConditionalDensityOptions,
  type FitConditionalDensityResult,
  fitConditionalDensity,
} from "./conditional-density.js";
