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
// approximations of degree 7/7 accurate to about 1e-16 in three regions. The published
// 20-digit coefficients are written as the doubles they round to.
/** Central region |p - ½| ≤ 0.425, in r = 0.180625 - q². */
const A = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987, 67265.7709270087,
  33430.57558358813, 2509.0809287301227,
];
const B = [
  1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271, 28729.085735721943,
  5226.495278852854,
];
/** Intermediate tail, r = √(-log p) - 1.6 for √(-log p) ≤ 5. */
const C = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684, 0.2417807251774506,
  0.022723844989269184, 0.0007745450142783414,
];
const D = [
  1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008, 0.015198666563616457,
  0.0005475938084995345, 1.0507500716444169e-9,
];
/** Far tail, r = √(-log p) - 5. */
const E = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487, 0.026532189526576124,
  0.0012426609473880784, 2.7115555687434876e-5, 2.0103343992922881e-7,
];
const F = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133, 1.8463183175100548e-5,
  1.421511758316446e-7, 2.0442631033899397e-15,
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
