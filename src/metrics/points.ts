/** Samples of points in R^d, given as rows, and the Euclidean distance between them. */
import { finiteSample, type Sample } from "./validate.js";

/** Copy rows of points into checked Float64Arrays of one common dimension. */
export function pointRows(what: string, name: string, rows: ReadonlyArray<Sample>, dim?: number): Float64Array[] {
  if (rows.length === 0) throw new Error(`${what}: ${name} has no points`);
  const d = dim ?? rows[0]!.length;
  if (d === 0) throw new Error(`${what}: ${name} points have no coordinates`);
  return rows.map((r, i) => {
    if (r.length !== d) throw new Error(`${what}: ${name} row ${i} has ${r.length} coordinates, expected ${d}`);
    return finiteSample(what, `${name} row ${i}`, r);
  });
}

/** Euclidean distance between two points of equal dimension. */
export function euclidean(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) {
    const d = a[k]! - b[k]!;
    s += d * d;
  }
  return Math.sqrt(s);
}
