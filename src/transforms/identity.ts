/**
 * The identity bijection, the transform for unconstrained reals and real vectors.
 * @module
 */
import type { Bijector } from "../distributions/bijector.js";
import { type Constraint, real, realVector } from "../distributions/constraints.js";
import type { Shape } from "../tensor/shape.js";
import { type Tensor, zeros } from "../tensor/tensor.js";
import { requireEventAxes } from "./event-shape.js";

/** The domain for `eventDim` rightmost axes of reals: `real` for elementwise maps, `realVector` otherwise. */
export function realEvents(eventDim: number, who: string): Constraint {
  if (!Number.isInteger(eventDim) || eventDim < 0)
    throw new Error(`${who}: eventDim must be a non-negative integer, got ${eventDim}`);
  // realVector checks finiteness elementwise, so it also describes events of higher rank.
  return eventDim === 0 ? real : realVector;
}

/**
 * y = x. With `eventDim` > 0 the rightmost axes form one event, so the (zero) log-determinant
 * has the batch shape: `bijectTo(realVector)` is `new IdentityTransform(1)`.
 */
export class IdentityTransform implements Bijector {
  readonly name = "identity";
  readonly domain: Constraint;
  readonly codomain: Constraint;
  readonly domainEventDim: number;
  readonly codomainEventDim: number;

  constructor(eventDim = 0) {
    this.domain = realEvents(eventDim, "IdentityTransform");
    this.codomain = this.domain;
    this.domainEventDim = eventDim;
    this.codomainEventDim = eventDim;
  }

  forward(x: Tensor): Tensor {
    return x;
  }

  inverse(y: Tensor): Tensor {
    return y;
  }

  logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor {
    requireEventAxes(x.shape, this.domainEventDim, "IdentityTransform.logAbsDetJacobian");
    return zeros(x.shape.slice(0, x.ndim - this.domainEventDim));
  }

  forwardShape(shape: Shape): Shape {
    return shape;
  }

  inverseShape(shape: Shape): Shape {
    return shape;
  }
}
