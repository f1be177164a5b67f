/**
 * Error-free transformations: a floating-point result together with its exact rounding error,
 * for the few places where one rounding would be amplified.
 * @module
 */

/** 2^27 + 1: Veltkamp's splitting constant for binary64. */
const SPLITTER = 134217729;

/**
 * The exact product a·b as an unevaluated sum hi + lo, hi = fl(a·b) (Dekker 1971, with
 * Veltkamp's split). Valid while |a|, |b| < 2^996 (the split must not overflow).
 */
export function twoProduct(a: number, b: number): [hi: number, lo: number] {
  const hi = a * b;
  let t = SPLITTER * a;
  const aHi = t - (t - a);
  const aLo = a - aHi;
  t = SPLITTER * b;
  const bHi = t - (t - b);
  const bLo = b - bHi;
  const lo = aHi * bHi - hi + aHi * bLo + aLo * bHi + aLo * bLo;
  return [hi, lo];
}

/**
 * Σ values by Neumaier's (1974) compensated summation: the result is accurate to about one
 * rounding of the exact sum (plus 2⁻¹⁰⁶ times Σ|values|), even when the terms cancel.
 */
export function compensatedSum(values: readonly number[]): number {
  let sum = 0;
  let compensation = 0;
  for (const v of values) {
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + compensation;
}
