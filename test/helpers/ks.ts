/**
 * The one-sample Kolmogorov–Smirnov test against a continuous CDF, with the asymptotic
 * p-value of the Kolmogorov distribution.
 */

/** D_n = sup_x |F_n(x) - F(x)| of a sample against the CDF `cdf`. */
export function ksStatistic(sample: ArrayLike<number>, cdf: (x: number) => number): number {
  const xs = Float64Array.from(sample).sort();
  const n = xs.length;
  if (n === 0) throw new Error("ksStatistic: empty sample");
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(xs[i]!);
    if (!(f >= 0 && f <= 1)) throw new Error(`ksStatistic: cdf(${xs[i]}) = ${f} is not a probability`);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return d;
}

/**
 * P(K > t) for the Kolmogorov distribution K = lim √n·D_n: the alternating series
 * 2 Σ (-1)^(j-1) exp(-2 j² t²) for large t, and the Jacobi-theta form
 * 1 - (√(2π)/t) Σ exp(-(2j-1)² π² / (8 t²)) for small t, where each converges fast.
 */
export function kolmogorovSurvival(t: number): number {
  if (t <= 0) return 1;
  if (t < 1.18) {
    let s = 0;
    for (let j = 1; j <= 6; j++) s += Math.exp((-((2 * j - 1) ** 2) * Math.PI * Math.PI) / (8 * t * t));
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / t) * s));
  }
  let s = 0;
  for (let j = 1; j <= 20; j++) s += (j % 2 === 1 ? 1 : -1) * Math.exp(-2 * j * j * t * t);
  return Math.min(1, Math.max(0, 2 * s));
}

/**
 * The KS statistic and its asymptotic p-value, with Stephens' (1970) finite-n correction
 * t = D·(√n + 0.12 + 0.11/√n).
 */
export function ksTest(sample: ArrayLike<number>, cdf: (x: number) => number): { statistic: number; pValue: number } {
  const n = sample.length;
  const statistic = ksStatistic(sample, cdf);
  const rn = Math.sqrt(n);
  return { statistic, pValue: kolmogorovSurvival(statistic * (rn + 0.12 + 0.11 / rn)) };
}
