/**
 * The Cholesky factorisation A = L Lᵀ as a differentiable op, for mapping positive-definite
 * matrices back to their factors.
 *
 * The op factorises the symmetric part (A + Aᵀ)/2, so it is a well-defined function of every
 * entry and its gradient is the symmetric matrix sym(L^{-T} Φ(Lᵀ L̄) L^{-1}), where Φ keeps
 * the lower triangle and halves the diagonal (Murray 2016, "Differentiation of the Cholesky
 * decomposition"): from dA = dL Lᵀ + L dLᵀ, L^{-1} dL = Φ(L^{-1} dA L^{-T}).
 * @module
 */
import { anyTracked, record } from "../../autodiff/tape.js";
import { Tensor } from "../../tensor/tensor.js";
import { squareExtent } from "../event-shape.js";

/** L (..., n, n) lower-triangular with positive diagonal such that L Lᵀ = (A + Aᵀ)/2. */
export function cholesky(A: Tensor): Tensor {
  const n = squareExtent(A.shape, "cholesky");
  const nn = n * n;
  const batch = nn === 0 ? 0 : A.size / nn;
  const ad = A.data;
  const out = new Float64Array(A.size);
  for (let b = 0; b < batch; b++) {
    const o = b * nn;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let v = 0.5 * (ad[o + i * n + j]! + ad[o + j * n + i]!);
        for (let p = 0; p < j; p++) v -= out[o + i * n + p]! * out[o + j * n + p]!;
        if (i === j) {
          if (!(v > 0))
            throw new Error(
              `cholesky: matrix ${b} of the batch is not positive definite (pivot ${v} at row ${i}, expected > 0)`,
            );
          out[o + i * n + i] = Math.sqrt(v);
        } else out[o + i * n + j] = v / out[o + j * n + j]!;
      }
    }
  }
  const L = new Tensor(out, A.shape);
  if (!anyTracked(A)) return L;
  return record(L, [A], (g) => {
    const gd = g.data;
    const gA = new Float64Array(A.size);
    const P = new Float64Array(nn);
    const X = new Float64Array(nn);
    for (let b = 0; b < batch; b++) {
      const o = b * nn;
      // P = Φ(Lᵀ Ḡ)
      for (let i = 0; i < n; i++)
        for (let j = 0; j <= i; j++) {
          let s = 0;
          for (let k = i; k < n; k++) s += out[o + k * n + i]! * gd[o + k * n + j]!;
          P[i * n + j] = i === j ? 0.5 * s : s;
        }
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) P[i * n + j] = 0;
      // X = L^{-T} P, then M = X L^{-1}, i.e. Mᵀ = L^{-T} Xᵀ
      solveLowerTransposed(out, o, n, P, X);
      transposeInPlace(X, n);
      solveLowerTransposed(out, o, n, X, P); // P now holds Mᵀ
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) gA[o + i * n + j] = 0.5 * (P[i * n + j]! + P[j * n + i]!);
    }
    return [new Tensor(gA, A.shape)];
  });
}

/** Z = L^{-T} B for lower-triangular L (at offset `o` of `l`), by back substitution on Lᵀ. */
function solveLowerTransposed(l: Float64Array, o: number, n: number, B: Float64Array, Z: Float64Array): void {
  for (let c = 0; c < n; c++) {
    for (let i = n - 1; i >= 0; i--) {
      let v = B[i * n + c]!;
      for (let k = i + 1; k < n; k++) v -= l[o + k * n + i]! * Z[k * n + c]!;
      Z[i * n + c] = v / l[o + i * n + i]!;
    }
  }
}

function transposeInPlace(M: Float64Array, n: number): void {
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const t = M[i * n + j]!;
      M[i * n + j] = M[j * n + i]!;
      M[j * n + i] = t;
    }
}
