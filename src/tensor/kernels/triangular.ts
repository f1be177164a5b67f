/**
 * Triangular solves by forward and back substitution on raw row-major Float64Arrays.
 * @module
 */

/**
 * Solve op(T)·X = B for X, with T an n×n triangular matrix at `T[tOff…]` (lower when
 * `lower`, else upper; the other triangle is never read), op(T) = Tᵀ when `transpose`, and
 * B an n×k matrix at `B[bOff…]`. X is written to `X[xOff…]` (n×k); X and B may be the same
 * array at the same offset. Each step updates a whole row of X, so the inner loops run over
 * contiguous memory (Golub & Van Loan, "Matrix Computations", 4th ed., §3.1).
 *
 * Returns -1 on success, or the index of the first zero diagonal entry met (T singular),
 * in which case X is incomplete.
 */
export function triangularSolveKernel(
  n: number,
  k: number,
  T: Float64Array,
  tOff: number,
  lower: boolean,
  transpose: boolean,
  B: Float64Array,
  bOff: number,
  X: Float64Array,
  xOff: number,
): number {
  if (X !== B || xOff !== bOff) X.set(B.subarray(bOff, bOff + n * k), xOff);
  // op(T)(i, p) = T[tOff + i·rs + p·cs]; op(T) is lower triangular iff lower XOR transpose
  const rs = transpose ? 1 : n;
  const cs = transpose ? n : 1;
  const forward = lower !== transpose;
  for (let s = 0; s < n; s++) {
    const i = forward ? s : n - 1 - s;
    const xi = xOff + i * k;
    const from = forward ? 0 : i + 1;
    const to = forward ? i : n;
    for (let p = from; p < to; p++) {
      const t = T[tOff + i * rs + p * cs]!;
      if (t === 0) continue;
      const xp = xOff + p * k;
      for (let j = 0; j < k; j++) X[xi + j] -= t * X[xp + j]!;
    }
    const d = T[tOff + i * (rs + cs)]!;
    if (d === 0) return i;
    for (let j = 0; j < k; j++) X[xi + j] /= d;
  }
  return -1;
}
