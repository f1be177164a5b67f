/**
 * The hyperbolic tangent from the reals onto (-1, 1).
 * @module
 */
import { scale, sub, tanh } from "../autodiff/index.js";
import type { Bijector } from "../distributions/bijector.js";
import { type Constraint, interval, real } from "../distributions/constraints.js";
import type { Shape } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { atanh } from "./ops/inverse-squashing.js";
import { softplus } from "../autodiff/ops/special.js";

/**
 * y = tanh(x), elementwise; inverse atanh. log |dy/dx| = log(1 - tanh²x), computed as
 * 2 (log 2 - x - softplus(-2x)), which does not cancel to log(0) for large |x|.
 */
export class TanhTransform implements Bijector {
  readonly name = "tanh";
  readonly domain: Constraint = real;
  readonly codomain: Constraint = interval(-1, 1);
  readonly domainEventDim = 0;
  readonly codomainEventDim = 0;

  forward(x: Tensor): Tensor {
    return tanh(x);
  }

  inverse(y: Tensor): Tensor {
    return atanh(y);
  }

  logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor {
    return scale(sub(sub(Math.LN2, x), softplus(scale(x, -2))), 2);
  }

  forwardShape(shape: Shape): Shape {
    return shape;
  }

  inverseShape(shape: Shape): Shape {
    return shape;
  }
}
