/**
 * The Cholesky factorisation A = L·Lᵀ of one symmetric positive-definite matrix, on raw
 * row-major Float64Arrays.
 * @module
 */

/**
 * Factor the n×n matrix at `A[aOff…]` into the lower-triangular `L[lOff…]` (its strict upper
 * triangle set to 0). Only the lower triangle of A is read. Row-oriented
 * Cholesky–Banachiewicz: entry (i, j) is a dot product of rows i and j of L, both contiguous
 * in row-major storage (Golub & Van Loan, "Matrix Computations", 4th ed., §4.2.5).
 *
 * Returns -1 on success. When a pivot `A_jj − Σ_k L_jk²` is not positive (or is NaN) the
 * matrix is not numerically positive definite: the factorisation stops and returns that
 * index j, leaving the offending pivot value in `L[lOff + j·n + j]` for the caller's error
 * message. `A` and `L` may be the same array at the same offset (in-place factorisation).
 */
export function choleskyKernel(n: number, A: Float64Array, aOff: number, L: Float64Array, lOff: number): number {
  for (let i = 0; i < n; i++) {
    const li = lOff + i * n;
    const ai = aOff + i * n;
    for (let j = 0; j <= i; j++) {
      const lj = lOff + j * n;
      let s = A[ai + j]!;
      for (let k = 0; k < j; k++) s -= L[li + k]! * L[lj + k]!;
      if (j < i) L[li + j] = s / L[lj + j]!;
      else if (s > 0) L[li + i] = Math.sqrt(s);
      else {
        L[li + i] = s;
        return i;
      }
    }
    for (let j = i + 1; j < n; j++) L[li + j] = 0;
  }
  return -1;
}
