/**
 * Method syntax on Tensor (`mu.add(tau.mul(z))`) for the differentiable ops. The Tensor class
 * lives in the layer below and knows nothing of autodiff, so the methods are attached here,
 * once, when the autodiff layer is imported (every entry point imports it).
 * @module
 */
import type { Axes } from "../tensor/kernels/reduce.js";
import { Tensor, type TensorLike } from "../tensor/tensor.js";
import { add, div, mul, neg, pow, scale, square, sub } from "./ops/arithmetic.js";
import { eq, ge, gt, le, lt, maximum, minimum, ne } from "./ops/compare.js";
import {
  type Indices,
  type SliceRange,
  broadcastTo,
  expandDims,
  flip,
  reshape,
  slice,
  squeeze,
  take,
  takeAlongAxis,
  transpose,
} from "./ops/layout.js";
import { matmul } from "./ops/linalg.js";
import {
  argmax,
  argmin,
  cumsum,
  logSoftmax,
  logsumexp,
  max,
  mean,
  min,
  prod,
  softmax,
  std,
  sum,
  variance,
} from "./ops/reduce.js";
import { abs, clip, exp, log, relu, sigmoid, sqrt, tanh } from "./ops/unary.js";

declare module "../tensor/tensor.js" {
  interface Tensor {
    /** {@link add} */
    add(other: TensorLike): Tensor;
    /** {@link sub} */
    sub(other: TensorLike): Tensor;
    /** {@link mul} */
    mul(other: TensorLike): Tensor;
    /** {@link div} */
    div(other: TensorLike): Tensor;
    /** {@link pow} */
    pow(other: TensorLike): Tensor;
    /** {@link neg} */
    neg(): Tensor;
    /** {@link scale} */
    scale(s: number): Tensor;
    /** {@link square} */
    square(): Tensor;
    /** {@link exp} */
    exp(): Tensor;
    /** {@link log} */
    log(): Tensor;
    /** {@link sqrt} */
    sqrt(): Tensor;
    /** {@link abs} */
    abs(): Tensor;
    /** {@link tanh} */
    tanh(): Tensor;
    /** {@link sigmoid} */
    sigmoid(): Tensor;
    /** {@link relu} */
    relu(): Tensor;
    /** {@link clip} */
    clip(lo: number, hi: number): Tensor;
    /** {@link maximum} */
    maximum(other: TensorLike): Tensor;
    /** {@link minimum} */
    minimum(other: TensorLike): Tensor;
    /** {@link eq} */
    eq(other: TensorLike): Tensor;
    /** {@link ne} */
    ne(other: TensorLike): Tensor;
    /** {@link lt} */
    lt(other: TensorLike): Tensor;
    /** {@link le} */
    le(other: TensorLike): Tensor;
    /** {@link gt} */
    gt(other: TensorLike): Tensor;
    /** {@link ge} */
    ge(other: TensorLike): Tensor;
    /** {@link sum} */
    sum(axes?: Axes, keepDims?: boolean): Tensor;
    /** {@link mean} */
    mean(axes?: Axes, keepDims?: boolean): Tensor;
    /** {@link prod} */
    prod(axes?: Axes, keepDims?: boolean): Tensor;
    /** {@link max} (the reduction; see {@link maximum} for two tensors) */
    max(axes?: Axes, keepDims?: boolean): Tensor;
    /** {@link min} (the reduction; see {@link minimum} for two tensors) */
    min(axes?: Axes, keepDims?: boolean): Tensor;
    /** {@link logsumexp} */
    logsumexp(axes?: Axes, keepDims?: boolean): Tensor;
    /** {@link variance} */
    variance(axes?: Axes, keepDims?: boolean, ddof?: number): Tensor;
    /** {@link std} */
    std(axes?: Axes, keepDims?: boolean, ddof?: number): Tensor;
    /** {@link argmax} */
    argmax(axis?: number, keepDims?: boolean): Tensor;
    /** {@link argmin} */
    argmin(axis?: number, keepDims?: boolean): Tensor;
    /** {@link cumsum} */
    cumsum(axis?: number): Tensor;
    /** {@link softmax} */
    softmax(axis?: number): Tensor;
    /** {@link logSoftmax} */
    logSoftmax(axis?: number): Tensor;
    /** {@link matmul} */
    matmul(other: TensorLike): Tensor;
    /** {@link reshape} */
    reshape(shape: readonly number[]): Tensor;
    /** {@link transpose} */
    transpose(perm?: readonly number[]): Tensor;
    /** {@link squeeze} */
    squeeze(axes?: number | readonly number[]): Tensor;
    /** {@link expandDims} */
    expandDims(axes: number | readonly number[]): Tensor;
    /** {@link broadcastTo} */
    broadcastTo(shape: readonly number[]): Tensor;
    /** {@link flip} */
    flip(axes?: Axes): Tensor;
    /** {@link slice} */
    slice(ranges: readonly (SliceRange | null | undefined)[]): Tensor;
    /** {@link take} */
    take(indices: Indices, axis?: number): Tensor;
    /** {@link takeAlongAxis} */
    takeAlongAxis(indices: Indices, axis: number): Tensor;
  }
}

