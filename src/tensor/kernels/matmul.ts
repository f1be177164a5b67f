/**
 * Matrix multiplication kernels on raw row-major Float64Arrays: `C = op(A)·op(B)` with
 * transpose flags (BLAS dgemm's interface, without alpha and with beta ∈ {0, 1}), so the
 * gradients `G·Bᵀ` and `Aᵀ·G` never materialise a transpose.
 *
 * Three kernels, chosen by size:
 * - tiny products: a plain strided triple loop (nothing to set up), or the register-blocked
 *   JavaScript kernel below when the tile fits;
 * - otherwise the WebAssembly SIMD kernel ({@link gemmSimd}, ≈ 15–20 GFLOP/s on x86-64);
 * - where WebAssembly SIMD is missing, a register-blocked JavaScript kernel (≈ 4 GFLOP/s):
 *   a 4×4 tile of C in sixteen locals, B packed into 4-wide panels, k innermost
 *   (Goto & van de Geijn 2008, "Anatomy of high-performance matrix multiplication").
 * The strided loop runs at ≈ 1 GFLOP/s.
 * @module
 */
import { gemmSimd } from "./gemm-simd.js";

/**
 * Below this many multiply-adds (m·n·k) the JavaScript kernels beat the SIMD kernel's fixed
 * cost (≈ 0.3 µs: copying into wasm memory, packing B). Measured crossover on Node 20 /
 * x86-64 (8×8×8: equal; 10×10×10: SIMD 1.0 µs, blocked JavaScript 1.4 µs).
 */
const SMALL_GEMM = 512;

/**
 * C[m×n] = op(A)·op(B), or C += op(A)·op(B) when `accumulate`. op(X) is X, or Xᵀ when the
 * flag is set. All matrices are dense row-major at the given offsets: A is stored m×k (k×m
 * when `transA`), B k×n (n×k when `transB`), C m×n.
 */
export function gemm(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  A: Float64Array,
  aOff: number,
  B: Float64Array,
  bOff: number,
  C: Float64Array,
  cOff: number,
  accumulate = false,
): void {
  // A matrix times a vector (a regression's X·beta, and Xᵀ·g in its gradient): one dot
  // product per row. The blocked and SIMD kernels would pad the one column to a full panel
  // and copy C back row by row.
  if (n === 1) {
    gemv(transA, m, k, A, aOff, B, bOff, C, cOff, accumulate);
    return;
  }
  // A row vector times a matrix: one pass over B, which the SIMD kernel's packing costs anyway.
  if (m * n * k < SMALL_GEMM || m === 1) {
    if (m >= 4 && n >= 4) gemmBlocked(transA, transB, m, n, k, A, aOff, B, bOff, C, cOff, accumulate);
    else gemmStrided(transA, transB, m, n, k, A, aOff, B, bOff, C, cOff, accumulate);
  } else if (!gemmSimd(transA, transB, m, n, k, A, aOff, B, bOff, C, cOff, accumulate))
    gemmBlocked(transA, transB, m, n, k, A, aOff, B, bOff, C, cOff, accumulate);
}

/**
 * C[m] = op(A)·b, or C += op(A)·b when `accumulate`: {@link gemm} for n = 1, where op(B) is
 * one contiguous column of k values whether or not it is transposed. Each element is summed
 * in the order of k, as the strided kernel sums it.
 */
function gemv(
  transA: boolean,
  m: number,
  k: number,
  A: Float64Array,
  aOff: number,
  B: Float64Array,
  bOff: number,
  C: Float64Array,
  cOff: number,
  accumulate: boolean,
): void {
  if (!transA) {
    for (let i = 0; i < m; i++) {
      let s = accumulate ? C[cOff + i]! : 0;
      const row = aOff + i * k;
      for (let p = 0; p < k; p++) s += A[row + p]! * B[bOff + p]!;
      C[cOff + i] = s;
    }
    return;
  }
  // Aᵀ·b with A stored k×m: walk A by rows, adding b[p] times row p into C
  if (!accumulate) C.fill(0, cOff, cOff + m);
  for (let p = 0; p < k; p++) {
    const b = B[bOff + p]!;
    const row = aOff + p * m;
    for (let i = 0; i < m; i++) C[cOff + i] += A[row + i]! * b;
  }
}

/**
 * The reference triple loop over strides: simple, and the fastest for tiny matrices. Same
 * contract as {@link gemm}.
 */
export function gemmStrided(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  A: Float64Array,
  aOff: number,
  B: Float64Array,
  bOff: number,
  C: Float64Array,
  cOff: number,
  accumulate = false,
): void {
  // op(A)(i, p) = A[aOff + i·ars + p·acs]; op(B)(p, j) = B[bOff + p·brs + j·bcs]
  const ars = transA ? 1 : k;
  const acs = transA ? m : 1;
  const brs = transB ? 1 : n;
  const bcs = transB ? k : 1;
  if (!accumulate) C.fill(0, cOff, cOff + m * n);
  for (let i = 0; i < m; i++) {
    const ci = cOff + i * n;
    for (let p = 0; p < k; p++) {
      const a = A[aOff + i * ars + p * acs]!;
      const bp = bOff + p * brs;
      for (let j = 0; j < n; j++) C[ci + j] += a * B[bp + j * bcs]!;
    }
  }
}

