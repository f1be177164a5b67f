/**
 * Sample moments of one array of draws: the building blocks of R-hat, ESS and MCSE.
 * @module
 */

/** The arithmetic mean. */
export function mean(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s / x.length;
}

/**
 * The sample variance Σ(x − x̄)² / (n − ddof), two-pass so that a large mean does not cancel
 * the digits of a small spread. `ddof = 1` is the unbiased estimator (R's `var`, NumPy's
 * `var(ddof=1)`); `ddof = 0` the biased one.
 */
export function variance(x: ArrayLike<number>, ddof: 0 | 1): number {
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const d = x[i]! - m;
    s += d * d;
  }
  return s / (x.length - ddof);
}

/** The mean of each chain. */
export function chainMeans(chains: readonly ArrayLike<number>[]): Float64Array {
  return Float64Array.from(chains, mean);
}

/** max − min below machine epsilon: the posterior package's test for "constant draws". */
export function isConstant(x: ArrayLike<number>): boolean {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    lo = Math.min(lo, x[i]!);
    hi = Math.max(hi, x[i]!);
  }
  return Math.abs(hi - lo) < Number.EPSILON;
}
