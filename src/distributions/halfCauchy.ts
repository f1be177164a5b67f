/**
 * The HalfCauchy distribution: |X| for X ~ Cauchy(0, scale).
 * @module
 */
import { abs, add, broadcastTo, div, log, mul, unaryOp } from "../autodiff/index.js";
import { type Key, cauchy } from "../random/index.js";
import type { Shape } from "../tensor/shape.js";
import { type TensorLike, Tensor, asTensor, full } from "../tensor/tensor.js";
import { type Constraint, nonnegative, positive } from "./constraints.js";
import { Distribution, type DistributionOptions } from "./distribution.js";
import { halfCauchyLogProb } from "./fused/halfCauchy.js";
import { checkParam, checkProbabilities } from "./validation.js";

/** Standard HalfCauchy cdf (2/π) atan(z) for z >= 0, 0 below. */
const standardHalfCauchyCdf = unaryOp(
  "standardHalfCauchyCdf",
  (z) => (z > 0 ? (2 / Math.PI) * Math.atan(z) : 0),
  (z) => (z > 0 ? 2 / (Math.PI * (1 + z * z)) : 0),
);

/**
 * Standard HalfCauchy quantile tan(πq/2), written 1/tan(π(1 - q)/2) above 1/2 so the upper
 * tail keeps its accuracy and q = 1 gives +∞.
 */
const standardHalfCauchyIcdf = unaryOp(
  "standardHalfCauchyIcdf",
  (q) => (q > 0.5 ? 1 / Math.tan((Math.PI * (1 - q)) / 2) : Math.tan((Math.PI * q) / 2)),
  (_q, z) => (Math.PI / 2) * (1 + z * z),
);

/** HalfCauchy(scale): density 2 / (π σ (1 + (x/σ)²)) on x >= 0. Mean and variance are infinite. */
export class HalfCauchyDistribution extends Distribution {
  /** Scale σ > 0. */
  readonly scale: Tensor;

  constructor(scale: TensorLike, options?: DistributionOptions) {
    const s = asTensor(scale);
    super(s.shape, [], options);
    this.scale = s;
    if (this.validateArgs) checkParam("HalfCauchy", "scale", s, positive);
  }

  get name(): string {
    return "HalfCauchy";
  }

  get support(): Constraint {
    return nonnegative;
  }

  override get hasRsample(): boolean {
    return true;
  }

  /** One fused tape node; -Infinity for x < 0. */
  logProb(value: TensorLike): Tensor {
    return halfCauchyLogProb(this.checkValue(value, "logProb"), this.scale);
  }

  /** scale · |ε| with ε standard Cauchy: pathwise in scale. */
  override rsample(key: Key, sampleShape: Shape = []): Tensor {
    this.checkSampleShape(sampleShape);
    return mul(this.scale, abs(cauchy(key, this.shape(sampleShape))));
  }

  /** Infinite (as NumPyro and PyTorch report it). */
  override get mean(): Tensor {
    return full(this.batchShape, Infinity);
  }

  /** Infinite (as NumPyro and PyTorch report it). */
  override get variance(): Tensor {
    return full(this.batchShape, Infinity);
  }

  override cdf(value: TensorLike): Tensor {
    const x = this.checkValue(value, "cdf");
    return standardHalfCauchyCdf(div(x, this.scale));
  }

  override icdf(q: TensorLike): Tensor {
    const p = asTensor(q);
    if (this.validateArgs) checkProbabilities("HalfCauchy", "icdf", p);
    return mul(this.scale, standardHalfCauchyIcdf(p));
  }

  /** log(2πσ). */
  override entropy(): Tensor {
    return broadcastTo(add(log(this.scale), Math.log(2 * Math.PI)), this.batchShape);
  }

  expand(batchShape: Shape): HalfCauchyDistribution {
    const b = this.checkExpand(batchShape);
    return new HalfCauchyDistribution(broadcastTo(this.scale, b), { validateArgs: false });
  }
}

/** The HalfCauchy distribution with scale `scale`, e.g. the eight-schools prior HalfCauchy(5). */
export function HalfCauchy(scale: TensorLike, options?: DistributionOptions): HalfCauchyDistribution {
  return new HalfCauchyDistribution(scale, options);
}
/** The type of {@link HalfCauchy}'s result. */
export type HalfCauchy = HalfCauchyDistribution;
