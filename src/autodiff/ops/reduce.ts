/**
 * Differentiable reductions over axes (sum, mean, prod, max, min, logsumexp, variance, std),
 * the scan cumsum, softmax / log-softmax along an axis, and the non-differentiable
 * argmax / argmin.
 *
 * Axes follow NumPy: one axis or a list, negative axes count from the end, all axes when
 * omitted; `keepDims` keeps reduced axes with extent 1.
 * @module
 */
import { expandTo, scaleKernel } from "../../tensor/kernels/elementwise.js";
import {
  type Axes,
  argmaxKernel,
  argminKernel,
  extremeBackwardKernel,
  maxKernel,
  minKernel,
  normalizeAxes,
  prodBackwardKernel,
  prodKernel,
  reducedShape,
  sumKernel,
} from "../../tensor/kernels/reduce.js";
import { cumsumKernel } from "../../tensor/kernels/scan.js";
import {
  logSoftmaxBackwardKernel,
  logSoftmaxKernel,
  logsumexpBackwardKernel,
  logsumexpKernel,
  softmaxBackwardKernel,
  softmaxKernel,
} from "../../tensor/kernels/softmax.js";
import { formatShape, sizeOf } from "../../tensor/shape.js";
import { type TensorLike, Tensor, asTensor } from "../../tensor/tensor.js";
import { anyTracked, record } from "../tape.js";
import { mul, scale, sub } from "./arithmetic.js";
import { sqrt } from "./unary.js";

/** Broadcast a reduced cotangent back over the reduced axes. */
export function unreduce(g: Tensor, inShape: readonly number[], axes: Axes): Tensor {
  const ax = normalizeAxes(axes, inShape.length);
  const kept = new Tensor(g.data, reducedShape(inShape, ax, true));
  return expandTo(kept, inShape);
}

/** Number of elements reduced when reducing `shape` over `axes`. */
export function reducedCount(shape: readonly number[], axes: Axes): number {
  const ax = normalizeAxes(axes, shape.length);
  return sizeOf(ax.map((i) => shape[i]!));
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
  const count = reducedCount(A.shape, normalizeAxes(axes, A.ndim, "mean"));
  if (count === 0) throw new Error(`mean: reducing over an empty axis of shape ${formatShape(A.shape)}`);
  const out = scaleKernel(sumKernel(A, axes, keepDims), 1 / count);
  if (!anyTracked(A)) return out;
  return record(out, [A], (g) => [unreduce(scaleKernel(g, 1 / count), A.shape, axes)]);
}

/**
 * Product over `axes` (all when omitted). The gradient Π_{j≠k} x_j is computed from prefix
 * and suffix products, so it is exact where elements are zero.
 */
export function prod(a: TensorLike, axes?: Axes, keepDims = false): Tensor {
  const A = asTensor(a);
  const ax = normalizeAxes(axes, A.ndim, "prod");
  const out = prodKernel(A, ax, keepDims);
  if (!anyTracked(A)) return out;
  return record(out, [A], (g) => [prodBackwardKernel(A, g, ax)]);
}

/**
 * Largest element over `axes` (all when omitted). The gradient goes to the maximising
 * element; when several elements tie for the maximum it is split evenly among them.
 */
export function max(a: TensorLike, axes?: Axes, keepDims = false): Tensor {
  const A = asTensor(a);
  const ax = normalizeAxes(axes, A.ndim, "max");
  const out = maxKernel(A, ax, keepDims);
  if (!anyTracked(A)) return out;
  return record(out, [A], (g) => [extremeBackwardKernel(A, out, g, ax)]);
}

/**
 * Smallest element over `axes` (all when omitted). The gradient goes to the minimising
 * element; when several elements tie for the minimum it is split evenly among them.
 */
