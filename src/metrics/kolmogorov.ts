/**
 * The distribution of the one-sample two-sided Kolmogorov–Smirnov statistic D_n for finite n
 * (SciPy's `kstwo`), used by the asymptotic two-sample test. Which formula is used where follows
 * SciPy's `_kolmogn` (Simard & L'Ecuyer 2011, "Computing the two-sided Kolmogorov–Smirnov
 * distribution", J. Stat. Softw. 39(11)): closed forms at the ends (Ruben & Gambino 1982), twice the
 * one-sided tail where the two tails cannot both be crossed or where that is accurate, and the
 * exact Durbin matrix (Marsaglia, Tsang & Wang 2003) in between.
 */
import { logFactorial } from "../tensor/special.js";

/**
 * P(D_n^+ >= x), the exact one-sided tail (Birnbaum & Tingey 1951):
 * x * sum_{j=0}^{floor(n(1-x))} C(n, j) (1 - x - j/n)^(n-j) (x + j/n)^(j-1).
 * All terms are positive, so the sum (done in logs to survive large n) is stable. O(n) time.
 */
export function smirnovSf(n: number, x: number): number {
  if (x <= 0) return 1;
  if (x >= 1) return 0;
  const jMax = Math.floor(n * (1 - x));
  let sum = 0;
  const logN = logFactorial(n);
  for (let j = 0; j <= jMax; j++) {
    const a = 1 - x - j / n;
    if (a <= 0) continue; // (1 - x - j/n)^(n - j) with n - j > 0 vanishes
    const logTerm =
      logN - logFactorial(j) - logFactorial(n - j) + (n - j) * Math.log(a) + (j - 1) * Math.log(x + j / n);
    sum += Math.exp(logTerm);
  }
  return Math.min(1, x * sum);
}

/** Multiply square matrices (row-major, size m). */
function matmul(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const c = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let l = 0; l < m; l++) {
      const ail = a[i * m + l]!;
      if (ail === 0) continue;
      for (let j = 0; j < m; j++) c[i * m + j]! += ail * b[l * m + j]!;
    }
  }
  return c;
}

/** Rescale a matrix by a power of two when its entries grow large; returns the exponent taken out. */
function rescale(a: Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]!));
  if (max < 2 ** 400) return 0;
  const e = Math.floor(Math.log2(max));
  const s = 2 ** -e;
  for (let i = 0; i < a.length; i++) a[i]! *= s;
  return e;
}

/** Largest Durbin matrix (side 2k - 1) this module will raise to the n-th power. */
export const DURBIN_MAX_SIZE = 151;

/**
 * P(D_n < d) exactly, by Durbin's matrix formula as programmed by Marsaglia, Tsang & Wang (2003),
 * "Evaluating Kolmogorov's distribution", J. Stat. Softw. 8(18): n!/n^n times the central entry
 * of H^n, with powers of two tracked separately so nothing overflows.
 */
export function kolmogorovCdfDurbin(n: number, d: number): number {
  const k = Math.floor(n * d) + 1;
  const m = 2 * k - 1;
  const h = k - n * d;
  const H = new Float64Array(m * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) H[i * m + j] = i - j + 1 >= 0 ? 1 : 0;
  for (let i = 0; i < m; i++) {
    H[i * m]! -= h ** (i + 1);
    H[(m - 1) * m + i]! -= h ** (m - i);
  }
  if (2 * h - 1 > 0) H[(m - 1) * m]! += (2 * h - 1) ** m;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      const r = i - j + 1;
      if (r > 0) H[i * m + j]! /= Math.exp(logFactorial(r));
    }
  }
  // Binary exponentiation; each factor carries a separate power-of-two exponent.
  let result: Float64Array | null = null;
  let resultExp = 0;
  let base: Float64Array = H;
  let baseExp = 0;
  for (let p = n; p > 0; p = Math.floor(p / 2)) {
    if (p % 2 === 1) {
      if (result === null) {
        result = base.slice();
        resultExp = baseExp;
      } else {
        result = matmul(result, base, m);
        resultExp += baseExp;
      }
      resultExp += rescale(result);
    }
    if (p > 1) {
      base = matmul(base, base, m);
      baseExp = 2 * baseExp + rescale(base);
    }
  }
  // n!/n^n, folded in a factor at a time so the product stays representable.
  let s = result![(k - 1) * m + (k - 1)]!;
  let e = resultExp;
  for (let i = 1; i <= n; i++) {
    s = (s * i) / n;
    if (s !== 0 && Math.abs(s) < 2 ** -400) {
      s *= 2 ** 400;
      e -= 400;
    }
  }
  return Math.min(1, Math.max(0, s * 2 ** e));
}

