/**
 * Independent: reinterpret some of a distribution's batch axes as event axes.
 * @module
 */
import { sum } from "../autodiff/index.js";
import type { Key } from "../random/index.js";
import { formatShape, type Shape } from "../tensor/shape.js";
import type { TensorLike, Tensor } from "../tensor/tensor.js";
import { type Constraint, independent } from "./constraints.js";
import { Distribution, type DistributionOptions } from "./distribution.js";

/** Sum `t` over its `n` rightmost axes (nothing when n = 0). */
export function sumRightmost(t: Tensor, n: number): Tensor {
  if (n === 0) return t;
  const axes = Array.from({ length: n }, (_, i) => t.ndim - n + i);
  return sum(t, axes);
}

/**
 * Independent(base, n): the same draws as `base`, but its `n` rightmost batch axes become
 * event axes, so logProb sums the base log-density over them. Typical use: a diagonal
 * Gaussian over a vector, `Independent(Normal(mu, sigma), 1)`.
 */
export class IndependentDistribution extends Distribution {
  /** The wrapped distribution. */
  readonly base: Distribution;
  /** How many rightmost batch axes became event axes. */
  readonly reinterpretedBatchNdims: number;

  constructor(base: Distribution, reinterpretedBatchNdims: number, options?: DistributionOptions) {
    const n = reinterpretedBatchNdims;
    if (!Number.isInteger(n) || n < 0 || n > base.batchShape.length)
      throw new Error(
        `Independent: reinterpretedBatchNdims must be an integer in [0, ${base.batchShape.length}] for batch shape ${formatShape(base.batchShape)}, got ${n}`,
      );
    const cut = base.batchShape.length - n;
    super(base.batchShape.slice(0, cut), [...base.batchShape.slice(cut), ...base.eventShape], options);
    this.base = base;
    this.reinterpretedBatchNdims = n;
  }

  get name(): string {
    return `Independent(${this.base.name})`;
  }

  get support(): Constraint {
    return independent(this.base.support, this.reinterpretedBatchNdims);
  }

  override get hasRsample(): boolean {
    return this.base.hasRsample;
  }

  /** The base log-density summed over the reinterpreted axes. */
  logProb(value: TensorLike): Tensor {
    const v = this.checkValue(value, "logProb");
    return sumRightmost(this.base.logProb(v), this.reinterpretedBatchNdims);
  }

  override sample(key: Key, sampleShape: Shape = []): Tensor {
    return this.base.sample(key, sampleShape);
  }

  override rsample(key: Key, sampleShape: Shape = []): Tensor {
    return this.base.rsample(key, sampleShape);
  }

  override get mean(): Tensor {
    return this.base.mean;
  }

  override get variance(): Tensor {
    return this.base.variance;
  }

  /** The base entropy summed over the reinterpreted axes. */
  override entropy(): Tensor {
    return sumRightmost(this.base.entropy(), this.reinterpretedBatchNdims);
  }

  expand(batchShape: Shape): IndependentDistribution {
    const b = this.checkExpand(batchShape);
    const reinterpreted = this.base.batchShape.slice(this.base.batchShape.length - this.reinterpretedBatchNdims);
    return new IndependentDistribution(this.base.expand([...b, ...reinterpreted]), this.reinterpretedBatchNdims, {
      validateArgs: false,
    });
  }
}

/** Reinterpret the `reinterpretedBatchNdims` rightmost batch axes of `base` as event axes. */
export function Independent(
  base: Distribution,
  reinterpretedBatchNdims: number,
  options?: DistributionOptions,
): IndependentDistribution {
  return new IndependentDistribution(base, reinterpretedBatchNdims, options);
}
/** The type of {@link Independent}'s result. */
export type Independent = IndependentDistribution;
