/**
 * Differentiable layout ops: reshape, transpose.
 * @module
 */
import { invertPermutation, reshapeKernel, transposeKernel } from "../../tensor/kernels/layout.js";
import { type TensorLike, Tensor, asTensor } from "../../tensor/tensor.js";
import { anyTracked, record } from "../tape.js";

export function reshape(a: TensorLike, shape: readonly number[]): Tensor {
  const A = asTensor(a);
  const out = reshapeKernel(A, shape);
  const result = new Tensor(out.data, out.shape); // a new identity, so it gets its own node
  if (!anyTracked(A)) return result;
  return record(result, [A], (g) => [new Tensor(g.data, A.shape)]);
}

/** Permute axes (reverse them by default). */
export function transpose(a: TensorLike, perm?: readonly number[]): Tensor {
  const A = asTensor(a);
  const p = perm ?? Array.from({ length: A.ndim }, (_, i) => A.ndim - 1 - i);
  const out = transposeKernel(A, p);
  if (!anyTracked(A)) return out;
  const inv = invertPermutation(p);
  return record(out, [A], (g) => [transposeKernel(g, inv)]);
}
