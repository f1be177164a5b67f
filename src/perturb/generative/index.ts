/**
 * Learned observation models from clean/perturbed pairs: a conditional GAN (draws) and a
 * conditional normalising flow (draws and a density differentiable in the clean state), with
 * safetensors save/load.
 * @module
 */
export {
  type ConditionalGANConfig,
  type GANStandardization,
  type GANHistoryEntry,
  type GANTrainingRecord,
  DEFAULT_GAN_CONFIG,
  resolveGANConfig,
  ConditionalGAN,
  discriminatorWithInputGradient,
} from "./conditional-gan.js";
export { type ObservationPairs, trainConditionalGAN } from "./train-gan.js";
export {
  type ObservationFlowConfig,
  type FlowTrainingRecord,
  DEFAULT_FLOW_CONFIG,
  resolveFlowConfig,
  ObservationFlow,
  fitObservationFlow,
} from "./observation-flow.js";
export {
  GENERATIVE_MODEL_FORMAT,
  type GenerativeModelKind,
  conditionalGANToBytes,
  conditionalGANFromBytes,
  observationFlowToBytes,
  observationFlowFromBytes,
  saveConditionalGAN,
  loadConditionalGAN,
  saveObservationFlow,
  loadObservationFlow,
} from "./saved-model.js";
