/**
 * Method syntax on Tensor (`mu.add(tau.mul(z))`) for the differentiable ops. The Tensor class
 * lives in the layer below and knows nothing of autodiff, so the methods are attached here,
 * once, when the autodiff layer is imported (every entry point imports it).
 * @module
 */
import type { Axes } from "../tensor/kernels/reduce.js";
import { Tensor, type TensorLike } from "../tensor/tensor.js";
import { add, div, mul, neg, pow, scale, square, sub } from "./ops/arithmetic.js";
import { reshape, transpose } from "./ops/layout.js";
import { matmul } from "./ops/linalg.js";
import { mean, sum } from "./ops/reduce.js";
import { abs, exp, log, sigmoid, sqrt, tanh } from "./ops/unary.js";

declare module "../tensor/tensor.js" {
  interface Tensor {
    add(other: TensorLike): Tensor;
    sub(other: TensorLike): Tensor;
    mul(other: TensorLike): Tensor;
    div(other: TensorLike): Tensor;
    pow(other: TensorLike): Tensor;
    neg(): Tensor;
    scale(s: number): Tensor;
    square(): Tensor;
    exp(): Tensor;
    log(): Tensor;
    sqrt(): Tensor;
    abs(): Tensor;
    tanh(): Tensor;
    sigmoid(): Tensor;
    sum(axes?: Axes, keepDims?: boolean): Tensor;
    mean(axes?: Axes, keepDims?: boolean): Tensor;
    matmul(other: TensorLike): Tensor;
    reshape(shape: readonly number[]): Tensor;
    transpose(perm?: readonly number[]): Tensor;
  }
}

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
  sum(this: Tensor, axes?: Axes, keepDims?: boolean) { return sum(this, axes, keepDims); },
  mean(this: Tensor, axes?: Axes, keepDims?: boolean) { return mean(this, axes, keepDims); },
  matmul(this: Tensor, o: TensorLike) { return matmul(this, o); },
  reshape(this: Tensor, shape: readonly number[]) { return reshape(this, shape); },
  transpose(this: Tensor, perm?: readonly number[]) { return transpose(this, perm); },
};

for (const [name, fn] of Object.entries(methods)) {
  Object.defineProperty(Tensor.prototype, name, { value: fn, writable: true, configurable: true });
}
