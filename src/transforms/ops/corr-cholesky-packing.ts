/**
 * Canonical partial correlations ↔ Cholesky factor of a correlation matrix, as fused
 * differentiable ops (Lewandowski, Kurowicka & Joe 2009; Stan reference manual,
 * "Cholesky factors of correlation matrices").
 *
 * Unconstrained x_ij (i > j, packed row-major over the strictly-lower triangle, so (i, j)
 * sits at index i(i-1)/2 + j) become partial correlations z_ij = tanh(x_ij), and row i of
 * L is built left to right: L_ij = z_ij · r_ij and L_ii = r_ii, where r_ij² = 1 - Σ_{k<j} L_ik²
 * is the squared norm the row has left. Since r_i,j+1² = r_ij² (1 - z_ij²), we carry
 * log r² = Σ_k log(1 - z_ik²), with log(1 - tanh²x) = 2 (log 2 - |x| - log1p(e^{-2|x|})):
 * this keeps the diagonal strictly positive even when |x| is so large that tanh(x) rounds
 * to ±1.
 * @module
 */
import { anyTracked, record } from "../../autodiff/tape.js";
import { Tensor } from "../../tensor/tensor.js";
import { lastExtent, sideFromStrictlyLowerSize, squareExtent } from "../event-shape.js";

/** log(1 - tanh(x)²), accurate for all x (it is about -2|x| + 2 log 2 for large |x|). */
export function log1mTanhSquared(x: number): number {
  const a = Math.abs(x);
  return 2 * (Math.LN2 - a - Math.log1p(Math.exp(-2 * a)));
}

/** x (..., n(n-1)/2) → L (..., n, n), the Cholesky factor of a correlation matrix. */
export function packedToCorrCholesky(x: Tensor): Tensor {
  const m = lastExtent(x.shape, "CorrCholeskyTransform.forward");
  const n = sideFromStrictlyLowerSize(m, "CorrCholeskyTransform.forward");
  const batch = leadingSize(x);
  const xd = x.data;
  const out = new Float64Array(batch * n * n);
  for (let b = 0; b < batch; b++) {
    const xo = b * m;
    const lo = b * n * n;
    out[lo] = 1;
    for (let i = 1; i < n; i++) {
      const row = xo + (i * (i - 1)) / 2;
      let logR2 = 0;
      for (let j = 0; j < i; j++) {
        const v = xd[row + j]!;
        out[lo + i * n + j] = Math.tanh(v) * Math.exp(0.5 * logR2);
        logR2 += log1mTanhSquared(v);
      }
      out[lo + i * n + i] = Math.exp(0.5 * logR2);
    }
  }
  const L = new Tensor(out, [...x.shape.slice(0, -1), n, n]);
  if (!anyTracked(x)) return L;
  return record(L, [x], (g) => {
    // ∂L_ij/∂x_ij = (1 - z_ij²) r_ij, and every later entry of the row scales with r, whose
    // log has derivative -z_ij wrt x_ij: ∂L_ik/∂x_ij = -z_ij L_ik for k > j (diagonal included).
    // So g_x_ij = g_ij (1 - z_ij²) r_ij - z_ij Σ_{k>j} g_ik L_ik, a suffix sum along the row.
    const gd = g.data;
    const gx = new Float64Array(x.size);
    for (let b = 0; b < batch; b++) {
      const xo = b * m;
      const lo = b * n * n;
      for (let i = 1; i < n; i++) {
        const row = xo + (i * (i - 1)) / 2;
        const logR2 = new Float64Array(i);
        let acc = 0;
        for (let j = 0; j < i; j++) {
          logR2[j] = acc;
          acc += log1mTanhSquared(xd[row + j]!);
        }
        let tail = gd[lo + i * n + i]! * out[lo + i * n + i]!;
        for (let j = i - 1; j >= 0; j--) {
          const v = xd[row + j]!;
          const z = Math.tanh(v);
          const dz = Math.exp(log1mTanhSquared(v));
          const gij = gd[lo + i * n + j]!;
          gx[row + j] = gij * dz * Math.exp(0.5 * logR2[j]!) - z * tail;
          tail += gij * out[lo + i * n + j]!;
        }
      }
    }
    return [new Tensor(gx, x.shape)];
  });
}

