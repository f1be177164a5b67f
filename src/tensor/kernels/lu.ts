/**
 * LU factorisation with partial pivoting, P·A = L·U, and the solves that use it, on raw
 * row-major Float64Arrays (Golub & Van Loan, "Matrix Computations", 4th ed., §3.4).
 * @module
 */

/**
 * Factor the n×n matrix at `A[aOff…]` into `LU[lOff…]` (L strictly below the diagonal with an
 * implicit unit diagonal, U on and above it) and the row permutation `perm` (row i of P·A is
 * row perm[i] of A). `A` and `LU` may be the same array at the same offset.
 *
 * Returns -1 on success, or the first column whose pivot is exactly 0 (the matrix is
 * singular), in which case the factorisation is incomplete.
 */
export function luFactorKernel(
  n: number,
  A: Float64Array,
  aOff: number,
  LU: Float64Array,
  lOff: number,
  perm: Int32Array,
): number {
  if (A !== LU || aOff !== lOff) LU.set(A.subarray(aOff, aOff + n * n), lOff);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let k = 0; k < n; k++) {
    // partial pivoting: the largest |entry| of column k on or below the diagonal
    let p = k;
    let best = Math.abs(LU[lOff + k * n + k]!);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(LU[lOff + i * n + k]!);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (!(best > 0)) return k;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = LU[lOff + k * n + j]!;
        LU[lOff + k * n + j] = LU[lOff + p * n + j]!;
        LU[lOff + p * n + j] = t;
      }
      const t = perm[k]!;
      perm[k] = perm[p]!;
      perm[p] = t;
    }
    const rk = lOff + k * n;
    const pivot = LU[rk + k]!;
    for (let i = k + 1; i < n; i++) {
      const ri = lOff + i * n;
      const l = LU[ri + k]! / pivot;
      LU[ri + k] = l;
      if (l === 0) continue;
      for (let j = k + 1; j < n; j++) LU[ri + j] -= l * LU[rk + j]!;
    }
  }
  return -1;
}

/**
 * Solve A·X = B (or Aᵀ·X = B when `transpose`) for the n×k matrix X, given the factors of A
 * from {@link luFactorKernel}. B is read in full before X is written, so they may share
 * storage.
 */
export function luSolveKernel(
  n: number,
  k: number,
  LU: Float64Array,
  lOff: number,
  perm: Int32Array,
  transpose: boolean,
  B: Float64Array,
  bOff: number,
  X: Float64Array,
  xOff: number,
): void {
  if (!transpose) {
    // X = P·B, then L·Y = X (unit lower), then U·X = Y
    const pb = new Float64Array(n * k);
    for (let i = 0; i < n; i++) pb.set(B.subarray(bOff + perm[i]! * k, bOff + (perm[i]! + 1) * k), i * k);
    X.set(pb, xOff);
    for (let i = 0; i < n; i++) {
      const xi = xOff + i * k;
      for (let p = 0; p < i; p++) {
        const l = LU[lOff + i * n + p]!;
        if (l === 0) continue;
        const xp = xOff + p * k;
        for (let j = 0; j < k; j++) X[xi + j] -= l * X[xp + j]!;
      }
    }
    for (let i = n - 1; i >= 0; i--) {
      const xi = xOff + i * k;
      for (let p = i + 1; p < n; p++) {
        const u = LU[lOff + i * n + p]!;
        if (u === 0) continue;
        const xp = xOff + p * k;
        for (let j = 0; j < k; j++) X[xi + j] -= u * X[xp + j]!;
      }
      const d = LU[lOff + i * n + i]!;
      for (let j = 0; j < k; j++) X[xi + j] /= d;
    }
    return;
  }
  // Aᵀ = Uᵀ·Lᵀ·P, so Uᵀ·Z = B, Lᵀ·W = Z, X = Pᵀ·W
  const w = B.slice(bOff, bOff + n * k);
  for (let i = 0; i < n; i++) {
    const wi = i * k;
    for (let p = 0; p < i; p++) {
      const u = LU[lOff + p * n + i]!;
      if (u === 0) continue;
      const wp = p * k;
      for (let j = 0; j < k; j++) w[wi + j] -= u * w[wp + j]!;
    }
    const d = LU[lOff + i * n + i]!;
    for (let j = 0; j < k; j++) w[wi + j] /= d;
  }
  for (let i = n - 1; i >= 0; i--) {
    const wi = i * k;
    for (let p = i + 1; p < n; p++) {
      const l = LU[lOff + p * n + i]!;
      if (l === 0) continue;
      const wp = p * k;
      for (let j = 0; j < k; j++) w[wi + j] -= l * w[wp + j]!;
    }
  }
  for (let i = 0; i < n; i++) X.set(w.subarray(i * k, (i + 1) * k), xOff + perm[i]! * k);
}