let packed = new Float64Array(0);

/**
 * The register-blocked JavaScript kernel (used when WebAssembly SIMD is unavailable). Same
 * contract as {@link gemm}.
 */
export function gemmBlocked(
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  A: Float64Array,
  aOff: number,
  B: Float64Array,
  bOff: number,
  C: Float64Array,
  cOff: number,
  accumulate = false,
): void {
  if (!accumulate) C.fill(0, cOff, cOff + m * n);
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  const ars = transA ? 1 : k;
  const acs = transA ? m : 1;
  const brs = transB ? 1 : n;
  const bcs = transB ? k : 1;
  if (m4 > 0 && n4 > 0 && k > 0) {
    // pack the full-width panels of op(B): Bp[j·k + 4p + jj] = op(B)(p, j + jj)
    if (packed.length < k * n4) packed = new Float64Array(k * n4);
    const Bp = packed;
    for (let j = 0; j < n4; j += 4) {
      let o = j * k;
      for (let p = 0, s = bOff + j * bcs; p < k; p++, s += brs, o += 4) {
        Bp[o] = B[s]!;
        Bp[o + 1] = B[s + bcs]!;
        Bp[o + 2] = B[s + 2 * bcs]!;
        Bp[o + 3] = B[s + 3 * bcs]!;
      }
    }
    for (let j = 0; j < n4; j += 4) {
      const bo = j * k;
      for (let i = 0; i < m4; i += 4) {
        let a0 = aOff + i * ars;
        let a1 = a0 + ars;
        let a2 = a1 + ars;
        let a3 = a2 + ars;
        // the 4×4 tile of C, in locals so that V8 keeps it in registers
        let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0; // prettier-ignore
        let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0; // prettier-ignore
        for (let p = 0, q = bo; p < k; p++, q += 4) {
          const b0 = Bp[q]!;
          const b1 = Bp[q + 1]!;
          const b2 = Bp[q + 2]!;
          const b3 = Bp[q + 3]!;
          let a = A[a0]!;
          c00 += a * b0;
          c01 += a * b1;
          c02 += a * b2;
          c03 += a * b3;
          a = A[a1]!;
          c10 += a * b0;
          c11 += a * b1;
          c12 += a * b2;
          c13 += a * b3;
          a = A[a2]!;
          c20 += a * b0;
          c21 += a * b1;
          c22 += a * b2;
          c23 += a * b3;
          a = A[a3]!;
          c30 += a * b0;
          c31 += a * b1;
          c32 += a * b2;
          c33 += a * b3;
          a0 += acs;
          a1 += acs;
          a2 += acs;
          a3 += acs;
        }
        let c = cOff + i * n + j;
        C[c] += c00;
        C[c + 1] += c01;
        C[c + 2] += c02;
        C[c + 3] += c03;
        c += n;
        C[c] += c10;
        C[c + 1] += c11;
        C[c + 2] += c12;
        C[c + 3] += c13;
        c += n;
        C[c] += c20;
        C[c + 1] += c21;
        C[c + 2] += c22;
        C[c + 3] += c23;
        c += n;
        C[c] += c30;
        C[c + 1] += c31;
        C[c + 2] += c32;
        C[c + 3] += c33;
      }
    }
  }
  // the ragged edges: rows below m4 (all columns), then columns right of n4 (rows above m4)
  if (m4 < m) {
    const at = transA ? aOff + m4 : aOff + m4 * k;
    gemmStridedView(m - m4, n, k, A, at, ars, acs, B, bOff, brs, bcs, C, cOff + m4 * n, n);
  }
  if (n4 < n && m4 > 0) {
    gemmStridedView(m4, n - n4, k, A, aOff, ars, acs, B, bOff + n4 * bcs, brs, bcs, C, cOff + n4, n);
  }
}

/** C[i·ldc + j] += Σ_p A[aOff + i·ars + p·acs] · B[bOff + p·brs + j·bcs] over a sub-block. */
function gemmStridedView(
  m: number,
  n: number,
  k: number,
  A: Float64Array,
  aOff: number,
  ars: number,
  acs: number,
  B: Float64Array,
  bOff: number,
  brs: number,
  bcs: number,
  C: Float64Array,
  cOff: number,
  ldc: number,
): void {
  for (let i = 0; i < m; i++) {
    const ci = cOff + i * ldc;
    for (let p = 0; p < k; p++) {
      const a = A[aOff + i * ars + p * acs]!;
      const bp = bOff + p * brs;
      for (let j = 0; j < n; j++) C[ci + j] += a * B[bp + j * bcs]!;
    }
  }
}
