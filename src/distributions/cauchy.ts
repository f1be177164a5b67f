/**
 * The Cauchy distribution.
 * @module
 */
import { add, broadcastTo, div, log, mul, sub, unaryOp } from "../autodiff/index.js";
import { type Key, cauchy } from "../random/index.js";
import type { Shape } from "../tensor/shape.js";
import { type TensorLike, Tensor, asTensor, full } from "../tensor/tensor.js";
import { batchShapeOf } from "./batchShape.js";
import { type Constraint, positive, real } from "./constraints.js";
import { Distribution, type DistributionOptions } from "./distribution.js";
import { cauchyLogProb } from "./fused/cauchy.js";
import { checkParam, checkProbabilities } from "./validation.js";

/**
 * Standard Cauchy cdf 1/2 + atan(z)/π. For z < 0 it is written atan(-1/z)/π, which keeps
 * full relative accuracy far in the lower tail where 1/2 + atan(z)/π cancels.
 */
const standardCauchyCdf = unaryOp(
  "standardCauchyCdf",
  (z) => (z < 0 ? Math.atan(-1 / z) / Math.PI : 0.5 + Math.atan(z) / Math.PI),
  (z) => 1 / (Math.PI * (1 + z * z)),
);

/**
 * Standard Cauchy quantile tan(π(q - 1/2)), written -1/tan(πq) below 1/2 and 1/tan(π(1 - q))
 * above, so small tail probabilities keep their relative accuracy and q = 0, 1 give ∓∞.
 */
const standardCauchyIcdf = unaryOp(
  "standardCauchyIcdf",
  (q) => (q < 0.5 ? -1 / Math.tan(Math.PI * q) : 1 / Math.tan(Math.PI * (1 - q))),
  (_q, z) => Math.PI * (1 + z * z),
);

/** Cauchy(loc, scale): density 1 / (π σ (1 + ((x - μ)/σ)²)). Mean and variance are undefined. */
export class CauchyDistribution extends Distribution {
  /** Location (median) μ. */
  readonly loc: Tensor;
  /** Scale (half width at half maximum) σ > 0. */
  readonly scale: Tensor;

  constructor(loc: TensorLike, scale: TensorLike, options?: DistributionOptions) {
    const l = asTensor(loc);
    const s = asTensor(scale);
    super(batchShapeOf("Cauchy", { loc: l.shape, scale: s.shape }), [], options);
    this.loc = l;
    this.scale = s;
    if (this.validateArgs) {
      checkParam("Cauchy", "loc", l, real);
      checkParam("Cauchy", "scale", s, positive);
    }
  }

  get name(): string {
    return "Cauchy";
  }

  get support(): Constraint {
    return real;
  }

  override get hasRsample(): boolean {
    return true;
  }

  /** One fused tape node (see fused/cauchy.ts). */
  logProb(value: TensorLike): Tensor {
    return cauchyLogProb(this.checkValue(value, "logProb"), this.loc, this.scale);
  }

  /** loc + scale · ε with ε standard Cauchy: pathwise in loc and scale. */
  override rsample(key: Key, sampleShape: Shape = []): Tensor {
    this.checkSampleShape(sampleShape);
    return add(this.loc, mul(this.scale, cauchy(key, this.shape(sampleShape))));
  }

  /** Undefined: NaN everywhere (as NumPyro and PyTorch report it). */
  override get mean(): Tensor {
    return full(this.batchShape, NaN);
  }

  /** Undefined (infinite second moment): Infinity everywhere, as NumPyro and PyTorch report it. */
  override get variance(): Tensor {
    return full(this.batchShape, Infinity);
  }

  override cdf(value: TensorLike): Tensor {
    const x = this.checkValue(value, "cdf");
    return standardCauchyCdf(div(sub(x, this.loc), this.scale));
  }

  override icdf(q: TensorLike): Tensor {
    const p = asTensor(q);
    if (this.validateArgs) checkProbabilities("Cauchy", "icdf", p);
    return add(this.loc, mul(this.scale, standardCauchyIcdf(p)));
  }

  /** log(4πσ). */
  override entropy(): Tensor {
    return broadcastTo(add(log(this.scale), Math.log(4 * Math.PI)), this.batchShape);
  }

  expand(batchShape: Shape): CauchyDistribution {
    const b = this.checkExpand(batchShape);
    return new CauchyDistribution(broadcastTo(this.loc, b), broadcastTo(this.scale, b), { validateArgs: false });
  }
}

/** The Cauchy distribution with location `loc` and scale `scale`. */
export function Cauchy(loc: TensorLike, scale: TensorLike, options?: DistributionOptions): CauchyDistribution {
  return new CauchyDistribution(loc, scale, options);
}
/** The type of {@link Cauchy}'s result. */
export type Cauchy = CauchyDistribution;