export function min(a: TensorLike, axes?: Axes, keepDims = false): Tensor {
  const A = asTensor(a);
  const ax = normalizeAxes(axes, A.ndim, "min");
  const out = minKernel(A, ax, keepDims);
  if (!anyTracked(A)) return out;
  return record(out, [A], (g) => [extremeBackwardKernel(A, out, g, ax)]);
}

/**
 * log Σ exp(a) over `axes` (all when omitted), computed as `m + log Σ exp(a - m)` with `m`
 * the maximum, so it neither overflows nor underflows. Its gradient is the softmax.
 */
export function logsumexp(a: TensorLike, axes?: Axes, keepDims = false): Tensor {
  const A = asTensor(a);
  const ax = normalizeAxes(axes, A.ndim, "logsumexp");
  const out = logsumexpKernel(A, ax, keepDims);
  if (!anyTracked(A)) return out;
  return record(out, [A], (g) => [logsumexpBackwardKernel(A, out, g, ax)]);
}

/**
 * Running sum along `axis` (default: the last). The gradient is the running sum of the
 * cotangent in the reverse direction.
 */
export function cumsum(a: TensorLike, axis = -1): Tensor {
  const A = asTensor(a);
  const out = cumsumKernel(A, axis);
  if (!anyTracked(A)) return out;
  return record(out, [A], (g) => [cumsumKernel(g, axis, true)]);
}

/**
 * exp(a) / Σ exp(a) along `axis` (default: the last), stably (the maximum is subtracted
 * first). Fused backward: `dx = y ⊙ (g − Σ g ⊙ y)`.
 */
export function softmax(a: TensorLike, axis = -1): Tensor {
  const A = asTensor(a);
  const out = softmaxKernel(A, axis);
  if (!anyTracked(A)) return out;
  return record(out, [A], (g) => [softmaxBackwardKernel(out, g, axis)]);
}

/**
 * a − logsumexp(a) along `axis` (default: the last), stably. Fused backward:
 * `dx = g − softmax(a) Σ g`.
 */
export function logSoftmax(a: TensorLike, axis = -1): Tensor {
  const A = asTensor(a);
  const out = logSoftmaxKernel(A, axis);
  if (!anyTracked(A)) return out;
  return record(out, [A], (g) => [logSoftmaxBackwardKernel(out, g, axis)]);
}

/**
 * Variance over `axes` (all when omitted): Σ (a − mean)² / (N − ddof). `ddof` 0 gives the
 * maximum-likelihood estimate, 1 the unbiased one.
 */
export function variance(a: TensorLike, axes?: Axes, keepDims = false, ddof = 0): Tensor {
  const A = asTensor(a);
  const ax = normalizeAxes(axes, A.ndim, "variance");
  const n = reducedCount(A.shape, ax);
  if (!(n - ddof > 0))
    throw new Error(`variance: need more than ddof = ${ddof} elements, got ${n} over axes ${formatShape(ax)}`);
  const centred = sub(A, mean(A, ax, true));
  return scale(sum(mul(centred, centred), ax, keepDims), 1 / (n - ddof));
}

/**
 * Standard deviation over `axes`: the square root of {@link variance}. Its gradient is
 * infinite where the variance is zero.
 */
export function std(a: TensorLike, axes?: Axes, keepDims = false, ddof = 0): Tensor {
  return sqrt(variance(a, axes, keepDims, ddof));
}

/**
 * Index of the largest element along `axis` (of the flattened tensor when omitted), as a
 * float tensor. Ties go to the first index; NaN counts as largest. Not differentiable.
 */
export function argmax(a: TensorLike, axis?: number, keepDims = false): Tensor {
  return argmaxKernel(asTensor(a), axis, keepDims);
}

/**
 * Index of the smallest element along `axis` (of the flattened tensor when omitted). Ties go
 * to the first index; NaN counts as smallest. Not differentiable.
 */
export function argmin(a: TensorLike, axis?: number, keepDims = false): Tensor {
  return argminKernel(asTensor(a), axis, keepDims);
}
