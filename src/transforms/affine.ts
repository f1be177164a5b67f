/**
 * The affine map y = loc + scale · x, with broadcasting and gradients for loc and scale
 * as well as x (so it can be a learnable layer as well as a fixed change of units).
 * @module
 */
import { abs, add, div, log, mul, sub } from "../autodiff/index.js";
import type { Bijector } from "../distributions/bijector.js";
import type { Constraint } from "../distributions/constraints.js";
import { type Shape, broadcastShapes } from "../tensor/shape.js";
import { type Tensor, type TensorLike, asTensor, zeros } from "../tensor/tensor.js";
import { sumRightmost, requireEventAxes } from "./event-shape.js";
import { realEvents } from "./identity.js";

/**
 * y = loc + scale · x, elementwise with NumPy broadcasting of `loc` and `scale` against x.
 * log |det ∂y/∂x| = Σ log |scale| over the `eventDim` rightmost axes (per element when
 * `eventDim` is 0). Every entry of `scale` must be finite and non-zero.
 */
export class AffineTransform implements Bijector {
  readonly name = "affine";
  readonly domain: Constraint;
  readonly codomain: Constraint;
  readonly domainEventDim: number;
  readonly codomainEventDim: number;
  readonly loc: Tensor;
  readonly scale: Tensor;

  /**
   * @param loc shift (tensor or number), broadcast against x
   * @param scale multiplier (tensor or number), broadcast against x; no zeros
   * @param eventDim number of rightmost axes that form one event (0: elementwise; 1: vectors)
   */
  constructor(loc: TensorLike, scale: TensorLike, eventDim = 0) {
    this.domain = realEvents(eventDim, "AffineTransform");
    this.codomain = this.domain;
    this.domainEventDim = eventDim;
    this.codomainEventDim = eventDim;
    this.loc = asTensor(loc);
    this.scale = asTensor(scale);
    this.loc.data.forEach((v, i) => {
      if (!Number.isFinite(v)) throw new Error(`AffineTransform: loc must be finite, got ${v} at index ${i}`);
    });
    this.scale.data.forEach((v, i) => {
      if (!(Number.isFinite(v) && v !== 0))
        throw new Error(`AffineTransform: scale must be finite and non-zero, got ${v} at index ${i}`);
    });
  }

  forward(x: Tensor): Tensor {
    return add(this.loc, mul(this.scale, x));
  }

  inverse(y: Tensor): Tensor {
    return div(sub(y, this.loc), this.scale);
  }

  logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor {
    const shape = this.forwardShape(x.shape);
    requireEventAxes(shape, this.domainEventDim, "AffineTransform.logAbsDetJacobian");
    // log|scale| repeated over every coordinate of y (scale may be a scalar), then summed over the event.
    return sumRightmost(add(zeros(shape), log(abs(this.scale))), this.domainEventDim);
  }

  forwardShape(shape: Shape): Shape {
    return broadcastShapes(broadcastShapes(shape, this.loc.shape), this.scale.shape);
  }

  inverseShape(shape: Shape): Shape {
    return this.forwardShape(shape);
  }
}
