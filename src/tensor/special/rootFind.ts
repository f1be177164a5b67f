/**
 * Safeguarded Halley iteration for an increasing function on a bracket: the root finder behind
 * the inverse incomplete gamma and beta functions.
 * @module
 */

/** Value f(x), derivative f'(x) > 0, and curvature ratio f''(x)/f'(x) at a point. */
export interface HalleyEval {
  f: number;
  df: number;
  curvature: number;
}

/**
 * Solve f(x) = 0 for increasing f with the root inside (lo, hi). Each step is Halley's
 * x - (f/f') / (1 - ½ (f/f') (f''/f')) (Newton's step when that correction is large); any
 * step leaving the current bracket, or not finite, is replaced by `split(lo, hi)`, so the
 * iteration cannot diverge. The bracket shrinks around every evaluated point by the sign of f.
 * Stops when the step is below 1e-15 relative, or after `maxIter` steps, returning the last
 * point.
 */
export function solveIncreasing(
  fn: (x: number) => HalleyEval,
  x0: number,
  lo: number,
  hi: number,
  split: (lo: number, hi: number) => number,
  maxIter = 100,
): number {
  let x = x0 > lo && x0 < hi ? x0 : split(lo, hi);
  for (let i = 0; i < maxIter; i++) {
    const { f, df, curvature } = fn(x);
    if (f === 0 || Number.isNaN(f)) return x;
    if (f < 0) lo = x;
    else hi = x;
    const newton = f / df;
    const denom = 1 - 0.5 * newton * curvature;
    const step = denom > 0.5 && denom < 2 ? newton / denom : newton;
    let next = x - step;
    if (!(next > lo && next < hi)) next = split(lo, hi);
    if (Math.abs(next - x) <= 1e-15 * Math.abs(next) || next === x) return next;
    x = next;
  }
  return x;
}
