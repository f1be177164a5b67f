/**
 * Summaries of a set of importance log-weights: the normalised weights, the log of their
 * mean (the evidence estimate), and Kish's effective sample size.
 * @module
 */

/** log Σᵢ exp(logWᵢ), stable for large magnitudes; −Infinity when every weight is 0. */
export function logSumExp(logWeights: Float64Array): number {
  let max = -Infinity;
  for (const v of logWeights) if (v > max) max = v;
  if (max === -Infinity) return -Infinity;
  let s = 0;
  for (const v of logWeights) s += Math.exp(v - max);
  return max + Math.log(s);
}

/** wᵢ / Σⱼ wⱼ from log-weights; throws when every weight is 0 (nothing to normalise). */
export function normaliseLogWeights(logWeights: Float64Array, who: string): Float64Array {
  const total = logSumExp(logWeights);
  if (total === -Infinity)
    throw new Error(
      `${who}: every one of the ${logWeights.length} importance weights is 0: no draw of the proposal has positive posterior density`,
    );
  return logWeights.map((v) => Math.exp(v - total));
}

/**
 * Kish's effective sample size (Σw)²/Σw² = 1/Σŵ² of normalised weights ŵ: n for equal
 * weights, 1 when one weight carries everything (Kish 1965; Owen 2013, "Monte Carlo theory,
 * methods and examples", §9.3).
 */
export function kishESS(normalisedWeights: Float64Array): number {
  let s = 0;
  for (const w of normalisedWeights) s += w * w;
  return 1 / s;
}

/**
 * log((1/n) Σ exp(logWᵢ)): with weights p(θ, y)/q(θ), an unbiased estimate of p(y) on the
 * natural scale (its log is biased low by about Var(ŵ)/2 for large n).
 */
export function logMeanExp(logWeights: Float64Array): number {
  return logSumExp(logWeights) - Math.log(logWeights.length);
}
