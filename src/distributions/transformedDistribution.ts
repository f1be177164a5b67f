/**
 * TransformedDistribution: the law of f(X) for X from a base distribution and f a chain of
 * bijections.
 * @module
 */
import { add, sub } from "../autodiff/index.js";
import type { Key } from "../random/index.js";
import type { Shape } from "../tensor/shape.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import type { Bijector } from "./bijector.js";
import type { Constraint } from "./constraints.js";
import { Distribution, type DistributionOptions } from "./distribution.js";
import { sumRightmost } from "./independent.js";

/**
 * Y = f_n(… f_1(X)) with X ~ base. By the change of variables,
 * log p(y) = log p_base(x) - Σ_i log|det J_{f_i}(x_{i-1})|, where the x_i are recovered by
 * the inverses. Each bijector may act on vectors (event dimension 1) as well as elementwise;
 * the event dimension of the result is the largest any step needs, and log-densities and
 * log-determinants are summed over whatever extra event axes a step sees.
 */
export class TransformedDistributionImpl extends Distribution {
  /** The distribution of X. */
  readonly base: Distribution;
  /** The bijections, applied first to last. */
  readonly transforms: readonly Bijector[];

  constructor(base: Distribution, transforms: Bijector | readonly Bijector[], options?: DistributionOptions) {
    const list: readonly Bijector[] = Array.isArray(transforms) ? transforms : [transforms as Bijector];
    let shape: Shape = [...base.batchShape, ...base.eventShape];
    let eventDim = base.eventShape.length;
    for (const t of list) {
      eventDim = t.codomainEventDim + Math.max(eventDim - t.domainEventDim, 0);
      shape = t.forwardShape(shape);
    }
    if (eventDim > shape.length)
      throw new Error(
        `TransformedDistribution: the transforms need ${eventDim} event axes but values have shape [${shape.join(", ")}]`,
      );
    super(shape.slice(0, shape.length - eventDim), shape.slice(shape.length - eventDim), options);
    this.base = base;
    this.transforms = list;
  }

  get name(): string {
    return `TransformedDistribution(${this.base.name}${this.transforms.map((t) => `, ${t.name}`).join("")})`;
  }

  /** The codomain of the last transform (the base support when there are none). */
  get support(): Constraint {
    const last = this.transforms[this.transforms.length - 1];
    return last === undefined ? this.base.support : last.codomain;
  }

  override get hasRsample(): boolean {
    return this.base.hasRsample;
  }

  /** log p_base(f⁻¹(y)) - Σ log|det J|, each term summed over its extra event axes. */
  logProb(value: TensorLike): Tensor {
    let y = this.checkValue(value, "logProb");
    let eventDim = this.eventShape.length;
    let correction: Tensor | null = null;
    for (let i = this.transforms.length - 1; i >= 0; i--) {
      const t = this.transforms[i]!;
      const x = t.inverse(y);
      const inDim = t.domainEventDim + Math.max(eventDim - t.codomainEventDim, 0);
      const ldj = sumRightmost(t.logAbsDetJacobian(x, y), inDim - t.domainEventDim);
      correction = correction === null ? ldj : add(correction, ldj);
      eventDim = inDim;
      y = x;
    }
    const baseLp = sumRightmost(this.base.logProb(y), eventDim - this.base.eventShape.length);
    return correction === null ? baseLp : sub(baseLp, correction);
  }

  /** f(x) for x from base.rsample: pathwise when the base is. */
  override rsample(key: Key, sampleShape: Shape = []): Tensor {
    let x = this.base.rsample(key, sampleShape);
    for (const t of this.transforms) x = t.forward(x);
    return x;
  }

  override sample(key: Key, sampleShape: Shape = []): Tensor {
    let x = this.base.sample(key, sampleShape);
    for (const t of this.transforms) x = t.forward(x);
    return x;
  }

  expand(batchShape: Shape): TransformedDistributionImpl {
    const b = this.checkExpand(batchShape);
    const absorbed = this.base.batchShape.slice(this.batchShape.length);
    return new TransformedDistributionImpl(this.base.expand([...b, ...absorbed]), this.transforms, {
      validateArgs: false,
    });
  }
}

/**
 * The distribution of the transformed base: `TransformedDistribution(Normal(0, 1), expBijector)`
 * is the standard LogNormal. `transforms` is one Bijector or a list applied first to last.
 */
export function TransformedDistribution(
  base: Distribution,
  transforms: Bijector | readonly Bijector[],
  options?: DistributionOptions,
): TransformedDistributionImpl {
  return new TransformedDistributionImpl(base, transforms, options);
}
/** The type of {@link TransformedDistribution}'s result. */
export type TransformedDistribution = TransformedDistributionImpl;
