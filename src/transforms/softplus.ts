/**
 * The softplus map from the reals onto the positive reals: a gentler alternative to exp
 * (linear rather than exponential growth for large x).
 * @module
 */
import type { Bijector } from "../distributions/bijector.js";
import { type Constraint, positive, real } from "../distributions/constraints.js";
import type { Shape } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { logSigmoid, softplus } from "../autodiff/ops/special.js";
import { softplusInverse } from "./ops/softplus-inverse.js";

/** y = log(1 + e^x), elementwise; log |dy/dx| = log sigmoid(x). */
export class SoftplusTransform implements Bijector {
  readonly name = "softplus";
  readonly domain: Constraint = real;
  readonly codomain: Constraint = positive;
  readonly domainEventDim = 0;
  readonly codomainEventDim = 0;

  forward(x: Tensor): Tensor {
    return softplus(x);
  }

  inverse(y: Tensor): Tensor {
    return softplusInverse(y);
  }

  logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor {
    return logSigmoid(x);
  }

  forwardShape(shape: Shape): Shape {
    return shape;
  }

  inverseShape(shape: Shape): Shape {
    return shape;
  }
}
