/**
 * Composition of bijections, applied left to right.
 * @module
 */
import { add } from "../autodiff/index.js";
import type { Bijector } from "../distributions/bijector.js";
import type { Constraint } from "../distributions/constraints.js";
import type { Shape } from "../tensor/shape.js";
import type { Tensor } from "../tensor/tensor.js";
import { requireEventAxes, sumRightmost } from "./event-shape.js";

/** Options of {@link ComposeTransform}. */
export interface ComposeOptions {
  /**
   * The image of the composition when it is narrower than the last part's codomain: exp then
   * a shift by `lo` lands in greaterThan(lo), though the affine map alone reaches all reals.
   */
  readonly codomain?: Constraint;
}

/**
 * y = parts[n-1](... parts[1](parts[0](x))). log |det| is the sum of the parts'
 * log-determinants, each evaluated at its own input and summed over the axes that form one
 * event of the composition: an elementwise part followed by a vector part (exp then
 * stick-breaking, say) makes the whole map act on vectors, so the elementwise part's
 * log-determinant is summed over the last axis too.
 */
export class ComposeTransform implements Bijector {
  readonly name: string;
  readonly domain: Constraint;
  readonly codomain: Constraint;
  readonly domainEventDim: number;
  readonly codomainEventDim: number;
  readonly parts: readonly Bijector[];
  /** Event rank of each part's input within the composition (≥ that part's domainEventDim). */
  private readonly inputEventDims: readonly number[];

  constructor(parts: readonly Bijector[], options: ComposeOptions = {}) {
    if (parts.length === 0) throw new Error("ComposeTransform: expected at least one part, got an empty list");
    this.parts = parts.slice();
    // With D event axes at the input, part i sees D + shift_i, where shift_i is the net rank
    // change of the parts before it; D is the smallest value meeting every part's need.
    let shift = 0;
    let D = 0;
    for (const p of parts) {
      D = Math.max(D, p.domainEventDim - shift);
      shift += p.codomainEventDim - p.domainEventDim;
    }
    const dims: number[] = [];
    let e = D;
    for (const p of parts) {
      dims.push(e);
      e += p.codomainEventDim - p.domainEventDim;
    }
    this.inputEventDims = dims;
    this.domainEventDim = D;
    this.codomainEventDim = e;
    this.domain = parts[0]!.domain;
    this.codomain = options.codomain ?? parts[parts.length - 1]!.codomain;
    this.name = `compose(${parts.map((p) => p.name).join(", ")})`;
  }

  forward(x: Tensor): Tensor {
    let y = x;
    for (const p of this.parts) y = p.forward(y);
    return y;
  }

  inverse(y: Tensor): Tensor {
    let x = y;
    for (let i = this.parts.length - 1; i >= 0; i--) x = this.parts[i]!.inverse(x);
    return x;
  }

  logAbsDetJacobian(x: Tensor, y: Tensor): Tensor {
    requireEventAxes(x.shape, this.domainEventDim, "ComposeTransform.logAbsDetJacobian");
    const last = this.parts.length - 1;
    let total: Tensor | null = null;
    let xi = x;
    for (let i = 0; i <= last; i++) {
      const p = this.parts[i]!;
      // each part's log-det at its own input; the last part's output is the y given
      const yi = i === last ? y : p.forward(xi);
      const term = sumRightmost(p.logAbsDetJacobian(xi, yi), this.inputEventDims[i]! - p.domainEventDim);
      total = total === null ? term : add(total, term);
      xi = yi;
    }
    return total!;
  }

  forwardShape(shape: Shape): Shape {
    let s = shape;
    for (const p of this.parts) s = p.forwardShape(s);
    return s;
  }

  inverseShape(shape: Shape): Shape {
    let s = shape;
    for (let i = this.parts.length - 1; i >= 0; i--) s = this.parts[i]!.inverseShape(s);
    return s;
  }
}
