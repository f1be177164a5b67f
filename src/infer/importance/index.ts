/**
 * Self-normalised importance sampling: the reference posterior when nothing else is exact.
 * @module
 */
export {
  importanceSampling,
  type ImportanceOptions,
  type ImportanceProposal,
  type ImportanceResult,
} from "./importance-sampling.js";
export { kishESS, logMeanExp } from "./weights.js";
