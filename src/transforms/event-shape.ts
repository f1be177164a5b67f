/**
 * Shape bookkeeping shared by the transforms: checking that a tensor has the event axes a
 * transform needs, summing a per-coordinate log-determinant over event axes, and the sizes
 * of triangular matrices packed into vectors.
 * @module
 */
import { sum } from "../autodiff/index.js";
import type { Shape } from "../tensor/shape.js";
import { formatShape } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";

/**
 * Sum `t` over its `k` rightmost axes (differentiable). With `k = 0` this is `t` itself: a
 * transform's log-determinant is summed over exactly the event axes, never the batch axes.
 */
export function sumRightmost(t: Tensor, k: number): Tensor {
  if (k === 0) return t;
  if (t.ndim < k) throw new Error(`sumRightmost: cannot sum ${k} axes of a tensor of shape ${formatShape(t.shape)}`);
  const axes = Array.from({ length: k }, (_, i) => t.ndim - k + i);
  return sum(t, axes);
}

/** Throw unless `shape` has at least `k` axes; `who` names the caller in the message. */
export function requireEventAxes(shape: Shape, k: number, who: string): void {
  if (shape.length < k)
    throw new Error(`${who}: expected at least ${k} dimension(s) (the event axes), got shape ${formatShape(shape)}`);
}

/** Size of the last axis, after checking it exists. */
export function lastExtent(shape: Shape, who: string): number {
  requireEventAxes(shape, 1, who);
  return shape[shape.length - 1]!;
}

/** Matrix side of square matrices in the last two axes, after checking they are square. */
export function squareExtent(shape: Shape, who: string): number {
  requireEventAxes(shape, 2, who);
  const n = shape[shape.length - 1]!;
  if (shape[shape.length - 2] !== n)
    throw new Error(`${who}: expected square matrices in the last two axes, got shape ${formatShape(shape)}`);
  return n;
}

/**
 * The side n of a lower-triangular matrix (diagonal included) packed into a vector of
 * length m = n(n+1)/2; throws when m is not such a triangular number.
 */
export function sideFromLowerSize(m: number, who: string): number {
  const n = Math.round((Math.sqrt(8 * m + 1) - 1) / 2);
  if ((n * (n + 1)) / 2 !== m)
    throw new Error(`${who}: last axis has length ${m}, expected n(n+1)/2 for some n (1, 3, 6, 10, ...)`);
  return n;
}

/**
 * The side n of a matrix whose strictly-lower triangle is packed into a vector of length
 * m = n(n-1)/2; throws when m is not such a number.
 */
export function sideFromStrictlyLowerSize(m: number, who: string): number {
  const n = Math.round((Math.sqrt(8 * m + 1) + 1) / 2);
  if ((n * (n - 1)) / 2 !== m)
    throw new Error(`${who}: last axis has length ${m}, expected n(n-1)/2 for some n (0, 1, 3, 6, ...)`);
  return n;
}
