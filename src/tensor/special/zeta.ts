/**
 * The Hurwitz zeta function ζ(s, q) = Σ_{k≥0} (q + k)^{-s}, by Euler–Maclaurin summation
 * (Abramowitz & Stegun 23.1.30; the method of Cephes `zeta`). It supplies trigamma's
 * relatives and the Taylor coefficients lgamma and digamma are built from.
 * @module
 */

/** B_{2j} / (2j)!, j = 1..10, the Euler–Maclaurin correction weights. */
const BERNOULLI_OVER_FACTORIAL: readonly number[] = [
  1 / 6 / 2,
  -1 / 30 / 24,
  1 / 42 / 720,
  -1 / 30 / 40320,
  5 / 66 / 3628800,
  -691 / 2730 / 479001600,
  7 / 6 / 87178291200,
  -3617 / 510 / 20922789888000,
  43867 / 798 / 6402373705728000,
  -174611 / 330 / 2432902008176640000,
];

/**
 * Hurwitz zeta ζ(s, q) for s > 1, q > 0; ζ(s, 1) is the Riemann zeta function.
 * Relative accuracy about 1e-15. Returns +Infinity at s = 1 (the pole) and NaN for s < 1 or
 * q ≤ 0, where the series diverges (the analytic continuation is not provided).
 */
export function hurwitzZeta(s: number, q: number): number {
  if (Number.isNaN(s) || Number.isNaN(q)) return NaN;
  if (s === 1) return Infinity;
  if (!(s > 1) || !(q > 0)) return NaN;
  if (q === Infinity) return 0;
  // Sum directly until the shifted argument a = q + N is at least s + 10: then each
  // Euler–Maclaurin term is about (s + 2j)² / (2πa)² ≤ 1/25 of the previous one, and ten terms
  // leave a remainder below 1e-16 relative.
  const n = Math.max(0, Math.ceil(s + 10 - q));
  let sum = 0;
  for (let k = n - 1; k >= 0; k--) sum += Math.pow(q + k, -s); // smallest terms first
  const a = q + n;
  const aPow = Math.pow(a, -s);
  let tail = (a * aPow) / (s - 1) + aPow / 2;
  // Σ_j B_{2j}/(2j)! · s(s+1)…(s+2j-2) · a^{-s-2j+1}
  let rising = s; // s(s+1)…(s+2j-2)
  let power = aPow / a; // a^{-s-2j+1}
  const inv2 = 1 / (a * a);
  for (let j = 0; j < BERNOULLI_OVER_FACTORIAL.length; j++) {
    const t = BERNOULLI_OVER_FACTORIAL[j]! * rising * power;
    tail += t;
    if (Math.abs(t) < 1e-17 * Math.abs(tail)) break;
    rising *= (s + 2 * j + 1) * (s + 2 * j + 2);
    power *= inv2;
  }
  return sum + tail;
}
