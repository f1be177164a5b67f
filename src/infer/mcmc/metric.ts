/**
 * The Euclidean metric (mass matrix) of HMC: kinetic energy ½ pᵀM⁻¹p, velocity M⁻¹p, and
 * momentum draws p ~ N(0, M). As in Stan, the inverse mass matrix is what is stored and
 * adapted (it estimates the posterior covariance).
 * @module
 */

/** A diagonal or dense inverse mass matrix over `dim` unconstrained coordinates. */
export type Metric =
  | { readonly kind: "diagonal"; readonly dim: number; readonly invMassDiag: Float64Array }
  | {
      readonly kind: "dense";
      readonly dim: number;
      /** M⁻¹, row-major dim×dim, symmetric positive definite. */
      readonly invMass: Float64Array;
      /** Lower Cholesky factor L of M⁻¹ = L Lᵀ (momentum draws solve Lᵀp = z). */
      readonly cholInvMass: Float64Array;
    };

export function unitMetric(dim: number, kind: "diagonal" | "dense" = "diagonal"): Metric {
  if (kind === "diagonal") return { kind, dim, invMassDiag: new Float64Array(dim).fill(1) };
  const I = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) I[i * dim + i] = 1;
  return { kind, dim, invMass: I, cholInvMass: I.slice() };
}

export function diagonalMetric(invMassDiag: Float64Array): Metric {
  for (let i = 0; i < invMassDiag.length; i++) {
    const v = invMassDiag[i]!;
    if (!(v > 0 && Number.isFinite(v)))
      throw new Error(`diagonalMetric: inverse mass must be positive and finite, got ${v} at index ${i}`);
  }
  return { kind: "diagonal", dim: invMassDiag.length, invMassDiag };
}

/** A dense metric from M⁻¹; throws naming the pivot if M⁻¹ is not positive definite. */
export function denseMetric(invMass: Float64Array, dim: number): Metric {
  if (invMass.length !== dim * dim)
    throw new Error(`denseMetric: expected ${dim * dim} entries for a ${dim}×${dim} matrix, got ${invMass.length}`);
  return { kind: "dense", dim, invMass, cholInvMass: choleskyLower(invMass, dim) };
}

/** Plain Cholesky factorisation of a small SPD matrix (row-major, lower factor). */
export function choleskyLower(A: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j]!;
      for (let k = 0; k < j; k++) s -= L[i * n + k]! * L[j * n + k]!;
      if (i === j) {
        if (!(s > 0)) throw new Error(`Cholesky: matrix is not positive definite (pivot ${i} is ${s})`);
        L[i * n + i] = Math.sqrt(s);
      } else L[i * n + j] = s / L[j * n + j]!;
    }
  }
  return L;
}

/** velocity = M⁻¹ p, written into `out`. */
export function velocity(metric: Metric, p: Float64Array, out: Float64Array): Float64Array {
  const d = metric.dim;
  if (metric.kind === "diagonal") {
    const m = metric.invMassDiag;
    for (let i = 0; i < d; i++) out[i] = m[i]! * p[i]!;
  } else {
    const m = metric.invMass;
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += m[i * d + j]! * p[j]!;
      out[i] = s;
    }
  }
  return out;
}

/** Kinetic energy ½ pᵀ M⁻¹ p. */
export function kineticEnergy(metric: Metric, p: Float64Array, scratch: Float64Array): number {
  velocity(metric, p, scratch);
  let k = 0;
  for (let i = 0; i < metric.dim; i++) k += p[i]! * scratch[i]!;
  return 0.5 * k;
}

/**
 * Turn standard normal draws `z` into a momentum p ~ N(0, M): p = z / sqrt(M⁻¹ᵢᵢ) for a
 * diagonal metric, and p = L⁻ᵀ z for M⁻¹ = L Lᵀ (then Cov p = L⁻ᵀL⁻¹ = M).
 */
export function momentumFromNormal(metric: Metric, z: Float64Array, out: Float64Array): Float64Array {
  const d = metric.dim;
  if (metric.kind === "diagonal") {
    const m = metric.invMassDiag;
    for (let i = 0; i < d; i++) out[i] = z[i]! / Math.sqrt(m[i]!);
    return out;
  }
  const L = metric.cholInvMass;
  // back substitution for Lᵀ p = z
  for (let i = d - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < d; k++) s -= L[k * d + i]! * out[k]!;
    out[i] = s / L[i * d + i]!;
  }
  return out;
}
