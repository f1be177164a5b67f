/**
 * The Gamma distribution, parameterised by concentration (shape) and rate.
 * @module
 */
import { add, broadcastTo, digamma, div, lgamma, log, mul, neg, square, stopGradient, sub } from "../autodiff/index.js";
import { type Key, gamma } from "../random/index.js";
import { lgamma as lgammaScalar } from "../tensor/special/gamma.js";
import { gammaincinv, gammaincP } from "../tensor/special/incompleteGamma.js";
import type { Shape } from "../tensor/shape.js";
import { type TensorLike, Tensor, asTensor } from "../tensor/tensor.js";
import { batchShapeOf } from "./batchShape.js";
import { type Constraint, positive } from "./constraints.js";
import { Distribution, type DistributionOptions } from "./distribution.js";
import { gammaLogProb } from "./fused/gamma.js";
import { reparameterisedGamma } from "./fused/implicitGamma.js";
import { scalarOp } from "./fused/scalarOp.js";
import { checkParam, checkProbabilities } from "./validation.js";

/** Density of the unit-rate Gamma(α) at y. */
function standardGammaPdf(y: number, a: number): number {
  if (y <= 0) return y === 0 && a === 1 ? 1 : 0;
  return Math.exp((a - 1) * Math.log(y) - y - lgammaScalar(a));
}

/** P(α, βx): ∂/∂x = β f(βx), ∂/∂β = x f(βx); no gradient in α. */
const gammaCdf = scalarOp({
  name: "Gamma.cdf",
  args: ["value", "concentration", "rate"],
  constant: [1],
  value: (v) => (v[0]! > 0 ? gammaincP(v[1]!, v[2]! * v[0]!) : 0),
  partials(v, _out, d) {
    const f = standardGammaPdf(v[2]! * v[0]!, v[1]!);
    d[0] = v[2]! * f;
    d[2] = v[0]! > 0 ? v[0]! * f : 0;
  },
});

/** P⁻¹(α, q)/β: ∂/∂q = 1/(β f(y)), ∂/∂β = -x/β; no gradient in α. */
const gammaIcdf = scalarOp({
  name: "Gamma.icdf",
  args: ["q", "concentration", "rate"],
  constant: [1],
  value: (v) => gammaincinv(v[1]!, v[0]!) / v[2]!,
  partials(v, out, d) {
    d[0] = 1 / (v[2]! * standardGammaPdf(out * v[2]!, v[1]!));
    d[2] = -out / v[2]!;
  },
});

/** Gamma(concentration α, rate β): density β^α x^(α-1) e^(-βx) / Γ(α) on x > 0. */
export class GammaDistribution extends Distribution {
  /** Shape α > 0. */
  readonly concentration: Tensor;
  /** Rate β > 0 (inverse scale). */
  readonly rate: Tensor;

  constructor(concentration: TensorLike, rate: TensorLike, options?: DistributionOptions) {
    const a = asTensor(concentration);
    const b = asTensor(rate);
    super(batchShapeOf("Gamma", { concentration: a.shape, rate: b.shape }), [], options);
    this.concentration = a;
    this.rate = b;
    if (this.validateArgs) {
      checkParam("Gamma", "concentration", a, positive);
      checkParam("Gamma", "rate", b, positive);
    }
  }

  get name(): string {
    return "Gamma";
  }

  get support(): Constraint {
    return positive;
  }

  /** Pathwise in both parameters: in the rate directly, in the concentration implicitly. */
  override get hasRsample(): boolean {
    return true;
  }

  /** One fused tape node; -Infinity for x < 0 (x = 0 follows the density's limit). */
  logProb(value: TensorLike): Tensor {
    return gammaLogProb(this.checkValue(value, "logProb"), this.concentration, this.rate);
  }

  /**
   * g/β with g a unit-rate Gamma(α) draw, differentiable in β directly and in α by implicit
   * reparameterisation (dg/dα = -∂P(α, g)/∂α / p(g; α), see fused/implicitGamma.ts).
   */
  override rsample(key: Key, sampleShape: Shape = []): Tensor {
    this.checkSampleShape(sampleShape);
    const g = gamma(key, stopGradient(this.concentration), this.shape(sampleShape));
    return div(reparameterisedGamma(g, this.concentration), this.rate);
  }

  /** Unit-rate Gamma draws divided by the rate (no gradient). */
  override sample(key: Key, sampleShape: Shape = []): Tensor {
    this.checkSampleShape(sampleShape);
    const g = gamma(key, stopGradient(this.concentration), this.shape(sampleShape));
    return div(g, stopGradient(this.rate));
  }

  /** α/β. */
  override get mean(): Tensor {
    return broadcastTo(div(this.concentration, this.rate), this.batchShape);
  }

  /** α/β². */
  override get variance(): Tensor {
    return broadcastTo(div(this.concentration, square(this.rate)), this.batchShape);
  }

  /** The regularised lower incomplete gamma P(α, βx); not differentiable in α. */
  override cdf(value: TensorLike): Tensor {
    return gammaCdf(this.checkValue(value, "cdf"), this.concentration, this.rate);
  }

  /** Not differentiable in α. */
  override icdf(q: TensorLike): Tensor {
    const p = asTensor(q);
    if (this.validateArgs) checkProbabilities("Gamma", "icdf", p);
    return gammaIcdf(p, this.concentration, this.rate);
  }

  /** α - log β + log Γ(α) + (1 - α) ψ(α). */
  override entropy(): Tensor {
    const a = this.concentration;
    const h = add(add(sub(a, log(this.rate)), lgamma(a)), mul(neg(sub(a, 1)), digamma(a)));
    return broadcastTo(h, this.batchShape);
  }

  expand(batchShape: Shape): GammaDistribution {
    const b = this.checkExpand(batchShape);
    return new GammaDistribution(broadcastTo(this.concentration, b), broadcastTo(this.rate, b), {
      validateArgs: false,
    });
  }
}

/** The Gamma distribution with shape `concentration` and rate `rate` (mean concentration/rate). */
export function Gamma(
  concentration: TensorLike,
  rate: TensorLike = 1,
  options?: DistributionOptions,
): GammaDistribution {
  return new GammaDistribution(concentration, rate, options);
}
/** The type of {@link Gamma}'s result. */
export type Gamma = GammaDistribution;
