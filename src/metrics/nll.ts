/** Negative log-likelihood (log loss) of predicted class probabilities. */
import { checkLabels, checkProbs, type Sample } from "./validate.js";

/**
 * Mean over examples of -log(probability given to the true class). No clamping: a probability
 * of 0 on the true class gives Infinity, because clamping would hide a confidently wrong model
 * behind an arbitrary finite number.
 * @param probs - one row of class probabilities per example, each summing to 1
 * @param labels - the true class of each example
 */
export function negativeLogLikelihood(probs: ReadonlyArray<Sample>, labels: Sample): number {
  const k = checkProbs("negativeLogLikelihood", probs);
  checkLabels("negativeLogLikelihood", labels, probs.length, k);
  let total = 0;
  for (let i = 0; i < probs.length; i++) total -= Math.log(probs[i]![labels[i]!]!);
  return total / probs.length;
}
