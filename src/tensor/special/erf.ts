/**
 * The error function and its complements: erf, erfc, erfcx.
 *
 * |x| below the crossover: the everywhere-positive series
 * erf(x) = (2/√π) x e^{-x²} Σ_{n≥0} (2x²)^n / (1·3·…·(2n+1)) (Abramowitz & Stegun 7.1.6),
 * which has no cancellation. Above it: erfc(x) = e^{-x²} · erfcx(x) with the continued fraction
 * of gaussianTail.ts and Cody's (1969) exact-square exponent, so erfc keeps about 1e-15
 * relative accuracy out to its underflow at x ≈ 26.5.
 * @module
 */
import { erfcxContinuedFraction, expNegSquare } from "./gaussianTail.js";

/** 2/√π */
const TWO_OVER_SQRT_PI = 1.1283791670955126;

/**
 * Below this |x| erf uses its series; above, 1 - erfc. (erf ≥ 0.84 above it, so 1 - erfc loses
 * nothing, and the series stays short below it.)
 */
const ERF_CROSSOVER = 1;
/**
 * Below this |x| erfc is 1 - erf(x); above, the continued fraction. (erfc ≥ 0.48 below it, so
 * the difference cancels at most one bit.)
 */
const ERFC_CROSSOVER = 0.5;

/** erf(x) for |x| ≤ 1 by A&S 7.1.6; all terms positive. */
function erfSeries(x: number): number {
  const x2 = x * x;
  const twoX2 = 2 * x2;
  let term = 1;
  let sum = 1;
  for (let n = 1; n < 200; n++) {
    term *= twoX2 / (2 * n + 1);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return TWO_OVER_SQRT_PI * x * expNegSquare(x) * sum;
}

/** erfc(x) for x ≥ 1/2. */
function erfcTail(x: number): number {
  if (x > 27.5) return 0;
  return expNegSquare(x) * erfcxContinuedFraction(x);
}

/** The error function erf(x) = (2/√π) ∫₀ˣ e^{-t²} dt; relative accuracy about 1e-15. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < ERF_CROSSOVER) return erfSeries(x);
  const r = 1 - erfcTail(ax);
  return x < 0 ? -r : r;
}

/**
 * The complementary error function erfc(x) = 1 - erf(x), with relative accuracy about 1e-15
 * in the right tail until it underflows (x ≈ 26.5).
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= ERFC_CROSSOVER) return erfcTail(x);
  if (x > -ERFC_CROSSOVER) return 1 - erfSeries(x);
  return 2 - erfcTail(-x);
}

/**
 * The scaled complementary error function erfcx(x) = e^{x²} erfc(x), finite and smooth in the
 * right tail where erfc underflows (≈ 1/(x√π) for large x). Overflows to +Infinity for
 * x below about -26.6.
 */
export function erfcx(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= ERFC_CROSSOVER) return erfcxContinuedFraction(x);
  if (x > -ERFC_CROSSOVER) return (1 - erfSeries(x)) / expNegSquare(x);
  if (x < -26.7) return Infinity;
  return 2 / expNegSquare(x) - erfcxContinuedFraction(-x);
}
