/**
 * Distances between two 1-D distributions through their CDFs, integral |F_u - F_v|^p dx,
 * as scipy.stats computes wasserstein_distance (p = 1) and energy_distance (p = 2).
 */
import { finiteSample, sampleWeights, type Sample } from "./validate.js";

/** A weighted sample sorted by value, with cumulative weights normalised to end at 1. */
interface SortedSample {
  values: Float64Array;
  cdf: Float64Array;
}

function sortWeighted(values: Float64Array, weights: Float64Array | null): SortedSample {
  const order = Array.from(values.keys()).sort((a, b) => values[a]! - values[b]!);
  const sorted = new Float64Array(order.length);
  const cdf = new Float64Array(order.length);
  let acc = 0;
  order.forEach((idx, k) => {
    sorted[k] = values[idx]!;
    acc += weights === null ? 1 : weights[idx]!;
    cdf[k] = acc;
  });
  for (let k = 0; k < cdf.length; k++) cdf[k]! /= acc;
  return { values: sorted, cdf };
}

/** Right-continuous CDF at x, advancing a cursor over a sorted sample (x must not decrease). */
function cdfAt(s: SortedSample, x: number, cursor: { k: number }): number {
  while (cursor.k < s.values.length && s.values[cursor.k]! <= x) cursor.k++;
  return cursor.k === 0 ? 0 : s.cdf[cursor.k - 1]!;
}

/**
 * integral over the real line of |F_u(x) - F_v(x)|^p for p = 1 or 2, the CDFs being those of the
 * (weighted) empirical distributions. Validates inputs, naming `what` in errors.
 */
export function cdfDistance(
  what: string,
  p: 1 | 2,
  u: Sample,
  v: Sample,
  uWeights?: Sample,
  vWeights?: Sample,
): number {
  const uv = finiteSample(what, "u", u);
  const vv = finiteSample(what, "v", v);
  const su = sortWeighted(uv, sampleWeights(what, "uWeights", uWeights, uv.length));
  const sv = sortWeighted(vv, sampleWeights(what, "vWeights", vWeights, vv.length));
  const all = new Float64Array(uv.length + vv.length);
  all.set(uv);
  all.set(vv, uv.length);
  all.sort();
  const cu = { k: 0 };
  const cv = { k: 0 };
  let total = 0;
  for (let k = 0; k + 1 < all.length; k++) {
    const delta = all[k + 1]! - all[k]!;
    if (delta === 0) continue;
    const diff = Math.abs(cdfAt(su, all[k]!, cu) - cdfAt(sv, all[k]!, cv));
    total += (p === 1 ? diff : diff * diff) * delta;
  }
  return total;
}
