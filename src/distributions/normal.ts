/**
 * The Normal (Gaussian) distribution.
 * @module
 */
import { add, broadcastTo, div, log, mul, ndtr, ndtri, square, sub } from "../autodiff/index.js";
import { type Key, normal } from "../random/index.js";
import type { Shape } from "../tensor/shape.js";
import { type TensorLike, Tensor, asTensor } from "../tensor/tensor.js";
import { batchShapeOf } from "./batchShape.js";
import { type Constraint, positive, real } from "./constraints.js";
import { Distribution, type DistributionOptions } from "./distribution.js";
import { LOG_SQRT_2PI } from "./fused/constants.js";
import { normalLogProb } from "./fused/normal.js";
import { checkParam, checkProbabilities } from "./validation.js";

/** Normal(loc, scale): density exp(-(x - loc)²/(2 scale²)) / (scale √(2π)) on the real line. */
export class NormalDistribution extends Distribution {
  /** Mean μ. */
  readonly loc: Tensor;
  /** Standard deviation σ > 0. */
  readonly scale: Tensor;

  constructor(loc: TensorLike, scale: TensorLike, options?: DistributionOptions) {
    const l = asTensor(loc);
    const s = asTensor(scale);
    super(batchShapeOf("Normal", { loc: l.shape, scale: s.shape }), [], options);
    this.loc = l;
    this.scale = s;
    if (this.validateArgs) {
      checkParam("Normal", "loc", l, real);
      checkParam("Normal", "scale", s, positive);
    }
  }

  get name(): string {
    return "Normal";
  }

  get support(): Constraint {
    return real;
  }

  override get hasRsample(): boolean {
    return true;
  }

  /** One fused tape node (see fused/normal.ts). */
  logProb(value: TensorLike): Tensor {
    return normalLogProb(this.checkValue(value, "logProb"), this.loc, this.scale);
  }

  /** loc + scale · ε with ε ~ N(0, 1): pathwise in loc and scale. */
  override rsample(key: Key, sampleShape: Shape = []): Tensor {
    this.checkSampleShape(sampleShape);
    return add(this.loc, mul(this.scale, normal(key, this.shape(sampleShape))));
  }

  override get mean(): Tensor {
    return broadcastTo(this.loc, this.batchShape);
  }

  override get variance(): Tensor {
    return broadcastTo(square(this.scale), this.batchShape);
  }

  /** Φ((x - μ)/σ), accurate in both tails through ndtr. */
  override cdf(value: TensorLike): Tensor {
    const x = this.checkValue(value, "cdf");
    return ndtr(div(sub(x, this.loc), this.scale));
  }

  override icdf(q: TensorLike): Tensor {
    const p = asTensor(q);
    if (this.validateArgs) checkProbabilities("Normal", "icdf", p);
    return add(this.loc, mul(this.scale, ndtri(p)));
  }

  /** log(σ √(2πe)). */
  override entropy(): Tensor {
    return broadcastTo(add(log(this.scale), 0.5 + LOG_SQRT_2PI), this.batchShape);
  }

  expand(batchShape: Shape): NormalDistribution {
    const b = this.checkExpand(batchShape);
    return new NormalDistribution(broadcastTo(this.loc, b), broadcastTo(this.scale, b), { validateArgs: false });
  }
}

/**
 * The Normal distribution with mean `loc` and standard deviation `scale` (broadcast
 * together to give the batch shape).
 *
 * @example
 * const mu = sample("mu", Normal(0, 5));
 */
export function Normal(loc: TensorLike, scale: TensorLike, options?: DistributionOptions): NormalDistribution {
  return new NormalDistribution(loc, scale, options);
}
/** The type of {@link Normal}'s result. */
export type Normal = NormalDistribution;
