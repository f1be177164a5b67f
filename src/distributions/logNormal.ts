/**
 * The LogNormal distribution: exp(X) for X ~ Normal(loc, scale).
 * @module
 */
import {
  add,
  broadcastTo,
  div,
  exp,
  expm1,
  log,
  mul,
  ndtr,
  ndtri,
  scale as scaleBy,
  square,
  sub,
  unaryOp,
} from "../autodiff/index.js";
import { type Key, normal } from "../random/index.js";
import type { Shape } from "../tensor/shape.js";
import { type TensorLike, Tensor, asTensor } from "../tensor/tensor.js";
import { batchShapeOf } from "./batchShape.js";
import { type Constraint, positive, real } from "./constraints.js";
import { Distribution, type DistributionOptions } from "./distribution.js";
import { LOG_SQRT_2PI } from "./fused/constants.js";
import { logNormalLogProb } from "./fused/logNormal.js";
import { checkParam, checkProbabilities } from "./validation.js";

/** log x for x > 0 and -∞ for x <= 0, so the cdf below the support is Φ(-∞) = 0, not NaN. */
const logOrMinusInfinity = unaryOp(
  "logOrMinusInfinity",
  (x) => (x > 0 ? Math.log(x) : -Infinity),
  (x) => (x > 0 ? 1 / x : 0),
);

/** LogNormal(loc, scale): the law of e^X with X ~ N(loc, scale²); loc and scale are of log x. */
export class LogNormalDistribution extends Distribution {
  /** Mean μ of log x. */
  readonly loc: Tensor;
  /** Standard deviation σ > 0 of log x. */
  readonly scale: Tensor;

  constructor(loc: TensorLike, scale: TensorLike, options?: DistributionOptions) {
    const l = asTensor(loc);
    const s = asTensor(scale);
    super(batchShapeOf("LogNormal", { loc: l.shape, scale: s.shape }), [], options);
    this.loc = l;
    this.scale = s;
    if (this.validateArgs) {
      checkParam("LogNormal", "loc", l, real);
      checkParam("LogNormal", "scale", s, positive);
    }
  }

  get name(): string {
    return "LogNormal";
  }

  get support(): Constraint {
    return positive;
  }

  override get hasRsample(): boolean {
    return true;
  }

  /** One fused tape node; -Infinity for x <= 0. */
  logProb(value: TensorLike): Tensor {
    return logNormalLogProb(this.checkValue(value, "logProb"), this.loc, this.scale);
  }

  /** exp(loc + scale · ε): pathwise in loc and scale. */
  override rsample(key: Key, sampleShape: Shape = []): Tensor {
    this.checkSampleShape(sampleShape);
    return exp(add(this.loc, mul(this.scale, normal(key, this.shape(sampleShape)))));
  }

  /** exp(μ + σ²/2). */
  override get mean(): Tensor {
    return broadcastTo(exp(add(this.loc, scaleBy(square(this.scale), 0.5))), this.batchShape);
  }

  /** (e^σ² - 1) e^(2μ + σ²). */
  override get variance(): Tensor {
    const s2 = square(this.scale);
    return broadcastTo(mul(expm1(s2), exp(add(scaleBy(this.loc, 2), s2))), this.batchShape);
  }

  override cdf(value: TensorLike): Tensor {
    const x = this.checkValue(value, "cdf");
    return ndtr(div(sub(logOrMinusInfinity(x), this.loc), this.scale));
  }

  override icdf(q: TensorLike): Tensor {
    const p = asTensor(q);
    if (this.validateArgs) checkProbabilities("LogNormal", "icdf", p);
    return exp(add(this.loc, mul(this.scale, ndtri(p))));
  }

  /** μ + 1/2 + log(σ √(2π)). */
  override entropy(): Tensor {
    return broadcastTo(add(add(this.loc, log(this.scale)), 0.5 + LOG_SQRT_2PI), this.batchShape);
  }

  expand(batchShape: Shape): LogNormalDistribution {
    const b = this.checkExpand(batchShape);
    return new LogNormalDistribution(broadcastTo(this.loc, b), broadcastTo(this.scale, b), { validateArgs: false });
  }
}

/** The LogNormal distribution whose logarithm is Normal(loc, scale). */
export function LogNormal(loc: TensorLike, scale: TensorLike, options?: DistributionOptions): LogNormalDistribution {
  return new LogNormalDistribution(loc, scale, options);
}
/** The type of {@link LogNormal}'s result. */
export type LogNormal = LogNormalDistribution;
