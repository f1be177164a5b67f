/**
 * The Exponential distribution.
 * @module
 */
import { add, broadcastTo, div, log, mul, neg, reciprocal, square, unaryOp } from "../autodiff/index.js";
import { type Key, exponential } from "../random/index.js";
import type { Shape } from "../tensor/shape.js";
import { type TensorLike, Tensor, asTensor } from "../tensor/tensor.js";
import { type Constraint, nonnegative, positive } from "./constraints.js";
import { Distribution, type DistributionOptions } from "./distribution.js";
import { exponentialLogProb } from "./fused/exponential.js";
import { checkParam, checkProbabilities } from "./validation.js";

/** Standard Exponential cdf 1 - e^-t = -expm1(-t) for t >= 0 (accurate for small t), 0 below. */
const standardExponentialCdf = unaryOp(
  "standardExponentialCdf",
  (t) => (t > 0 ? -Math.expm1(-t) : 0),
  (t) => (t > 0 ? Math.exp(-t) : 0),
);

/** Standard Exponential quantile -log(1 - q) = -log1p(-q) (accurate for small q). */
const standardExponentialIcdf = unaryOp(
  "standardExponentialIcdf",
  (q) => -Math.log1p(-q),
  (q) => 1 / (1 - q),
);

/** Exponential(rate): density λ e^(-λx) on x >= 0. */
export class ExponentialDistribution extends Distribution {
  /** Rate λ > 0 (the inverse of the mean). */
  readonly rate: Tensor;

  constructor(rate: TensorLike, options?: DistributionOptions) {
    const r = asTensor(rate);
    super(r.shape, [], options);
    this.rate = r;
    if (this.validateArgs) checkParam("Exponential", "rate", r, positive);
  }

  get name(): string {
    return "Exponential";
  }

  get support(): Constraint {
    return nonnegative;
  }

  override get hasRsample(): boolean {
    return true;
  }

  /** One fused tape node; -Infinity for x < 0. */
  logProb(value: TensorLike): Tensor {
    return exponentialLogProb(this.checkValue(value, "logProb"), this.rate);
  }

  /** ε / rate with ε standard Exponential: pathwise in rate. */
  override rsample(key: Key, sampleShape: Shape = []): Tensor {
    this.checkSampleShape(sampleShape);
    return div(exponential(key, this.shape(sampleShape)), this.rate);
  }

  /** 1/λ. */
  override get mean(): Tensor {
    return broadcastTo(reciprocal(this.rate), this.batchShape);
  }

  /** 1/λ². */
  override get variance(): Tensor {
    return broadcastTo(reciprocal(square(this.rate)), this.batchShape);
  }

  override cdf(value: TensorLike): Tensor {
    const x = this.checkValue(value, "cdf");
    return standardExponentialCdf(mul(x, this.rate));
  }

  override icdf(q: TensorLike): Tensor {
    const p = asTensor(q);
    if (this.validateArgs) checkProbabilities("Exponential", "icdf", p);
    return div(standardExponentialIcdf(p), this.rate);
  }

  /** 1 - log λ. */
  override entropy(): Tensor {
    return broadcastTo(add(neg(log(this.rate)), 1), this.batchShape);
  }

  expand(batchShape: Shape): ExponentialDistribution {
    const b = this.checkExpand(batchShape);
    return new ExponentialDistribution(broadcastTo(this.rate, b), { validateArgs: false });
  }
}

/** The Exponential distribution with rate `rate` (mean 1/rate). */
export function Exponential(rate: TensorLike = 1, options?: DistributionOptions): ExponentialDistribution {
  return new ExponentialDistribution(rate, options);
}
/** The type of {@link Exponential}'s result. */
export type Exponential = ExponentialDistribution;
