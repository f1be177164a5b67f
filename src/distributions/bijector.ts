/**
 * The interface a bijection must implement to be used by TransformedDistribution and by the
 * samplers' unconstrained parameterisation. transforms/ provides the implementations; this
 * interface lives here so that distributions need not import the layer above.
 * @module
 */
import type { Shape } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Constraint } from "./constraints.js";

export interface Bijector {
  readonly name: string;
  /** Set the inputs live in. */
  readonly domain: Constraint;
  /** Set the outputs live in. */
  readonly codomain: Constraint;
  /** Rightmost input axes that form one event (0 for elementwise maps, 1 for vector maps). */
  readonly domainEventDim: number;
  /** Rightmost output axes that form one event. */
  readonly codomainEventDim: number;
  /** y = f(x); differentiable. */
  forward(x: Tensor): Tensor;
  /** x = f⁻¹(y); differentiable. */
  inverse(y: Tensor): Tensor;
  /**
   * log |det ∂y/∂x|, summed over the domain's event axes, so its shape is x.shape without
   * the last `domainEventDim` axes. Differentiable. `y` must equal forward(x).
   */
  logAbsDetJacobian(x: Tensor, y: Tensor): Tensor;
  /** Output shape for an input shape. */
  forwardShape(shape: Shape): Shape;
  /** Input shape for an output shape. */
  inverseShape(shape: Shape): Shape;
}