/**
 * Survival function of the Kolmogorov limit distribution, P(K > z) = 2 sum_{j>=1} (-1)^(j-1) exp(-2 j^2 z^2),
 * with the small-z theta-function form where the alternating series converges slowly.
 */
export function kolmogorovLimitSf(z: number): number {
  if (z <= 0) return 1;
  if (z < 1) {
    // P(K <= z) = sqrt(2 pi)/z sum_{j>=1} exp(-(2j-1)^2 pi^2 / (8 z^2))
    let cdf = 0;
    for (let j = 1; j <= 20; j++) cdf += Math.exp((-((2 * j - 1) ** 2) * Math.PI ** 2) / (8 * z * z));
    return 1 - (Math.sqrt(2 * Math.PI) / z) * cdf;
  }
  let sf = 0;
  for (let j = 1; j <= 100; j++) {
    const t = Math.exp(-2 * j * j * z * z);
    sf += (j % 2 === 1 ? 2 : -2) * t;
    if (t < 1e-17) break;
  }
  return Math.min(1, Math.max(0, sf));
}

/**
 * P(D_n >= d) for the one-sample two-sided statistic with n points (SciPy's `kstwo.sf(d, n)`).
 * Exact except where the Durbin matrix would exceed {@link DURBIN_MAX_SIZE}; there (n > ~5000
 * with n d^2 < 2.2) it uses Stephens' (1970) corrected limit K((sqrt(n) + 0.12 + 0.11/sqrt(n)) d),
 * whereas SciPy uses the Pelz–Good series: the two differ by about 1e-4 at most.
 */
export function kolmogorovSf(n: number, d: number): number {
  if (!Number.isInteger(n) || n < 1) throw new Error(`kolmogorovSf: n is ${n}, expected a positive integer`);
  if (Number.isNaN(d)) throw new Error(`kolmogorovSf: d is NaN`);
  if (d >= 1) return 0;
  if (d <= 0) return 1;
  const t = n * d;
  if (t <= 0.5) return 1;
  if (t <= 1) {
    // Ruben & Gambino: P(D_n < d) = n!/n^n (2t - 1)^n for 1/(2n) <= d <= 1/n
    let cdf = 1;
    for (let i = 1; i <= n; i++) cdf *= (i / n) * (2 * t - 1);
    return 1 - cdf;
  }
  if (t >= n - 1) return Math.min(1, 2 * (1 - d) ** n);
  // For d >= 1/2 the two one-sided exceedances are disjoint events, so twice one tail is exact.
  if (d >= 0.5) return Math.min(1, 2 * smirnovSf(n, d));
  const nd2 = t * d;
  const durbinFits = 2 * (Math.floor(t) + 1) - 1 <= DURBIN_MAX_SIZE;
  if (n <= 140) {
    if (nd2 <= 4 && durbinFits) return 1 - kolmogorovCdfDurbin(n, d);
    return Math.min(1, 2 * smirnovSf(n, d));
  }
  // In the far tail the two-tail overlap is negligible and 1 - cdf would lose all digits.
  if (nd2 >= 2.2) return Math.min(1, 2 * smirnovSf(n, d));
  if (durbinFits) return 1 - kolmogorovCdfDurbin(n, d);
  const sn = Math.sqrt(n);
  return kolmogorovLimitSf((sn + 0.12 + 0.11 / sn) * d);
}
