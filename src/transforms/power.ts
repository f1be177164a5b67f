/**
 * The power map y = x^p on the positive reals.
 * @module
 */
import { abs, add, div, log, mul, pow, sub } from "../autodiff/index.js";
import type { Bijector } from "../distributions/bijector.js";
import { type Constraint, positive } from "../distributions/constraints.js";
import { type Shape, broadcastShapes } from "../tensor/shape.js";
import { type Tensor, type TensorLike, asTensor } from "../tensor/tensor.js";

/**
 * y = x^p, elementwise on positive x, for a finite non-zero exponent p (a number or a tensor
 * broadcast against x, differentiable). log |dy/dx| = log |p| + (p - 1) log x.
 */
export class PowerTransform implements Bijector {
  readonly name = "power";
  readonly domain: Constraint = positive;
  readonly codomain: Constraint = positive;
  readonly domainEventDim = 0;
  readonly codomainEventDim = 0;
  readonly exponent: Tensor;

  constructor(exponent: TensorLike) {
    this.exponent = asTensor(exponent);
    this.exponent.data.forEach((v, i) => {
      if (!(Number.isFinite(v) && v !== 0))
        throw new Error(`PowerTransform: exponent must be finite and non-zero, got ${v} at index ${i}`);
    });
  }

  forward(x: Tensor): Tensor {
    return pow(x, this.exponent);
  }

  inverse(y: Tensor): Tensor {
    return pow(y, div(1, this.exponent));
  }

  logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor {
    const p = this.exponent;
    return add(log(abs(p)), mul(sub(p, 1), log(x)));
  }

  forwardShape(shape: Shape): Shape {
    return broadcastShapes(shape, this.exponent.shape);
  }

  inverseShape(shape: Shape): Shape {
    return this.forwardShape(shape);
  }
}
