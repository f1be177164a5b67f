/**
 * The Poisson distribution over the non-negative integers.
 * @module
 */
import { broadcastTo, stopGradient } from "../autodiff/index.js";
import { type Key, poisson } from "../random/index.js";
import { logFactorial } from "../tensor/special/gamma.js";
import { gammaincQ } from "../tensor/special/incompleteGamma.js";
import type { Shape } from "../tensor/shape.js";
import { type TensorLike, Tensor, asTensor } from "../tensor/tensor.js";
import { type Constraint, nonnegative, nonnegativeInteger } from "./constraints.js";
import { Distribution, type DistributionOptions } from "./distribution.js";
import { poissonLogProb } from "./fused/poisson.js";
import { scalarOp } from "./fused/scalarOp.js";
import { checkParam } from "./validation.js";

/**
 * P(K <= k) = Q(⌊k⌋ + 1, λ) (regularised upper incomplete gamma), 0 for k < 0.
 * ∂/∂λ = -P(K = ⌊k⌋); the value has no gradient.
 */
const poissonCdf = scalarOp({
  name: "Poisson.cdf",
  args: ["value", "rate"],
  value(v) {
    const k = Math.floor(v[0]!);
    if (k < 0) return 0;
    if (k === Infinity) return 1;
    return v[1]! === 0 ? 1 : gammaincQ(k + 1, v[1]!);
  },
  partials(v, _out, d) {
    const k = Math.floor(v[0]!);
    const r = v[1]!;
    if (!(k >= 0) || k === Infinity) return;
    d[1] = -Math.exp((k === 0 ? 0 : k * Math.log(r)) - r - logFactorial(k));
  },
});

/** Poisson(rate λ): P(k) = λ^k e^(-λ) / k!. */
export class PoissonDistribution extends Distribution {
  /** Rate (mean) λ >= 0; λ = 0 is the point mass at 0. */
  readonly rate: Tensor;

  constructor(rate: TensorLike, options?: DistributionOptions) {
    const r = asTensor(rate);
    super(r.shape, [], options);
    this.rate = r;
    if (this.validateArgs) checkParam("Poisson", "rate", r, nonnegative);
  }

  get name(): string {
    return "Poisson";
  }

  get support(): Constraint {
    return nonnegativeInteger;
  }

  /** One fused tape node; -Infinity for values that are not non-negative integers. */
  logProb(value: TensorLike): Tensor {
    return poissonLogProb(this.checkValue(value, "logProb"), this.rate);
  }

  /** Counts from the random poisson sampler (no gradient). */
  override sample(key: Key, sampleShape: Shape = []): Tensor {
    this.checkSampleShape(sampleShape);
    return poisson(key, stopGradient(this.rate), this.shape(sampleShape));
  }

  /** λ. */
  override get mean(): Tensor {
    return broadcastTo(this.rate, this.batchShape);
  }

  /** λ. */
  override get variance(): Tensor {
    return broadcastTo(this.rate, this.batchShape);
  }

  /** Differentiable in the rate. */
  override cdf(value: TensorLike): Tensor {
    return poissonCdf(this.checkValue(value, "cdf"), this.rate);
  }

  expand(batchShape: Shape): PoissonDistribution {
    const b = this.checkExpand(batchShape);
    return new PoissonDistribution(broadcastTo(this.rate, b), { validateArgs: false });
  }
}

/** The Poisson distribution with rate (mean) `rate`. */
export function Poisson(rate: TensorLike, options?: DistributionOptions): PoissonDistribution {
  return new PoissonDistribution(rate, options);
}
/** The type of {@link Poisson}'s result. */
export type Poisson = PoissonDistribution;
