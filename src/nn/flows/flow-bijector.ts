/**
 * A flow with fixed parameters as a {@link Bijector}, so TransformedDistribution, the
 * samplers' reparameterisations and anything else written against that interface can use it.
 * @module
 */
import { neg } from "../../autodiff/index.js";
import type { Bijector } from "../../distributions/bijector.js";
import { type Constraint, realVector } from "../../distributions/constraints.js";
import type { Shape } from "../../tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { Tree } from "../../tensor/tree.js";
import { contextFor } from "./context.js";
import type { FlowLayer } from "./layer.js";

/** A flow layer (or {@link Flow}) bound to its parameters and, when conditional, a context. */
export class FlowBijector<P extends Tree = Tree> implements Bijector {
  readonly name: string;
  readonly domain: Constraint = realVector;
  readonly codomain: Constraint = realVector;
  readonly domainEventDim = 1;
  readonly codomainEventDim = 1;
  readonly flow: FlowLayer<P>;
  readonly params: P;
  readonly context: Tensor | undefined;

  constructor(flow: FlowLayer<P>, params: P, context?: Tensor) {
    contextFor(`FlowBijector(${flow.name})`, context, flow.contextFeatures, context?.shape.slice(0, -1) ?? []);
    this.name = `flow(${flow.name})`;
    this.flow = flow;
    this.params = params;
    this.context = context;
  }

  forward(x: Tensor): Tensor {
    return this.flow.forward(this.params, x, this.context).y;
  }

  inverse(y: Tensor): Tensor {
    return this.flow.inverse(this.params, y, this.context).x;
  }

  /**
   * log|det ∂y/∂x| as minus the inverse pass's log-determinant at y: TransformedDistribution
   * scores through the inverse anyway, and for MAF it is the one-pass direction.
   */
  logAbsDetJacobian(_x: Tensor, y: Tensor): Tensor {
    return neg(this.flow.inverse(this.params, y, this.context).logDet);
  }

  forwardShape(shape: Shape): Shape {
    if (shape.length < 1 || shape[shape.length - 1] !== this.flow.features)
      throw new Error(`${this.name}: inputs must have shape [..., ${this.flow.features}], got [${shape.join(", ")}]`);
    return shape;
  }

  inverseShape(shape: Shape): Shape {
    return this.forwardShape(shape);
  }
}

/** {@link FlowBijector} as a function: `TransformedDistribution(base, flowBijector(flow, params))`. */
export function flowBijector<P extends Tree>(flow: FlowLayer<P>, params: P, context?: Tensor): FlowBijector<P> {
  return new FlowBijector(flow, params, context);
}
