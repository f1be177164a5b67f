/**
 * The logistic map from the reals onto the unit interval.
 * @module
 */
import { add, neg, sigmoid } from "../autodiff/index.js";
import type { Bijector } from "../distributions/bijector.js";
import { type Constraint, real, unitInterval } from "../distributions/constraints.js";
import type { Shape } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { logit, softplus } from "../autodiff/ops/special.js";

/**
 * y = 1 / (1 + e^-x), elementwise; inverse logit. log |dy/dx| = log σ(x) + log σ(-x),
 * computed as -softplus(-x) - softplus(x), which stays finite where σ(x)(1 - σ(x)) underflows.
 * `bijectTo(unitInterval)`.
 */
export class SigmoidTransform implements Bijector {
  readonly name = "sigmoid";
  readonly domain: Constraint = real;
  readonly codomain: Constraint = unitInterval;
  readonly domainEventDim = 0;
  readonly codomainEventDim = 0;

  forward(x: Tensor): Tensor {
    return sigmoid(x);
  }

  inverse(y: Tensor): Tensor {
    return logit(y);
  }

  logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor {
    return neg(add(softplus(neg(x)), softplus(x)));
  }

  forwardShape(shape: Shape): Shape {
    return shape;
  }

  inverseShape(shape: Shape): Shape {
    return shape;
  }
}
