/**
 * Packing of an unconstrained vector into a lower-triangular matrix with a positive
 * diagonal, and its inverse, as fused differentiable ops.
 *
 * Layout: the lower triangle in row-major order, so entry (i, j) with j ≤ i sits at vector
 * index i(i+1)/2 + j. Diagonal entries are stored on the log scale (L_ii = exp(x)), which
 * is Stan's "Cholesky factors of covariance matrices" transform.
 * @module
 */
import { anyTracked, record } from "../../autodiff/tape.js";
import { Tensor } from "../../tensor/tensor.js";
import { lastExtent, sideFromLowerSize, squareExtent } from "../event-shape.js";

/**
 * x (..., n(n+1)/2) → L (..., n, n): lower triangle filled row by row, exp on the
 * diagonal, zeros above.
 */
export function packedToLowerCholesky(x: Tensor): Tensor {
  const m = lastExtent(x.shape, "LowerCholeskyTransform.forward");
  const n = sideFromLowerSize(m, "LowerCholeskyTransform.forward");
  const batch = m === 0 ? 0 : x.size / m;
  const xd = x.data;
  const out = new Float64Array(batch * n * n);
  for (let b = 0; b < batch; b++) {
    const xo = b * m;
    const lo = b * n * n;
    for (let i = 0; i < n; i++) {
      const row = xo + (i * (i + 1)) / 2;
      for (let j = 0; j < i; j++) out[lo + i * n + j] = xd[row + j]!;
      out[lo + i * n + i] = Math.exp(xd[row + i]!);
    }
  }
  const L = new Tensor(out, [...x.shape.slice(0, -1), n, n]);
  if (!anyTracked(x)) return L;
  return record(L, [x], (g) => {
    const gd = g.data;
    const gx = new Float64Array(x.size);
    for (let b = 0; b < batch; b++) {
      const xo = b * m;
      const lo = b * n * n;
      for (let i = 0; i < n; i++) {
        const row = xo + (i * (i + 1)) / 2;
        for (let j = 0; j < i; j++) gx[row + j] = gd[lo + i * n + j]!;
        // d exp(x)/dx = exp(x) = L_ii
        gx[row + i] = gd[lo + i * n + i]! * out[lo + i * n + i]!;
      }
    }
    return [new Tensor(gx, x.shape)];
  });
}

/**
 * L (..., n, n) → x (..., n(n+1)/2): the inverse of {@link packedToLowerCholesky}; reads
 * only the lower triangle, taking the log of the diagonal.
 */
export function lowerCholeskyToPacked(L: Tensor): Tensor {
  const n = squareExtent(L.shape, "LowerCholeskyTransform.inverse");
  const m = (n * (n + 1)) / 2;
  const batch = n === 0 ? 0 : L.size / (n * n);
  const ld = L.data;
  const out = new Float64Array(batch * m);
  for (let b = 0; b < batch; b++) {
    const xo = b * m;
    const lo = b * n * n;
    for (let i = 0; i < n; i++) {
      const row = xo + (i * (i + 1)) / 2;
      for (let j = 0; j < i; j++) out[row + j] = ld[lo + i * n + j]!;
      out[row + i] = Math.log(ld[lo + i * n + i]!);
    }
  }
  const x = new Tensor(out, [...L.shape.slice(0, -2), m]);
  if (!anyTracked(L)) return x;
  return record(x, [L], (g) => {
    const gd = g.data;
    const gL = new Float64Array(L.size);
    for (let b = 0; b < batch; b++) {
      const xo = b * m;
      const lo = b * n * n;
      for (let i = 0; i < n; i++) {
        const row = xo + (i * (i + 1)) / 2;
        for (let j = 0; j < i; j++) gL[lo + i * n + j] = gd[row + j]!;
        gL[lo + i * n + i] = gd[row + i]! / ld[lo + i * n + i]!;
      }
    }
    return [new Tensor(gL, L.shape)];
  });
}
