/**
 * Sample quantiles by linear interpolation between order statistics: Hyndman & Fan's type 7,
 * the default of NumPy (`method="linear"`) and of R's `quantile`.
 * @module
 */

/** A sorted copy (ascending) of the draws. */
export function sorted(x: ArrayLike<number>): Float64Array {
  return Float64Array.from(x).sort();
}

/**
 * The type-7 quantile of ascending `sortedX` at probability p ∈ [0, 1]: with h = (n − 1)p and
 * g = h − ⌊h⌋, the interpolation between a = x_⌊h⌋ and b = x_⌊h⌋+1 (0-based). Evaluated as NumPy's
 * `_lerp` does, a + (b − a)g for g < ½ and b − (b − a)(1 − g) otherwise, which stays within
 * [a, b] and is exact at both ends. p = 0 gives the minimum, p = 1 the maximum.
 */
export function quantileSorted(sortedX: Float64Array, p: number): number {
  const h = (sortedX.length - 1) * p;
  const lo = Math.floor(h);
  const a = sortedX[lo]!;
  if (lo === h || lo + 1 >= sortedX.length) return a;
  const b = sortedX[lo + 1]!;
  const g = h - lo;
  const diff = b - a;
  return g < 0.5 ? a + diff * g : b - diff * (1 - g);
}

/**
 * Type-7 quantiles of the draws at each probability in `probs` (NumPy's default
 * `np.quantile(x, probs)`; R's `quantile(x, probs)`).
 *
 * @throws if `x` is empty or a probability lies outside [0, 1].
 */
export function quantiles(x: ArrayLike<number>, probs: readonly number[]): number[] {
  if (x.length === 0) throw new Error("quantiles: need at least one draw, got an empty array");
  for (const p of probs) {
    if (!(p >= 0 && p <= 1)) throw new Error(`quantiles: probabilities must lie in [0, 1], got ${p}`);
  }
  const s = sorted(x);
  return probs.map((p) => quantileSorted(s, p));
}
