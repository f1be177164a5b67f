/**
 * Distances between two samples of points in R^d, for comparing a fitted guide's draws with
 * exact draws.
 */

/** Euclidean distance between row i of a and row j of b (rows of length d). */
function rowDistance(a: Float64Array, i: number, b: Float64Array, j: number, d: number): number {
  let s = 0;
  for (let k = 0; k < d; k++) s += (a[i * d + k]! - b[j * d + k]!) ** 2;
  return Math.sqrt(s);
}

/** Mean distance over pairs (i, j) of rows of a and b, i ≠ j when `distinct` (same sample). */
function meanPairDistance(a: Float64Array, b: Float64Array, d: number, distinct: boolean): number {
  const n = a.length / d;
  const m = b.length / d;
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) if (!distinct || i !== j) s += rowDistance(a, i, b, j, d);
  return s / (distinct ? n * (n - 1) : n * m);
}

/**
 * The energy distance of Székely & Rizzo (2013), 2 E|X − Y| − E|X − X'| − E|Y − Y'|, from
 * samples x and y (row-major, rows of length d), with the within-sample means over distinct
 * pairs (U-statistics). Zero in expectation when the two laws are equal, positive otherwise.
 */
export function energyDistance(x: Float64Array, y: Float64Array, d: number): number {
  return 2 * meanPairDistance(x, y, d, false) - meanPairDistance(x, x, d, true) - meanPairDistance(y, y, d, true);
}
