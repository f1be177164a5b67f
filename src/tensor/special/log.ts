/**
 * Logarithms and exponentials near their cancellation points: log1p, expm1, log1pmx, xlogy,
 * xlog1py.
 * @module
 */

/** log(1 + x), accurate for small |x| (V8's fdlibm-derived `Math.log1p`). */
export function log1p(x: number): number {
  return Math.log1p(x);
}

/** e^x - 1, accurate for small |x| (V8's fdlibm-derived `Math.expm1`). */
export function expm1(x: number): number {
  return Math.expm1(x);
}

/**
 * log(1 + x) - x, without the cancellation of the naive difference for small |x|: a Taylor
 * series -x²/2 + x³/3 - … for |x| < 0.25, where the difference would lose digits.
 * NaN for x < -1 (log undefined); -Infinity at x = -1.
 */
export function log1pmx(x: number): number {
  if (Math.abs(x) >= 0.25) return Math.log1p(x) - x;
  // Σ_{k≥2} (-1)^{k+1} x^k / k; |x| < 1/4 makes each term at most a quarter of the last.
  let term = -x * x;
  let sum = term / 2;
  for (let k = 3; k < 60; k++) {
    term *= -x;
    const t = term / k;
    sum += t;
    if (Math.abs(t) <= 1e-17 * Math.abs(sum)) break;
  }
  return sum;
}

/**
 * x · log(y), defined as 0 when x = 0 (and y is not NaN) so that 0 · log 0 = 0, the
 * convention of entropies and Bernoulli/Poisson log-likelihoods.
 */
export function xlogy(x: number, y: number): number {
  if (x === 0 && !Number.isNaN(y)) return 0;
  return x * Math.log(y);
}

/** x · log(1 + y), defined as 0 when x = 0 (and y is not NaN). */
export function xlog1py(x: number, y: number): number {
  if (x === 0 && !Number.isNaN(y)) return 0;
  return x * Math.log1p(y);
}
