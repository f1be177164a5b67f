/**
 * Two-sample Kolmogorov–Smirnov test, two-sided, with SciPy's conventions
 * (scipy.stats.ks_2samp, method "exact" | "asymp" | "auto").
 */
import { kolmogorovSf } from "./kolmogorov.js";
import { gcd, ks2sampExactSf } from "./ksExact.js";
import { finiteSample, type Sample } from "./validate.js";

/** Options for {@link ks2samp}. */
export interface Ks2sampOptions {
  /**
   * `"exact"`: the exact null distribution (Hodges 1958). `"asymptotic"`: SciPy's "asymp" —
   * the one-sample Kolmogorov distribution `kstwo` with n = round(m n / (m + n)) (half to even,
   * as NumPy rounds). `"auto"` (default): exact when both samples have at most 10000 points, as
   * SciPy does.
   */
  method?: "exact" | "asymptotic" | "auto";
}

/** Result of {@link ks2samp}. */
export interface Ks2sampResult {
  /** sup |F_x - F_y| over the pooled points. */
  statistic: number;
  /** Two-sided p-value. */
  pvalue: number;
  /** Which method produced the p-value. */
  method: "exact" | "asymptotic";
}

/** SciPy's size limit for choosing the exact method under "auto". */
const MAX_AUTO_N = 10000;

/** Round half to even, as numpy.round does. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * The statistic as an integer h with D = h / lcm(m, n): the largest |c_x n/g - c_y m/g| over the
 * pooled points, where c_x, c_y count the points <= each one (so ties are handled as SciPy does,
 * evaluating both empirical CDFs right-continuously). Integer arithmetic keeps D exact.
 */
export function ksStatisticNumerator(xs: Float64Array, ys: Float64Array): number {
  const m = xs.length;
  const n = ys.length;
  const g = gcd(m, n);
  const mg = m / g;
  const ng = n / g;
  let i = 0;
  let j = 0;
  let h = 0;
  while (i < m || j < n) {
    // Step past every point equal to the next smallest value in either sample.
    const v = Math.min(i < m ? xs[i]! : Infinity, j < n ? ys[j]! : Infinity);
    while (i < m && xs[i] === v) i++;
    while (j < n && ys[j] === v) j++;
    h = Math.max(h, Math.abs(i * ng - j * mg));
  }
  return h;
}

/**
 * Two-sided two-sample Kolmogorov–Smirnov test, matching scipy.stats.ks_2samp. The exact p-value
 * assumes no ties between or within the samples (as SciPy's does).
 * @param x - first sample (finite numbers, at least one)
 * @param y - second sample
 * @example ks2samp([0.1, 0.5, 0.9], [0.3, 1.1, 1.6, 2.5]) // { statistic, pvalue, method: "exact" }
 */
export function ks2samp(x: Sample, y: Sample, { method = "auto" }: Ks2sampOptions = {}): Ks2sampResult {
  if (method !== "exact" && method !== "asymptotic" && method !== "auto") {
    throw new Error(`ks2samp: method is ${String(method)}, expected "exact", "asymptotic" or "auto"`);
  }
  const xs = finiteSample("ks2samp", "x", x).sort();
  const ys = finiteSample("ks2samp", "y", y).sort();
  const m = xs.length;
  const n = ys.length;
  const h = ksStatisticNumerator(xs, ys);
  const lcm = (m / gcd(m, n)) * n;
  const statistic = h / lcm;
  const useExact = method === "exact" || (method === "auto" && Math.max(m, n) <= MAX_AUTO_N);
  if (useExact) return { statistic, pvalue: ks2sampExactSf(m, n, h), method: "exact" };
  // SciPy: kstwo.sf(d, round(m n / (m + n))); for m = n = 1 that rounds to 0, where SciPy gives
  // NaN — we use n = 1 instead (the statistic is then 0 or 1 and the p-value 1 or 0).
  const en = Math.max(1, roundHalfEven((m * n) / (m + n)));
  return { statistic, pvalue: Math.min(1, Math.max(0, kolmogorovSf(en, statistic))), method: "asymptotic" };
}
