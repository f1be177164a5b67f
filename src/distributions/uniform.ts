/**
 * The continuous Uniform distribution on [low, high].
 * @module
 */
import { add, broadcastTo, clip, div, log, mul, scale as scaleBy, square, sub } from "../autodiff/index.js";
import { type Key, uniform } from "../random/index.js";
import type { Shape } from "../tensor/shape.js";
import { type TensorLike, Tensor, asTensor } from "../tensor/tensor.js";
import { batchShapeOf } from "./batchShape.js";
import { type Constraint, interval, real } from "./constraints.js";
import { Distribution, type DistributionOptions } from "./distribution.js";
import { uniformLogProb } from "./fused/uniform.js";
import { operandData } from "./fused/operands.js";
import { ParameterError, checkParam, checkProbabilities, formatIndex } from "./validation.js";

/** Uniform(low, high): density 1/(high - low) on [low, high]. */
export class UniformDistribution extends Distribution {
  /** Lower end a. */
  readonly low: Tensor;
  /** Upper end b > a. */
  readonly high: Tensor;

  constructor(low: TensorLike, high: TensorLike, options?: DistributionOptions) {
    const a = asTensor(low);
    const b = asTensor(high);
    const batch = batchShapeOf("Uniform", { low: a.shape, high: b.shape });
    super(batch, [], options);
    this.low = a;
    this.high = b;
    if (this.validateArgs) {
      checkParam("Uniform", "low", a, real);
      checkParam("Uniform", "high", b, real);
      const ad = operandData(a, batch);
      const bd = operandData(b, batch);
      const as = ad.length === 1 ? 0 : 1;
      const bs = bd.length === 1 ? 0 : 1;
      const n = Math.max(ad.length, bd.length);
      for (let i = 0; i < n; i++) {
        if (!(ad[i * as]! < bd[i * bs]!)) {
          const where = batch.length === 0 ? "" : ` at index ${formatIndex(i, batch)}`;
          throw new ParameterError(`Uniform: low must be < high, got low ${ad[i * as]} and high ${bd[i * bs]}${where}`);
        }
      }
    }
  }

  get name(): string {
    return "Uniform";
  }

  /**
   * interval(low, high). With tensor bounds the Constraint type can only hold one pair of
   * numbers, so this is the enclosing interval [min low, max high]; logProb still applies
   * each element's own bounds.
   */
  get support(): Constraint {
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of this.low.data) lo = Math.min(lo, v);
    for (const v of this.high.data) hi = Math.max(hi, v);
    return interval(lo, hi);
  }

  override get hasRsample(): boolean {
    return true;
  }

  /** One fused tape node; -Infinity outside [low, high]. */
  logProb(value: TensorLike): Tensor {
    return uniformLogProb(this.checkValue(value, "logProb"), this.low, this.high);
  }

  /** low + (high - low) · u with u ~ U(0, 1): pathwise in both ends. */
  override rsample(key: Key, sampleShape: Shape = []): Tensor {
    this.checkSampleShape(sampleShape);
    return add(this.low, mul(sub(this.high, this.low), uniform(key, this.shape(sampleShape))));
  }

  /** (a + b)/2. */
  override get mean(): Tensor {
    return broadcastTo(scaleBy(add(this.low, this.high), 0.5), this.batchShape);
  }

  /** (b - a)²/12. */
  override get variance(): Tensor {
    return broadcastTo(scaleBy(square(sub(this.high, this.low)), 1 / 12), this.batchShape);
  }

  /** (x - a)/(b - a) clamped to [0, 1]. */
  override cdf(value: TensorLike): Tensor {
    const x = this.checkValue(value, "cdf");
    return clip(div(sub(x, this.low), sub(this.high, this.low)), 0, 1);
  }

  override icdf(q: TensorLike): Tensor {
    const p = asTensor(q);
    if (this.validateArgs) checkProbabilities("Uniform", "icdf", p);
    return add(this.low, mul(sub(this.high, this.low), p));
  }

  /** log(b - a). */
  override entropy(): Tensor {
    return broadcastTo(log(sub(this.high, this.low)), this.batchShape);
  }

  expand(batchShape: Shape): UniformDistribution {
    const b = this.checkExpand(batchShape);
    return new UniformDistribution(broadcastTo(this.low, b), broadcastTo(this.high, b), { validateArgs: false });
  }
}

/** The Uniform distribution on [low, high]. */
export function Uniform(low: TensorLike = 0, high: TensorLike = 1, options?: DistributionOptions): UniformDistribution {
  return new UniformDistribution(low, high, options);
}
/** The type of {@link Uniform}'s result. */
export type Uniform = UniformDistribution;
