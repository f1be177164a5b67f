/**
 * The standard normal distribution function and its inverse: ndtr, logNdtr, ndtri, and the
 * inverse error functions erfinv and erfcinv, which are rescaled normal quantiles.
 * @module
 */
import { erf } from "./erf.js";
import { erfcxContinuedFraction, expNegHalfSquare } from "./gaussianTail.js";

/** Below this |x| the CDF is ½(1 + erf(x/√2)); beyond it the tail formula is used. */
const TAIL_START = Math.SQRT2;

/**
 * Lower-tail probability Φ(x) for x ≤ -TAIL_START:
 * Φ(x) = ½ e^{-x²/2} erfcx(|x|/√2), with the exponent formed exactly (Cody 1969) so the tail
 * keeps full relative accuracy down to the underflow at x ≈ -38.5.
 */
function lowerTail(x: number): number {
  return 0.5 * expNegHalfSquare(x) * erfcxContinuedFraction(-x * Math.SQRT1_2);
}

/**
 * The standard normal CDF Φ(x) = ½ erfc(-x/√2). Relative accuracy 2e-15 everywhere, including
 * the lower tail down to its underflow (where SciPy's ndtr, which rounds x/√2 first, drifts by
 * up to 1e-13).
 */
export function ndtr(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= -TAIL_START) return lowerTail(x);
  if (x < TAIL_START) return 0.5 + 0.5 * erf(x * Math.SQRT1_2);
  return 1 - lowerTail(-x);
}

/**
 * log Φ(x), accurate in both tails. For x ≤ -√2: log Φ(x) = -x²/2 + log(½ erfcx(-x/√2)), a sum
 * of two terms of the same sign (no asymptotic series needed: the continued fraction for erfcx
 * converges faster the further out x is), accurate to about 1e-15 relative for x down to
 * -1e8 and beyond. For x > 0: log1p(-Φ(-x)), so values near 0 keep their relative accuracy.
 */
export function logNdtr(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= -TAIL_START) return -0.5 * x * x + Math.log(0.5 * erfcxContinuedFraction(-x * Math.SQRT1_2));
  if (x <= 0) return Math.log(ndtr(x));
  return Math.log1p(-ndtr(-x));
}

// Wichura (1988), Algorithm AS 241 (PPND16), Applied Statistics 37(3):477–484: rational
// approximations of degree 7/7 accurate to about 1e-16 in three regions.
/** Central region |p - ½| ≤ 0.425, in r = 0.180625 - q². */
const A = [
  3.387132872796366608, 133.14166789178437745, 1971.5909503065514427, 13731.693765509461125,
  45921.953931549871457, 67265.770927008700853, 33430.575583588128105, 2509.0809287301226727,
];
const B = [
  1, 42.313330701600911252, 687.1870074920579083, 5394.1960214247511077, 21213.794301586595867,
  39307.89580009271061, 28729.085735721942674, 5226.495278852854561,
];
/** Intermediate tail, r = √(-log p) - 1.6 for √(-log p) ≤ 5. */
const C = [
  1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
  1.27045825245236838258, 0.24178072517745061177, 0.0227238449892691845833, 7.7454501427834140764e-4,
];
const D = [
  1, 2.05319162663775882187, 1.6763848301838038494, 0.68976733498510000455, 0.14810397642748007459,
  0.0151986665636164571966, 5.475938084995344946e-4, 1.05075007164441684324e-9,
];
/** Far tail, r = √(-log p) - 5. */
const E = [
  6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 0.29656057182850489123,
  0.026532189526576123093, 0.0012426609473880784386, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
];
const F = [
  1, 0.59983220655588793769, 0.13692988092273580531, 0.0148753612908506148525, 7.868691311456132591e-4,
  1.8463183175100546818e-5, 1.4215117583164458887e-7, 2.04426310338993978564e-15,
];

function ratio(num: readonly number[], den: readonly number[], r: number): number {
  let n = 0;
  let d = 0;
  for (let i = num.length - 1; i >= 0; i--) {
    n = n * r + num[i]!;
    d = d * r + den[i]!;
  }
  return n / d;
}

/** Normal quantile for q = p - ½ with |q| ≤ 0.425. */
function centralQuantile(q: number): number {
  return q * ratio(A, B, 0.180625 - q * q);
}

/** |Φ⁻¹(p)| for a tail probability 0 < p < 0.075 (the quantile itself is negative). */
function tailQuantileMagnitude(p: number): number {
  const r = Math.sqrt(-Math.log(p));
  return r <= 5 ? ratio(C, D, r - 1.6) : ratio(E, F, r - 5);
}

/**
 * The standard normal quantile Φ⁻¹(p), by Wichura's AS 241 (PPND16), relative accuracy about
 * 1e-16. -Infinity at 0, +Infinity at 1, NaN outside [0, 1] (undefined there).
 */
export function ndtri(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) return centralQuantile(q);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  return q < 0 ? -tailQuantileMagnitude(p) : tailQuantileMagnitude(1 - p);
}

/**
 * The inverse error function: erf(erfinv(y)) = y for y in [-1, 1]. erfinv(y) = Φ⁻¹((1+y)/2)/√2,
 * evaluated without forming (1+y)/2 near y = 0 (which would lose tiny y entirely).
 * ±Infinity at ±1, NaN outside [-1, 1].
 */
export function erfinv(y: number): number {
  if (!(y >= -1 && y <= 1)) return NaN;
  const ay = Math.abs(y);
  if (ay <= 0.85) return centralQuantile(0.5 * y) * Math.SQRT1_2;
  if (ay === 1) return y * Infinity;
  const m = tailQuantileMagnitude(0.5 * (1 - ay)) * Math.SQRT1_2; // 1 - |y| is exact here
  return y < 0 ? -m : m;
}

/**
 * The inverse complementary error function: erfc(erfcinv(z)) = z for z in [0, 2].
 * erfcinv(z) = -Φ⁻¹(z/2)/√2, with z/2 exact, so tiny z keep full relative accuracy.
 * +Infinity at 0, -Infinity at 2, NaN outside [0, 2].
 */
export function erfcinv(z: number): number {
  if (!(z >= 0 && z <= 2)) return NaN;
  return -ndtri(0.5 * z) * Math.SQRT1_2;
}
