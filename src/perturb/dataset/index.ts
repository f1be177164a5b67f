/**
 * Perturbed data sets: generation to HDF5 with provenance, reading, and transition selection.
 * @module
 */
export {
  type DatasetConfig,
  type DatasetPerturbationConfig,
  type DatasetSplitConfig,
  type PolicyJSONRecord,
  type ResolvedDatasetConfig,
  ADVERSARIAL_TYPES,
  heldOutCount,
  resolveDatasetConfig,
} from "./config.js";
export {
  type DatasetStage,
  type GenerateDatasetOptions,
  type GenerateDatasetResult,
  datasetKeys,
  generateDataset,
} from "./generate.js";
export {
  type DatasetPerturbation,
  type PerturbedDataset,
  type DatasetSplitName,
  type LoadTransitionsOptions,
  type TransitionBatch,
  readDataset,
  loadTransitions,
} from "./read.js";
export { type EpisodeSplit, splitEpisodes } from "./split.js";
export { DATASET_FORMAT, DATASET_FORMAT_VERSION, type HashedDataset, dataSectionHash } from "./format.js";
export { policyRecordTypes, resolveBehaviourPolicy } from "./policy.js";
