/**
 * The logistic family in log space: softplus, logSigmoid and logit, each arranged so that no
 * intermediate overflows or cancels.
 * @module
 */

/**
 * softplus(x) = log(1 + e^x). For x > 0 it is rewritten x + log1p(e^-x) so e^x never
 * overflows; for x ≤ 0, log1p(e^x) keeps full relative accuracy as e^x underflows.
 */
export function softplus(x: number): number {
  if (x > 0) return x + Math.log1p(Math.exp(-x));
  return Math.log1p(Math.exp(x));
}

/** log σ(x) = -softplus(-x), the log of the logistic sigmoid; accurate in both tails. */
export function logSigmoid(x: number): number {
  return -softplus(-x);
}

/**
 * logit(p) = log(p / (1 - p)), the inverse of the logistic sigmoid. -Infinity at 0, +Infinity
 * at 1, NaN outside [0, 1] (undefined there).
 *
 * For p ≥ 1/4, logit(p) = 2·atanh(2p - 1): 2p - 1 is exact there (Sterbenz), so the result
 * keeps full relative accuracy near p = 1/2 (where logit crosses 0) and near p = 1 (where
 * 1 - p is exact too). Below 1/4, log(p) - log1p(-p) has no cancellation.
 */
export function logit(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p >= 0.25) return 2 * Math.atanh(2 * p - 1);
  return Math.log(p) - Math.log1p(-p);
}
