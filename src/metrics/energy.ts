/**
 * Energy distance (Székely & Rizzo 2013, "Energy statistics: a class of statistics based on
 * distances", J. Stat. Plan. Inference 143): D(X, Y) = sqrt(2 E|X - Y| - E|X - X'| - E|Y - Y'|),
 * zero exactly when the distributions agree. Expectations are over the empirical distributions,
 * pairs of a point with itself included (V-statistics), as in scipy.stats.energy_distance.
 */
import { cdfDistance } from "./cdfDistance.js";
import { euclidean, pointRows } from "./points.js";
import type { Sample } from "./validate.js";

/**
 * 1-D energy distance, as scipy.stats.energy_distance. In one dimension
 * 2 E|X-Y| - E|X-X'| - E|Y-Y'| = 2 integral (F - G)^2 dx, so it is computed from the CDFs in
 * O(n log n) rather than from all pairs.
 * @param u - points of the first distribution
 * @param v - points of the second distribution
 * @param uWeights - non-negative weights of `u` (default equal)
 * @param vWeights - non-negative weights of `v` (default equal)
 */
export function energyDistance(u: Sample, v: Sample, uWeights?: Sample, vWeights?: Sample): number {
  return Math.SQRT2 * Math.sqrt(cdfDistance("energyDistance", 2, u, v, uWeights, vWeights));
}

/** Mean Euclidean distance over all ordered pairs (a_i, b_j), self-pairs included. */
function meanDistance(a: Float64Array[], b: Float64Array[]): number {
  let s = 0;
  for (const p of a) for (const q of b) s += euclidean(p, q);
  return s / (a.length * b.length);
}

/**
 * Energy distance between two samples of points in R^d (rows), with Euclidean distances.
 * O((m + n)^2 d) time. On one-column data it equals {@link energyDistance}.
 * @param x - points of the first sample, one row each
 * @param y - points of the second sample, same dimension
 */
export function energyDistanceMultivariate(x: ReadonlyArray<Sample>, y: ReadonlyArray<Sample>): number {
  const xs = pointRows("energyDistanceMultivariate", "x", x);
  const ys = pointRows("energyDistanceMultivariate", "y", y, xs[0]!.length);
  const d2 = 2 * meanDistance(xs, ys) - meanDistance(xs, xs) - meanDistance(ys, ys);
  // The population quantity is >= 0; only rounding can push the estimate below it.
  return Math.sqrt(Math.max(0, d2));
}
