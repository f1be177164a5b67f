/**
 * The exponential map from the reals onto the positive reals.
 * @module
 */
import { exp, log } from "../autodiff/index.js";
import type { Bijector } from "../distributions/bijector.js";
import { type Constraint, positive, real } from "../distributions/constraints.js";
import type { Shape } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";

/** y = exp(x), elementwise; log |dy/dx| = x. `bijectTo(positive)` and `bijectTo(nonnegative)`. */
export class ExpTransform implements Bijector {
  readonly name = "exp";
  readonly domain: Constraint = real;
  readonly codomain: Constraint = positive;
  readonly domainEventDim = 0;
  readonly codomainEventDim = 0;

  forward(x: Tensor): Tensor {
    return exp(x);
  }

  inverse(y: Tensor): Tensor {
    return log(y);
  }

  logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor {
    return x;
  }

  forwardShape(shape: Shape): Shape {
    return shape;
  }

  inverseShape(shape: Shape): Shape {
    return shape;
  }
}
