/**
 * Unconstrained vectors ↔ strictly increasing vectors (Stan reference manual, "Ordered
 * vector").
 * @module
 */
import { mul, sum } from "../autodiff/index.js";
import type { Bijector } from "../distributions/bijector.js";
import { type Constraint, orderedVector, realVector } from "../distributions/constraints.js";
import type { Shape } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { lastExtent } from "./event-shape.js";
import { incrementsToOrdered, orderedToIncrements } from "./ops/ordered-packing.js";

/**
 * R^K → increasing vectors: y_0 = x_0, y_k = y_{k-1} + exp(x_k). The Jacobian is lower
 * triangular with diagonal (1, e^{x_1}, ..., e^{x_{K-1}}), so log |det| = Σ_{k≥1} x_k.
 *
 * In floating point an increment e^{x_k} smaller than the spacing of doubles near y_{k-1}
 * is lost (e.g. x = [30, 30, -30]: 1e13 + 1e-13 rounds to 1e13), so the output can tie;
 * this is a limit of the number format, not of the map.
 */
export class OrderedTransform implements Bijector {
  readonly name = "ordered";
  readonly domain: Constraint = realVector;
  readonly codomain: Constraint = orderedVector;
  readonly domainEventDim = 1;
  readonly codomainEventDim = 1;
  private readonly masks = new Map<number, Tensor>();

  forward(x: Tensor): Tensor {
    return incrementsToOrdered(x);
  }

  inverse(y: Tensor): Tensor {
    return orderedToIncrements(y);
  }

  logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor {
    const K = lastExtent(x.shape, "OrderedTransform.logAbsDetJacobian");
    return sum(mul(x, this.incrementMask(K)), -1);
  }

  forwardShape(shape: Shape): Shape {
    lastExtent(shape, "OrderedTransform.forwardShape");
    return shape;
  }

  inverseShape(shape: Shape): Shape {
    lastExtent(shape, "OrderedTransform.inverseShape");
    return shape;
  }

  /** [0, 1, ..., 1]: the log-increments x_1..x_{K-1}. */
  private incrementMask(K: number): Tensor {
    let mask = this.masks.get(K);
    if (mask === undefined) {
      const d = new Float64Array(K).fill(1);
      if (K > 0) d[0] = 0;
      mask = new Tensor(d, [K]);
      this.masks.set(K, mask);
    }
    return mask;
  }
}
