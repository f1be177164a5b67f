/**
 * Metrics: calibration (ECE, reliability diagrams, Brier, NLL) and two-sample distances and tests
 * (Kolmogorov–Smirnov, Wasserstein-1, energy distance, MMD).
 */
export type { Sample } from "./validate.js";
export {
  reliabilityDiagram,
  reliabilityDiagramBinary,
  type BinEdges,
  type BinningOptions,
  type ReliabilityBin,
} from "./reliability.js";
export { expectedCalibrationError, expectedCalibrationErrorBinary } from "./ece.js";
export { brierScore, brierScoreBinary } from "./brier.js";
export { negativeLogLikelihood } from "./nll.js";
export { ks2samp, type Ks2sampOptions, type Ks2sampResult } from "./ks2samp.js";
export { kolmogorovSf } from "./kolmogorov.js";
export { wasserstein1 } from "./wasserstein.js";
export { energyDistance, energyDistanceMultivariate } from "./energy.js";
export { mmd, medianPairwiseDistance, type MmdOptions, type Points } from "./mmd.js";
