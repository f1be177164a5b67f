/**
 * Expected calibration error: the count-weighted mean gap between confidence and accuracy over
 * equal-width bins (Naeini et al. 2015; Guo et al. 2017, eq. 3).
 */
import { binPairs, topLabel, type BinningOptions, type ReliabilityBin } from "./reliability.js";
import { checkBinary, checkLabels, checkNumBins, checkProbs, type Sample } from "./validate.js";

/** Sum over bins of (count / total) * |accuracy - confidence|; empty bins contribute nothing. */
export function eceFromBins(bins: ReadonlyArray<ReliabilityBin>): number {
  let total = 0;
  for (const b of bins) total += b.count;
  let ece = 0;
  for (const b of bins) if (b.count > 0) ece += (b.count / total) * Math.abs(b.accuracy! - b.confidence!);
  return ece;
}

/**
 * Expected calibration error of a multiclass classifier from its top-label confidence.
 * Defaults: 15 bins, Guo et al.'s (lo, hi] bins.
 * @param probs - one row of class probabilities per example, each summing to 1 (within 1e-6)
 * @param labels - the true class of each example
 * @example expectedCalibrationError([[0.9, 0.1], [0.4, 0.6]], [0, 0], { numBins: 10 })
 */
export function expectedCalibrationError(
  probs: ReadonlyArray<Sample>,
  labels: Sample,
  { numBins = 15, binEdges = "guo" }: BinningOptions = {},
): number {
  checkNumBins("ece", numBins);
  const k = checkProbs("ece", probs);
  checkLabels("ece", labels, probs.length, k);
  const { confidence, hit } = topLabel(probs, labels);
  return eceFromBins(binPairs(confidence, hit, numBins, binEdges));
}

/**
 * Expected calibration error of a binary classifier: bins of the predicted probability of the
 * positive class, each compared with its fraction of positive labels.
 * @param pPositive - predicted probability that the label is 1
 * @param labels - 0 or 1
 */
export function expectedCalibrationErrorBinary(
  pPositive: Sample,
  labels: Sample,
  { numBins = 15, binEdges = "guo" }: BinningOptions = {},
): number {
  checkNumBins("eceBinary", numBins);
  checkBinary("eceBinary", pPositive, labels);
  return eceFromBins(binPairs(pPositive, labels, numBins, binEdges));
}