// One line per method reads as a table.
// prettier-ignore
const methods: Record<string, (this: Tensor, ...args: never[]) => Tensor> = {
  add(this: Tensor, o: TensorLike) { return add(this, o); },
  sub(this: Tensor, o: TensorLike) { return sub(this, o); },
  mul(this: Tensor, o: TensorLike) { return mul(this, o); },
  div(this: Tensor, o: TensorLike) { return div(this, o); },
  pow(this: Tensor, o: TensorLike) { return pow(this, o); },
  neg(this: Tensor) { return neg(this); },
  scale(this: Tensor, s: number) { return scale(this, s); },
  square(this: Tensor) { return square(this); },
  exp(this: Tensor) { return exp(this); },
  log(this: Tensor) { return log(this); },
  sqrt(this: Tensor) { return sqrt(this); },
  abs(this: Tensor) { return abs(this); },
  tanh(this: Tensor) { return tanh(this); },
  sigmoid(this: Tensor) { return sigmoid(this); },
  relu(this: Tensor) { return relu(this); },
  clip(this: Tensor, lo: number, hi: number) { return clip(this, lo, hi); },
  maximum(this: Tensor, o: TensorLike) { return maximum(this, o); },
  minimum(this: Tensor, o: TensorLike) { return minimum(this, o); },
  eq(this: Tensor, o: TensorLike) { return eq(this, o); },
  ne(this: Tensor, o: TensorLike) { return ne(this, o); },
  lt(this: Tensor, o: TensorLike) { return lt(this, o); },
  le(this: Tensor, o: TensorLike) { return le(this, o); },
  gt(this: Tensor, o: TensorLike) { return gt(this, o); },
  ge(this: Tensor, o: TensorLike) { return ge(this, o); },
  sum(this: Tensor, axes?: Axes, keepDims?: boolean) { return sum(this, axes, keepDims); },
  mean(this: Tensor, axes?: Axes, keepDims?: boolean) { return mean(this, axes, keepDims); },
  prod(this: Tensor, axes?: Axes, keepDims?: boolean) { return prod(this, axes, keepDims); },
  max(this: Tensor, axes?: Axes, keepDims?: boolean) { return max(this, axes, keepDims); },
  min(this: Tensor, axes?: Axes, keepDims?: boolean) { return min(this, axes, keepDims); },
  logsumexp(this: Tensor, axes?: Axes, keepDims?: boolean) { return logsumexp(this, axes, keepDims); },
  variance(this: Tensor, axes?: Axes, keepDims?: boolean, ddof?: number) { return variance(this, axes, keepDims, ddof); },
  std(this: Tensor, axes?: Axes, keepDims?: boolean, ddof?: number) { return std(this, axes, keepDims, ddof); },
  argmax(this: Tensor, axis?: number, keepDims?: boolean) { return argmax(this, axis, keepDims); },
  argmin(this: Tensor, axis?: number, keepDims?: boolean) { return argmin(this, axis, keepDims); },
  cumsum(this: Tensor, axis?: number) { return cumsum(this, axis); },
  softmax(this: Tensor, axis?: number) { return softmax(this, axis); },
  logSoftmax(this: Tensor, axis?: number) { return logSoftmax(this, axis); },
  matmul(this: Tensor, o: TensorLike) { return matmul(this, o); },
  reshape(this: Tensor, shape: readonly number[]) { return reshape(this, shape); },
  transpose(this: Tensor, perm?: readonly number[]) { return transpose(this, perm); },
  squeeze(this: Tensor, axes?: number | readonly number[]) { return squeeze(this, axes); },
  expandDims(this: Tensor, axes: number | readonly number[]) { return expandDims(this, axes); },
  broadcastTo(this: Tensor, shape: readonly number[]) { return broadcastTo(this, shape); },
  flip(this: Tensor, axes?: Axes) { return flip(this, axes); },
  slice(this: Tensor, ranges: readonly (SliceRange | null | undefined)[]) { return slice(this, ranges); },
  take(this: Tensor, indices: Indices, axis?: number) { return take(this, indices, axis); },
  takeAlongAxis(this: Tensor, indices: Indices, axis: number) { return takeAlongAxis(this, indices, axis); },
};

for (const [name, fn] of Object.entries(methods)) {
  Object.defineProperty(Tensor.prototype, name, { value: fn, writable: true, configurable: true });
}
