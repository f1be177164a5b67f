/**
 * The HalfNormal distribution: |X| for X ~ Normal(0, scale).
 * @module
 */
import { abs, add, broadcastTo, div, erf, log, mul, ndtri, relu, scale as scaleBy, square } from "../autodiff/index.js";
import { type Key, normal } from "../random/index.js";
import type { Shape } from "../tensor/shape.js";
import { type TensorLike, Tensor, asTensor } from "../tensor/tensor.js";
import { type Constraint, nonnegative, positive } from "./constraints.js";
import { Distribution, type DistributionOptions } from "./distribution.js";
import { SQRT_2_OVER_PI } from "./fused/constants.js";
import { halfNormalLogProb } from "./fused/halfNormal.js";
import { checkParam, checkProbabilities } from "./validation.js";

/** HalfNormal(scale): density 2 N(x | 0, scale) on x >= 0. */
export class HalfNormalDistribution extends Distribution {
  /** Scale σ > 0 of the underlying Normal. */
  readonly scale: Tensor;

  constructor(scale: TensorLike, options?: DistributionOptions) {
    const s = asTensor(scale);
    super(s.shape, [], options);
    this.scale = s;
    if (this.validateArgs) checkParam("HalfNormal", "scale", s, positive);
  }

  get name(): string {
    return "HalfNormal";
  }

  get support(): Constraint {
    return nonnegative;
  }

  override get hasRsample(): boolean {
    return true;
  }

  /** One fused tape node; -Infinity for x < 0. */
  logProb(value: TensorLike): Tensor {
    return halfNormalLogProb(this.checkValue(value, "logProb"), this.scale);
  }

  /** scale · |ε| with ε ~ N(0, 1): pathwise in scale. */
  override rsample(key: Key, sampleShape: Shape = []): Tensor {
    this.checkSampleShape(sampleShape);
    return mul(this.scale, abs(normal(key, this.shape(sampleShape))));
  }

  /** σ √(2/π). */
  override get mean(): Tensor {
    return broadcastTo(scaleBy(this.scale, SQRT_2_OVER_PI), this.batchShape);
  }

  /** σ² (1 - 2/π). */
  override get variance(): Tensor {
    return broadcastTo(scaleBy(square(this.scale), 1 - 2 / Math.PI), this.batchShape);
  }

  /** erf(x / (σ√2)) for x >= 0, and 0 below. */
  override cdf(value: TensorLike): Tensor {
    const x = this.checkValue(value, "cdf");
    return relu(erf(div(x, scaleBy(this.scale, Math.SQRT2))));
  }

  /** σ Φ⁻¹((1 + q)/2); relative accuracy degrades for q below about 1e-8. */
  override icdf(q: TensorLike): Tensor {
    const p = asTensor(q);
    if (this.validateArgs) checkProbabilities("HalfNormal", "icdf", p);
    return mul(this.scale, ndtri(scaleBy(add(p, 1), 0.5)));
  }

  /** log σ + log(π/2)/2 + 1/2. */
  override entropy(): Tensor {
    return broadcastTo(add(log(this.scale), 0.5 * Math.log(Math.PI / 2) + 0.5), this.batchShape);
  }

  expand(batchShape: Shape): HalfNormalDistribution {
    const b = this.checkExpand(batchShape);
    return new HalfNormalDistribution(broadcastTo(this.scale, b), { validateArgs: false });
  }
}

/** The HalfNormal distribution with scale `scale` (the batch shape is scale's shape). */
export function HalfNormal(scale: TensorLike, options?: DistributionOptions): HalfNormalDistribution {
  return new HalfNormalDistribution(scale, options);
}
/** The type of {@link HalfNormal}'s result. */
export type HalfNormal = HalfNormalDistribution;
