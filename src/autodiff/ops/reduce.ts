/**
 * Differentiable reductions over axes.
 * @module
 */
import { expandTo, scaleKernel } from "../../tensor/kernels/elementwise.js";
import { type Axes, normalizeAxes, reducedShape, sumKernel } from "../../tensor/kernels/reduce.js";
import { sizeOf } from "../../tensor/shape.js";
import { type TensorLike, Tensor, asTensor } from "../../tensor/tensor.js";
import { anyTracked, record } from "../tape.js";

/** Broadcast a reduced cotangent back over the reduced axes. */
export function unreduce(g: Tensor, inShape: readonly number[], axes: Axes): Tensor {
  const ax = normalizeAxes(axes, inShape.length);
  const kept = new Tensor(g.data, reducedShape(inShape, ax, true));
  return expandTo(kept, inShape);
}

/** Sum over `axes` (all when omitted). */
export function sum(a: TensorLike, axes?: Axes, keepDims = false): Tensor {
  const A = asTensor(a);
  const out = sumKernel(A, axes, keepDims);
  if (!anyTracked(A)) return out;
  return record(out, [A], (g) => {
    if (g.size === 1) return [new Tensor(new Float64Array(A.size).fill(g.data[0]!), A.shape)];
    return [unreduce(g, A.shape, axes)];
  });
}

/** Mean over `axes` (all when omitted). */
export function mean(a: TensorLike, axes?: Axes, keepDims = false): Tensor {
  const A = asTensor(a);
  const ax = normalizeAxes(axes, A.ndim);
  let count = 1;
  for (const i of ax) count *= A.shape[i]!;
  if (count === 0) throw new Error(`mean: reducing over an empty axis of shape [${A.shape.join(", ")}]`);
  const s = sum(A, axes, keepDims);
  const out = scaleKernel(s, 1 / count);
  if (!anyTracked(s)) return out;
  return record(out, [s], (g) => [scaleKernel(g, 1 / count)]);
}

/** Number of elements reduced when reducing `shape` over `axes`. */
export function reducedCount(shape: readonly number[], axes: Axes): number {
  const ax = normalizeAxes(axes, shape.length);
  return sizeOf(ax.map((i) => shape[i]!));
}
