/**
 * The log-gamma family: lgamma, lgamma1p, logFactorial, digamma, trigamma, and the Stirling
 * remainder that incomplete-gamma and beta functions use to avoid cancelling large logs.
 *
 * Method. For x ≥ 10: Stirling's series with nine Bernoulli terms. Near x = 1 and 2, where
 * log Γ has its zeros: the Taylor series of log Γ(2 + z) (Abramowitz & Stegun 6.1.33, with
 * coefficients (-1)^k (ζ(k) - 1)/k computed once by Euler–Maclaurin), so relative accuracy
 * holds right at the zeros. In between: the recurrence Γ(x + 1) = xΓ(x) carried as a product,
 * one log at the end. Negative arguments: the reflection formula with an exact sin(πx).
 * Digamma uses the derivative of the same series, a Taylor series about its positive root
 * x₀ = 1.4616…, and the asymptotic series, so it too keeps relative accuracy at its zero.
 * @module
 */
import { cosPi, sinPi } from "./trig.js";
import { hurwitzZeta } from "./zeta.js";

/** 1 - γ: the double nearest the constant itself (1 - fl(γ) would carry γ's rounding). */
const ONE_MINUS_EULER_GAMMA = 0.42278433509846713;
/** log √(2π). */
const LOG_SQRT_2PI = 0.9189385332046728;
const LOG_PI = 1.1447298858494002;

/** Terms kept in the series about 2: |z| ≤ 1/2 and ζ(k) - 1 ≈ 2^-k make term k about 4^-k. */
const SERIES_TERMS = 30;

/** ζ(k) - 1 = ζ(k, 2) for k = 0..SERIES_TERMS (entries 0 and 1 unused). */
const ZETA_MINUS_ONE: readonly number[] = Array.from({ length: SERIES_TERMS + 1 }, (_, k) =>
  k < 2 ? 0 : hurwitzZeta(k, 2),
);

/** log Γ(2 + z) = (1 - γ) z + Σ_{k≥2} (-1)^k (ζ(k) - 1) z^k / k, for |z| ≤ 1/2. */
function lgamma2p(z: number): number {
  let acc = 0;
  for (let k = SERIES_TERMS; k >= 2; k--) acc = z * acc + ((k & 1 ? -1 : 1) * ZETA_MINUS_ONE[k]!) / k;
  return z * (ONE_MINUS_EULER_GAMMA + z * acc);
}

/** ψ(2 + z) = (1 - γ) + Σ_{k≥2} (-1)^k (ζ(k) - 1) z^{k-1}, the derivative of lgamma2p. */
function digamma2p(z: number): number {
  let acc = 0;
  for (let k = SERIES_TERMS; k >= 2; k--) acc = z * acc + (k & 1 ? -1 : 1) * ZETA_MINUS_ONE[k]!;
  return ONE_MINUS_EULER_GAMMA + z * acc;
}

/**
 * Stirling's remainder log Γ(x) - [(x - ½) log x - x + log √(2π)] for x ≥ 10, as the
 * asymptotic series Σ_{k=1}^{9} B_{2k} / (2k(2k-1) x^{2k-1}); the first omitted term is below
 * 1e-19 at x = 10. Exported for the incomplete gamma and beta prefactors.
 */
export function stirlingCorrection(x: number): number {
  const t = 1 / (x * x);
  return (
    (1 / 12 +
      t *
        (-1 / 360 +
          t *
            (1 / 1260 +
              t *
                (-1 / 1680 +
                  t *
                    (1 / 1188 + t * (-691 / 360360 + t * (1 / 156 + t * (-3617 / 122400 + t * (43867 / 244188))))))))) /
    x
  );
}

/**
 * log Γ(x) for x in [2.5, 10): Γ(x) = (x-1)(x-2)…(y) Γ(y) with y in [1.5, 2.5). Each y - 1 step
 * is exact, and at integers the product is an exact factorial, so lgamma(n) is log((n-1)!) to
 * one rounding.
 */
function lgammaMidRange(x: number): number {
  let y = x;
  let product = 1;
  while (y >= 2.5) {
    y -= 1;
    product *= y;
  }
  return Math.log(product) + lgamma2p(y - 2);
}

/**
 * log Γ(1 + z), accurate also for small |z| where Γ(1 + z) ≈ 1 and forming 1 + z would lose
 * z's digits. Used by the incomplete gamma function at small shape parameters.
 */
export function lgamma1p(z: number): number {
  if (Math.abs(z) <= 0.5) return lgamma2p(z) - Math.log1p(z);
  return lgamma(1 + z);
}

/**
 * log |Γ(x)|, the log of the absolute value of the gamma function.
 * Relative accuracy about 1e-15 for x > 0 (including at the zeros x = 1 and x = 2, where it is
 * exactly 0), exact to one rounding of `Math.log` at integers up to 9; for negative
 * non-integers it follows the reflection formula (accuracy degrades only next to the zeros of
 * log|Γ| near x ≈ -2.46, -2.75, …). +Infinity at the poles x = 0, -1, -2, … and at ±Infinity.
 */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (!Number.isFinite(x)) return Infinity;
  if (x >= 10) return (x - 0.5) * Math.log(x) - x + LOG_SQRT_2PI + stirlingCorrection(x);
  if (x >= 2.5) return lgammaMidRange(x);
  if (x >= 1.5) return lgamma2p(x - 2);
  if (x >= 0.5) return lgamma2p(x - 1) - Math.log(x); // log Γ(x) = log Γ(x + 1) - log x
  if (x > 0) return lgamma1p(x) - Math.log(x);
  if (x === Math.floor(x)) return Infinity; // pole
  if (x > -0.5) return lgamma1p(x) - Math.log(-x);
  // Reflection: Γ(x) Γ(1 - x) = π / sin(πx).
  return LOG_PI - Math.log(Math.abs(sinPi(x))) - lgamma(1 - x);
}

