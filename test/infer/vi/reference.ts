/**
 * Independent references for the VI tests: sample moments, small dense linear algebra, and
 * the optimal Gaussian approximation (minimum KL(q || p)) of one-dimensional densities by
 * quadrature.
 */

/** Mean of an array. */
export function meanOf(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  return s / x.length;
}

/** Sample variance (divisor n − 1). */
export function varianceOf(x: ArrayLike<number>): number {
  const m = meanOf(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i]! - m) ** 2;
  return s / (x.length - 1);
}

/** The inverse of a small dense matrix (row-major n×n) by Gauss–Jordan with partial pivoting. */
export function invert(a: readonly number[], n: number): number[] {
  const m = a.slice();
  const inv: number[] = Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0));
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]!) > Math.abs(m[p * n + c]!)) p = r;
    for (let j = 0; j < n; j++) {
      [m[c * n + j], m[p * n + j]] = [m[p * n + j]!, m[c * n + j]!];
      [inv[c * n + j], inv[p * n + j]] = [inv[p * n + j]!, inv[c * n + j]!];
    }
    const d = m[c * n + c]!;
    for (let j = 0; j < n; j++) {
      m[c * n + j]! /= d;
      inv[c * n + j]! /= d;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r * n + c]!;
      for (let j = 0; j < n; j++) {
        m[r * n + j]! -= f * m[c * n + j]!;
        inv[r * n + j]! -= f * inv[c * n + j]!;
      }
    }
  }
  return inv;
}

/** E[g(U)] for U ~ N(m, s²), by the trapezoid rule on m ± 12 s (exponentially accurate for smooth g). */
export function gaussianExpectation(g: (u: number) => number, m: number, s: number, points = 4001): number {
  const h = (24 * s) / (points - 1);
  let total = 0;
  for (let i = 0; i < points; i++) {
    const z = -12 + (24 * i) / (points - 1);
    const w = i === 0 || i === points - 1 ? 0.5 : 1;
    total += w * Math.exp(-0.5 * z * z) * g(m + s * z);
  }
  return (total * h) / (s * Math.sqrt(2 * Math.PI));
}

/**
 * The Gaussian N(m, s²) maximising E_q[log p̃(u)] + H(q) for the logistic-beta density
 * p̃(u) ∝ σ(u)^a (1 − σ(u))^b (a Beta(a, b) variable on the logit scale, Jacobian included).
 * Stationarity (Opper & Archambeau 2009, "The variational Gaussian approximation revisited",
 * eqs. 5–6): E_q[∂ log p̃] = 0, i.e. E_q[σ(U)] = a/(a + b), and
 * 1/s² = −E_q[∂² log p̃] = (a + b) E_q[σ(U)(1 − σ(U))]. Solved by alternating a bisection in m
 * with the fixed-point update of s until both hold to 1e-12.
 */
export function logitBetaGaussianOptimum(a: number, b: number): { m: number; s: number } {
  const sig = (u: number) => 1 / (1 + Math.exp(-u));
  let m = Math.log(a / b);
  let s = Math.sqrt(1 / a + 1 / b);
  for (let iter = 0; iter < 200; iter++) {
    let lo = m - 5;
    let hi = m + 5;
    for (let k = 0; k < 100; k++) {
      const mid = 0.5 * (lo + hi);
      if (gaussianExpectation(sig, mid, s) < a / (a + b)) lo = mid;
      else hi = mid;
    }
    m = 0.5 * (lo + hi);
    const sNew = 1 / Math.sqrt((a + b) * gaussianExpectation((u) => sig(u) * (1 - sig(u)), m, s));
    if (Math.abs(sNew - s) < 1e-12) return { m, s: sNew };
    s = sNew;
  }
  return { m, s };
}
