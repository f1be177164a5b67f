/** First Wasserstein (earth mover's) distance between two 1-D distributions. */
import { cdfDistance } from "./cdfDistance.js";
import type { Sample } from "./validate.js";

/**
 * W1 between the (optionally weighted) empirical distributions of `u` and `v`, as
 * scipy.stats.wasserstein_distance: in one dimension W1 = integral |F_u(x) - F_v(x)| dx
 * (Vallender 1974), so sorting is enough. Weights need not be normalised.
 * @param u - points of the first distribution
 * @param v - points of the second distribution
 * @param uWeights - non-negative weights of `u` (default equal)
 * @param vWeights - non-negative weights of `v` (default equal)
 * @example wasserstein1([0, 1, 3], [5, 6, 8]) // 5
 */
export function wasserstein1(u: Sample, v: Sample, uWeights?: Sample, vWeights?: Sample): number {
  return cdfDistance("wasserstein1", 1, u, v, uWeights, vWeights);
}
