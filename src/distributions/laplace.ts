/**
 * The Laplace (double exponential) distribution.
 * @module
 */
import { add, broadcastTo, div, log, mul, scale as scaleBy, square, sub, unaryOp } from "../autodiff/index.js";
import { type Key, laplace } from "../random/index.js";
import type { Shape } from "../tensor/shape.js";
import { type TensorLike, Tensor, asTensor } from "../tensor/tensor.js";
import { batchShapeOf } from "./batchShape.js";
import { type Constraint, positive, real } from "./constraints.js";
import { Distribution, type DistributionOptions } from "./distribution.js";
import { laplaceLogProb } from "./fused/laplace.js";
import { checkParam, checkProbabilities } from "./validation.js";

/** Standard Laplace cdf: e^z/2 below 0, 1 - e^-z/2 above (each side without cancellation). */
const standardLaplaceCdf = unaryOp(
  "standardLaplaceCdf",
  (z) => (z < 0 ? 0.5 * Math.exp(z) : 1 - 0.5 * Math.exp(-z)),
  (z) => 0.5 * Math.exp(-Math.abs(z)),
);

/** Standard Laplace quantile: log 2q below 1/2, -log 2(1 - q) above. */
const standardLaplaceIcdf = unaryOp(
  "standardLaplaceIcdf",
  (q) => (q < 0.5 ? Math.log(2 * q) : -Math.log(2 - 2 * q)),
  (q) => (q < 0.5 ? 1 / q : 1 / (1 - q)),
);

/** Laplace(loc, scale): density exp(-|x - μ|/b) / 2b. */
export class LaplaceDistribution extends Distribution {
  /** Location (mean and median) μ. */
  readonly loc: Tensor;
  /** Scale b > 0. */
  readonly scale: Tensor;

  constructor(loc: TensorLike, scale: TensorLike, options?: DistributionOptions) {
    const l = asTensor(loc);
    const s = asTensor(scale);
    super(batchShapeOf("Laplace", { loc: l.shape, scale: s.shape }), [], options);
    this.loc = l;
    this.scale = s;
    if (this.validateArgs) {
      checkParam("Laplace", "loc", l, real);
      checkParam("Laplace", "scale", s, positive);
    }
  }

  get name(): string {
    return "Laplace";
  }

  get support(): Constraint {
    return real;
  }

  override get hasRsample(): boolean {
    return true;
  }

  /** One fused tape node (see fused/laplace.ts). */
  logProb(value: TensorLike): Tensor {
    return laplaceLogProb(this.checkValue(value, "logProb"), this.loc, this.scale);
  }

  /** loc + scale · ε with ε standard Laplace: pathwise in loc and scale. */
  override rsample(key: Key, sampleShape: Shape = []): Tensor {
    this.checkSampleShape(sampleShape);
    return add(this.loc, mul(this.scale, laplace(key, this.shape(sampleShape))));
  }

  override get mean(): Tensor {
    return broadcastTo(this.loc, this.batchShape);
  }

  /** 2b². */
  override get variance(): Tensor {
    return broadcastTo(scaleBy(square(this.scale), 2), this.batchShape);
  }

  override cdf(value: TensorLike): Tensor {
    const x = this.checkValue(value, "cdf");
    return standardLaplaceCdf(div(sub(x, this.loc), this.scale));
  }

  override icdf(q: TensorLike): Tensor {
    const p = asTensor(q);
    if (this.validateArgs) checkProbabilities("Laplace", "icdf", p);
    return add(this.loc, mul(this.scale, standardLaplaceIcdf(p)));
  }

  /** 1 + log 2b. */
  override entropy(): Tensor {
    return broadcastTo(add(log(this.scale), 1 + Math.LN2), this.batchShape);
  }

  expand(batchShape: Shape): LaplaceDistribution {
    const b = this.checkExpand(batchShape);
    return new LaplaceDistribution(broadcastTo(this.loc, b), broadcastTo(this.scale, b), { validateArgs: false });
  }
}

/** The Laplace distribution with location `loc` and scale `scale`. */
export function Laplace(loc: TensorLike, scale: TensorLike, options?: DistributionOptions): LaplaceDistribution {
  return new LaplaceDistribution(loc, scale, options);
}
/** The type of {@link Laplace}'s result. */
export type Laplace = LaplaceDistribution;