/**
 * L (..., n, n) → x (..., n(n-1)/2), the inverse of {@link packedToCorrCholesky}; reads
 * only the lower triangle.
 *
 * With Q_ij = Σ_{k=j..i} L_ik² (the row's remaining squared norm, summed from the right so it
 * stays accurate when it is tiny, and equal to 1 - Σ_{k<j} L_ik² on unit-norm rows),
 * z_ij = L_ij / √Q_ij and x_ij = atanh(z_ij), evaluated as
 * sign(L_ij) (log(√Q_ij + |L_ij|) - ½ log Q_i,j+1) to avoid cancelling in 1 - z.
 */
export function corrCholeskyToPacked(L: Tensor): Tensor {
  const n = squareExtent(L.shape, "CorrCholeskyTransform.inverse");
  const m = (n * (n - 1)) / 2;
  const batch = n === 0 ? 0 : L.size / (n * n);
  const ld = L.data;
  const out = new Float64Array(batch * m);
  const q = new Float64Array(n + 1);
  for (let b = 0; b < batch; b++) {
    const xo = b * m;
    const lo = b * n * n;
    for (let i = 1; i < n; i++) {
      const row = xo + (i * (i - 1)) / 2;
      suffixSquares(ld, lo + i * n, i, q);
      for (let j = 0; j < i; j++) {
        const l = ld[lo + i * n + j]!;
        const v = Math.log(Math.sqrt(q[j]!) + Math.abs(l)) - 0.5 * Math.log(q[j + 1]!);
        out[row + j] = l < 0 ? -v : v;
      }
    }
  }
  const x = new Tensor(out, [...L.shape.slice(0, -2), m]);
  if (!anyTracked(L)) return x;
  return record(x, [L], (g) => {
    // ∂x_ij/∂L_ij = 1/√Q_ij and ∂x_ij/∂L_ik = -L_ij L_ik / (√Q_ij Q_i,j+1) for j < k ≤ i, so
    // g_L_ik = g_ik/√Q_ik - L_ik Σ_{j<k} g_ij L_ij / (√Q_ij Q_i,j+1), a prefix sum along the row.
    const gd = g.data;
    const gL = new Float64Array(L.size);
    const qb = new Float64Array(n + 1);
    for (let b = 0; b < batch; b++) {
      const xo = b * m;
      const lo = b * n * n;
      for (let i = 1; i < n; i++) {
        const row = xo + (i * (i - 1)) / 2;
        suffixSquares(ld, lo + i * n, i, qb);
        let head = 0;
        for (let k = 0; k <= i; k++) {
          const l = ld[lo + i * n + k]!;
          let gk = -l * head;
          if (k < i) {
            const r = Math.sqrt(qb[k]!);
            const gik = gd[row + k]!;
            gk += gik / r;
            head += (gik * l) / (r * qb[k + 1]!);
          }
          gL[lo + i * n + k] = gk;
        }
      }
    }
    return [new Tensor(gL, L.shape)];
  });
}

/** q[j] = Σ_{k=j..last} d[off + k]², for j = 0..last; q[last + 1] is left untouched. */
function suffixSquares(d: Float64Array, off: number, last: number, q: Float64Array): void {
  let s = 0;
  for (let k = last; k >= 0; k--) {
    const v = d[off + k]!;
    s += v * v;
    q[k] = s;
  }
}

/** Number of events: the product of all but the last axis (also right when that axis is empty, m = 0, n = 1). */
function leadingSize(x: Tensor): number {
  let s = 1;
  for (let i = 0; i < x.ndim - 1; i++) s *= x.shape[i]!;
  return s;
}
