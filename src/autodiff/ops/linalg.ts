/**
 * Differentiable (batched) matrix multiplication.
 * @module
 */
import { transposeKernel } from "../../tensor/kernels/layout.js";
import { gemm } from "../../tensor/kernels/matmul.js";
import { sumToShape } from "../../tensor/kernels/reduce.js";
import { broadcastShapes, broadcastStrides, formatShape, sizeOf, stridesOf } from "../../tensor/shape.js";
import { type TensorLike, Tensor, asTensor } from "../../tensor/tensor.js";
import { anyTracked, record, tracked } from "../tape.js";

/** Swap the last two axes. */
export function mT(a: Tensor): Tensor {
  const nd = a.ndim;
  const perm = Array.from({ length: nd }, (_, i) => i);
  perm[nd - 2] = nd - 1;
  perm[nd - 1] = nd - 2;
  return transposeKernel(a, perm);
}

/** Batched matmul of operands with at least 2 dimensions; batch axes broadcast. */
export function matmulKernel(A: Tensor, B: Tensor): Tensor {
  const m = A.shape[A.ndim - 2]!;
  const k = A.shape[A.ndim - 1]!;
  const k2 = B.shape[B.ndim - 2]!;
  const n = B.shape[B.ndim - 1]!;
  if (k !== k2)
    throw new Error(`matmul: inner dimensions differ: ${formatShape(A.shape)} @ ${formatShape(B.shape)} (${k} vs ${k2})`);
  const batchA = A.shape.slice(0, -2);
  const batchB = B.shape.slice(0, -2);
  const batch = broadcastShapes(batchA, batchB);
  const nb = sizeOf(batch);
  const out = new Float64Array(nb * m * n);
  if (batch.length === 0) {
    gemm(m, k, n, A.data, 0, B.data, 0, out, 0);
    return new Tensor(out, [m, n]);
  }
  const sa = broadcastStrides(batchA, batch);
  const sb = broadcastStrides(batchB, batch);
  const bs = stridesOf(batch);
  for (let b = 0; b < nb; b++) {
    let ia = 0;
    let ib = 0;
    let rem = b;
    for (let d = 0; d < batch.length; d++) {
      const idx = Math.floor(rem / bs[d]!);
      rem -= idx * bs[d]!;
      ia += idx * sa[d]!;
      ib += idx * sb[d]!;
    }
    gemm(m, k, n, A.data, ia * m * k, B.data, ib * k * n, out, b * m * n);
  }
  return new Tensor(out, [...batch, m, n]);
}

/**
 * Matrix product with NumPy's rules: 1-D operands are promoted to a row (left) or a column
 * (right) and the promoted axis is dropped from the result; leading axes broadcast.
 */
export function matmul(a: TensorLike, b: TensorLike): Tensor {
  const A0 = asTensor(a);
  const B0 = asTensor(b);
  if (A0.ndim === 0 || B0.ndim === 0) throw new Error("matmul: operands must have at least 1 dimension; use mul for scalars");
  const A = A0.ndim === 1 ? new Tensor(A0.data, [1, A0.shape[0]!]) : A0;
  const B = B0.ndim === 1 ? new Tensor(B0.data, [B0.shape[0]!, 1]) : B0;
  const full = matmulKernel(A, B);
  let outShape = full.shape.slice();
  if (A0.ndim === 1) outShape.splice(outShape.length - 2, 1);
  if (B0.ndim === 1) outShape = outShape.slice(0, -1);
  const out = new Tensor(full.data, outShape);
  if (!anyTracked(A0, B0)) return out;
  const na = tracked(A0);
  const nb = tracked(B0);
  return record(out, [A0, B0], (g) => {
    const G = new Tensor(g.data, full.shape);
    const ga = na ? sumToShape(matmulKernel(G, mT(B)), A.shape) : null;
    const gb = nb ? sumToShape(matmulKernel(mT(A), G), B.shape) : null;
    return [ga ? new Tensor(ga.data, A0.shape) : null, gb ? new Tensor(gb.data, B0.shape) : null];
  });
}
