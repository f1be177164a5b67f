/**
 * Matrix multiplication kernels on raw row-major Float64Arrays.
 * @module
 */

/**
 * C[m×n] (+)= A[m×k] · B[k×n], all row-major with the given offsets. The i-k-j loop order
 * streams rows of B and C contiguously.
 */
export function gemm(
  m: number,
  k: number,
  n: number,
  A: Float64Array,
  aOff: number,
  B: Float64Array,
  bOff: number,
  C: Float64Array,
  cOff: number,
): void {
  for (let i = 0; i < m; i++) {
    const ci = cOff + i * n;
    const ai = aOff + i * k;
    for (let p = 0; p < k; p++) {
      const a = A[ai + p]!;
      if (a === 0) continue;
      const bp = bOff + p * n;
      for (let j = 0; j < n; j++) C[ci + j] += a * B[bp + j]!;
    }
  }
}