/**
 * log(n!) = log Γ(n + 1) for real n ≥ 0 (not only integers).
 * @throws RangeError for negative or NaN n.
 */
export function logFactorial(n: number): number {
  if (!(n >= 0)) throw new RangeError(`logFactorial: n must be >= 0, got ${n}`);
  return lgamma1p(n);
}

/** The positive root of digamma, split into a double and its residual (x₀ = HI + LO). */
const DIGAMMA_ROOT_HI = 1.4616321449683622;
const DIGAMMA_ROOT_LO = 9.549995429965697e-17;
const ROOT_SERIES_TERMS = 24;
/** ψ(x₀ + h) = Σ_{k≥1} (-1)^{k+1} ζ(k + 1, x₀) h^k (Taylor series; ψ^(k)(x) = (-1)^{k+1} k! ζ(k+1, x)). */
const DIGAMMA_ROOT_COEFFS: readonly number[] = Array.from({ length: ROOT_SERIES_TERMS + 1 }, (_, k) =>
  k === 0 ? 0 : (k & 1 ? 1 : -1) * hurwitzZeta(k + 1, DIGAMMA_ROOT_HI),
);

/** ψ near its root: h = x - x₀ formed in two parts so it is exact to double precision. */
function digammaNearRoot(x: number): number {
  const h = x - DIGAMMA_ROOT_HI - DIGAMMA_ROOT_LO;
  let acc = 0;
  for (let k = ROOT_SERIES_TERMS; k >= 1; k--) acc = h * acc + DIGAMMA_ROOT_COEFFS[k]!;
  return h * acc;
}

/** ψ(x) ~ log x - 1/(2x) - Σ B_{2k} / (2k x^{2k}), for x ≥ 10 (A&S 6.3.18). */
function digammaAsymptotic(x: number): number {
  const t = 1 / (x * x);
  const series =
    t *
    (1 / 12 +
      t *
        (-1 / 120 +
          t * (1 / 252 + t * (-1 / 240 + t * (1 / 132 + t * (-691 / 32760 + t * (1 / 12 + t * (-3617 / 8160))))))));
  return Math.log(x) - 0.5 / x - series;
}

/**
 * The digamma function ψ(x) = d/dx log Γ(x). Relative accuracy about 1e-15 for x > 0,
 * including near its positive root x₀ ≈ 1.4616. For x < 0 uses the reflection
 * ψ(1 - x) - ψ(x) = π cot(πx) (accuracy degrades next to the negative roots).
 * NaN at the poles x = 0, -1, -2, … (the one-sided limits are ±∞, so the value is undefined)
 * and at -Infinity; +Infinity at +Infinity.
 */
export function digamma(x: number): number {
  if (Number.isNaN(x) || x === -Infinity) return NaN;
  if (x === Infinity) return Infinity;
  if (x <= 0) {
    if (x === Math.floor(x)) return NaN;
    return digamma(1 - x) - (Math.PI * cosPi(x)) / sinPi(x);
  }
  if (x >= 10) return digammaAsymptotic(x);
  if (x >= 2.5) {
    // Recur down to y in [1.5, 2.5), where ψ(y) > 0: every term added is positive.
    let y = x;
    let sum = 0;
    while (y >= 2.5) {
      y -= 1;
      sum += 1 / y;
    }
    return digamma2p(y - 2) + sum;
  }
  if (Math.abs(x - DIGAMMA_ROOT_HI) <= 0.25) return digammaNearRoot(x);
  if (x >= 1.5) return digamma2p(x - 2);
  if (x >= 0.5) return digamma2p(x - 1) - 1 / x; // ψ(x) = ψ(x + 1) - 1/x
  return digamma2p(x) - 1 / x - 1 / (x + 1);
}

/**
 * The trigamma function ψ₁(x) = d²/dx² log Γ(x). For x > 0: the recurrence
 * ψ₁(x) = ψ₁(x + 1) + 1/x² up to x ≥ 10, then the asymptotic series (A&S 6.4.12); every term
 * is positive, so the relative accuracy is about 1e-15. For x < 0: reflection
 * ψ₁(1 - x) + ψ₁(x) = π² / sin²(πx). +Infinity at the poles x = 0, -1, -2, … (both one-sided
 * limits are +∞); 0 at +Infinity; NaN at -Infinity.
 */
export function trigamma(x: number): number {
  if (Number.isNaN(x) || x === -Infinity) return NaN;
  if (x === Infinity) return 0;
  if (x <= 0) {
    if (x === Math.floor(x)) return Infinity;
    const s = sinPi(x);
    return (Math.PI * Math.PI) / (s * s) - trigamma(1 - x);
  }
  let sum = 0;
  let y = x;
  while (y < 10) {
    sum += 1 / (y * y);
    y += 1;
  }
  const t = 1 / (y * y);
  // 1/y + 1/(2y²) + Σ_{k≥1} B_{2k} / y^{2k+1}
  const series =
    t *
    (1 / 6 +
      t *
        (-1 / 30 +
          t *
            (1 / 42 +
              t * (-1 / 30 + t * (5 / 66 + t * (-691 / 2730 + t * (7 / 6 + t * (-3617 / 510 + t * (43867 / 798)))))))));
  return sum + (1 + 0.5 / y + series) / y;
}
