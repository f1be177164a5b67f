/** Brier score (Brier 1950, "Verification of forecasts expressed in terms of probability"). */
import { checkBinary, checkLabels, checkProbs, type Sample } from "./validate.js";

/**
 * Multiclass Brier score: the mean over examples of the sum over classes of
 * (probability - one-hot label)^2, Brier's original definition; it lies in [0, 2].
 * @param probs - one row of class probabilities per example, each summing to 1
 * @param labels - the true class of each example
 */
export function brierScore(probs: ReadonlyArray<Sample>, labels: Sample): number {
  const k = checkProbs("brierScore", probs);
  checkLabels("brierScore", labels, probs.length, k);
  let total = 0;
  for (let i = 0; i < probs.length; i++) {
    const row = probs[i]!;
    for (let j = 0; j < k; j++) {
      const e = row[j]! - (j === labels[i] ? 1 : 0);
      total += e * e;
    }
  }
  return total / probs.length;
}

/**
 * Binary Brier score: the mean of (pPositive - label)^2, in [0, 1] (half the two-class
 * multiclass score).
 * @param pPositive - predicted probability that the label is 1
 * @param labels - 0 or 1
 */
export function brierScoreBinary(pPositive: Sample, labels: Sample): number {
  checkBinary("brierScoreBinary", pPositive, labels);
  let total = 0;
  for (let i = 0; i < pPositive.length; i++) {
    const e = pPositive[i]! - labels[i]!;
    total += e * e;
  }
  return total / pPositive.length;
}
