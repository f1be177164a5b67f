/**
 * Maximum mean discrepancy with a Gaussian kernel (Gretton, Borgwardt, Rasch, Schölkopf & Smola
 * 2012, "A kernel two-sample test", JMLR 13): the unbiased estimate of MMD^2 (their eq. 3).
 */
import { euclidean, pointRows } from "./points.js";
import type { Sample } from "./validate.js";

/** Options for {@link mmd}. */
export interface MmdOptions {
  /**
   * Kernel bandwidth sigma in k(a, b) = exp(-|a - b|^2 / (2 sigma^2)). Default: the median
   * heuristic (Gretton et al. 2012, sec. 8) — the median Euclidean distance over the
   * (m+n)(m+n-1)/2 distinct pairs of the pooled sample, the mean of the two middle values when
   * their number is even (NumPy's median).
   */
  bandwidth?: number;
}

/** A sample either of numbers (1-D) or of rows of coordinates. */
export type Points = Sample | ReadonlyArray<Sample>;

function asRows(what: string, name: string, p: Points, dim?: number): Float64Array[] {
  const rows =
    p.length > 0 && typeof p[0] === "number" ? Array.from(p as Sample, (v) => [v]) : (p as ReadonlyArray<Sample>);
  return pointRows(what, name, rows, dim);
}

/** Median of the pairwise distances within a pooled sample (the median heuristic). */
export function medianPairwiseDistance(points: ReadonlyArray<Float64Array>): number {
  const d: number[] = [];
  for (let i = 0; i < points.length; i++)
    for (let j = i + 1; j < points.length; j++) d.push(euclidean(points[i]!, points[j]!));
  if (d.length === 0) throw new Error("medianPairwiseDistance: need at least two points");
  d.sort((a, b) => a - b);
  const mid = d.length >> 1;
  return d.length % 2 === 1 ? d[mid]! : (d[mid - 1]! + d[mid]!) / 2;
}

/** Sum of the Gaussian kernel over pairs (a_i, b_j), skipping i = j when `skipDiagonal`. */
function kernelSum(a: Float64Array[], b: Float64Array[], gamma: number, skipDiagonal: boolean): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      if (skipDiagonal && i === j) continue;
      const r = euclidean(a[i]!, b[j]!);
      s += Math.exp(-gamma * r * r);
    }
  }
  return s;
}

/**
 * Unbiased squared MMD between samples x (m points) and y (n points), each at least 2:
 * sum_{i != j} k(x_i, x_j) / (m(m-1)) + sum_{i != j} k(y_i, y_j) / (n(n-1)) - 2 sum_{i,j} k(x_i, y_j) / (m n).
 * Its expectation is 0 when x and y come from one distribution, so single estimates can be
 * slightly negative. O((m + n)^2 d) time.
 * @param x - 1-D numbers or rows of coordinates
 * @param y - same form and dimension as x
 * @example mmd([0, 1], [2, 3], { bandwidth: 1 })
 */
export function mmd(x: Points, y: Points, { bandwidth }: MmdOptions = {}): number {
  const xs = asRows("mmd", "x", x);
  const ys = asRows("mmd", "y", y, xs[0]!.length);
  if (xs.length < 2) throw new Error(`mmd: x has ${xs.length} point, the unbiased estimator needs at least 2`);
  if (ys.length < 2) throw new Error(`mmd: y has ${ys.length} point, the unbiased estimator needs at least 2`);
  let sigma: number;
  if (bandwidth === undefined) {
    sigma = medianPairwiseDistance([...xs, ...ys]);
    if (sigma === 0)
      throw new Error("mmd: median-heuristic bandwidth is 0 (over half the pooled pairs coincide); pass a bandwidth");
  } else {
    if (!(bandwidth > 0 && Number.isFinite(bandwidth)))
      throw new Error(`mmd: bandwidth is ${bandwidth}, expected a finite number > 0`);
    sigma = bandwidth;
  }
  const gamma = 1 / (2 * sigma * sigma);
  const m = xs.length;
  const n = ys.length;
  return (
    kernelSum(xs, xs, gamma, true) / (m * (m - 1)) +
    kernelSum(ys, ys, gamma, true) / (n * (n - 1)) -
    (2 * kernelSum(xs, ys, gamma, false)) / (m * n)
  );
}
