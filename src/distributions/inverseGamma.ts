/**
 * The InverseGamma distribution: 1/X for X ~ Gamma(concentration, rate).
 * @module
 */
import {
  add,
  broadcastTo,
  digamma,
  div,
  gt,
  lgamma,
  log,
  mul,
  square,
  stopGradient,
  sub,
  where,
} from "../autodiff/index.js";
import { type Key, gamma } from "../random/index.js";
import { lgamma as lgammaScalar } from "../tensor/special/gamma.js";
import { gammaincinv, gammaincQ } from "../tensor/special/incompleteGamma.js";
import type { Shape } from "../tensor/shape.js";
import { type TensorLike, Tensor, asTensor } from "../tensor/tensor.js";
import { batchShapeOf } from "./batchShape.js";
import { type Constraint, positive } from "./constraints.js";
import { Distribution, type DistributionOptions } from "./distribution.js";
import { inverseGammaLogProb } from "./fused/inverseGamma.js";
import { reparameterisedGamma } from "./fused/implicitGamma.js";
import { scalarOp } from "./fused/scalarOp.js";
import { checkParam, checkProbabilities } from "./validation.js";

/** Density of the unit-rate Gamma(α) at y. */
function standardGammaPdf(y: number, a: number): number {
  if (y <= 0) return 0;
  return Math.exp((a - 1) * Math.log(y) - y - lgammaScalar(a));
}

/** Q(α, β/x): with y = β/x, ∂/∂x = f(y) y/x, ∂/∂β = -f(y)/x; no gradient in α. */
const inverseGammaCdf = scalarOp({
  name: "InverseGamma.cdf",
  args: ["value", "concentration", "rate"],
  constant: [1],
  value: (v) => (v[0]! > 0 ? gammaincQ(v[1]!, v[2]! / v[0]!) : 0),
  partials(v, _out, d) {
    const x = v[0]!;
    if (!(x > 0)) return;
    const y = v[2]! / x;
    const f = standardGammaPdf(y, v[1]!);
    d[0] = (f * y) / x;
    d[2] = -f / x;
  },
});

/** β / P⁻¹(α, 1 - q): ∂/∂q = x²/(β f(β/x)), ∂/∂β = x/β; no gradient in α. */
const inverseGammaIcdf = scalarOp({
  name: "InverseGamma.icdf",
  args: ["q", "concentration", "rate"],
  constant: [1],
  value: (v) => v[2]! / gammaincinv(v[1]!, 1 - v[0]!),
  partials(v, out, d) {
    d[0] = (out * out) / (v[2]! * standardGammaPdf(v[2]! / out, v[1]!));
    d[2] = out / v[2]!;
  },
});

/** InverseGamma(concentration α, rate β): density β^α x^(-α-1) e^(-β/x) / Γ(α) on x > 0. */
export class InverseGammaDistribution extends Distribution {
  /** Shape α > 0. */
  readonly concentration: Tensor;
  /** Rate (scale of 1/X's Gamma inverse) β > 0. */
  readonly rate: Tensor;

  constructor(concentration: TensorLike, rate: TensorLike, options?: DistributionOptions) {
    const a = asTensor(concentration);
    const b = asTensor(rate);
    super(batchShapeOf("InverseGamma", { concentration: a.shape, rate: b.shape }), [], options);
    this.concentration = a;
    this.rate = b;
    if (this.validateArgs) {
      checkParam("InverseGamma", "concentration", a, positive);
      checkParam("InverseGamma", "rate", b, positive);
    }
  }

  get name(): string {
    return "InverseGamma";
  }

  get support(): Constraint {
    return positive;
  }

  /** Pathwise in both parameters (implicit reparameterisation of the Gamma draw in α). */
  override get hasRsample(): boolean {
    return true;
  }

  /** One fused tape node; -Infinity for x <= 0. */
  logProb(value: TensorLike): Tensor {
    return inverseGammaLogProb(this.checkValue(value, "logProb"), this.concentration, this.rate);
  }

  /** β/g with g a unit-rate Gamma(α) draw, implicitly reparameterised in α. */
  override rsample(key: Key, sampleShape: Shape = []): Tensor {
    this.checkSampleShape(sampleShape);
    const g = gamma(key, stopGradient(this.concentration), this.shape(sampleShape));
    return div(this.rate, reparameterisedGamma(g, this.concentration));
  }

  /** rate / G with G a unit-rate Gamma(α) draw (no gradient). */
  override sample(key: Key, sampleShape: Shape = []): Tensor {
    this.checkSampleShape(sampleShape);
    const g = gamma(key, stopGradient(this.concentration), this.shape(sampleShape));
    return div(stopGradient(this.rate), g);
  }

  /** β/(α - 1) where α > 1; Infinity where α <= 1. */
  override get mean(): Tensor {
    const m = broadcastTo(div(this.rate, sub(this.concentration, 1)), this.batchShape);
    return where(gt(this.concentration, 1), m, Infinity);
  }

  /** β²/((α - 1)²(α - 2)) where α > 2; Infinity where α <= 2. */
  override get variance(): Tensor {
    const a = this.concentration;
    const v = div(square(this.rate), mul(square(sub(a, 1)), sub(a, 2)));
    return where(gt(a, 2), broadcastTo(v, this.batchShape), Infinity);
  }

  /** The regularised upper incomplete gamma Q(α, β/x); not differentiable in α. */
  override cdf(value: TensorLike): Tensor {
    return inverseGammaCdf(this.checkValue(value, "cdf"), this.concentration, this.rate);
  }

  /** Not differentiable in α. */
  override icdf(q: TensorLike): Tensor {
    const p = asTensor(q);
    if (this.validateArgs) checkProbabilities("InverseGamma", "icdf", p);
    return inverseGammaIcdf(p, this.concentration, this.rate);
  }

  /** α + log β + log Γ(α) - (1 + α) ψ(α). */
  override entropy(): Tensor {
    const a = this.concentration;
    const h = sub(add(add(a, log(this.rate)), lgamma(a)), mul(add(a, 1), digamma(a)));
    return broadcastTo(h, this.batchShape);
  }

  expand(batchShape: Shape): InverseGammaDistribution {
    const b = this.checkExpand(batchShape);
    return new InverseGammaDistribution(broadcastTo(this.concentration, b), broadcastTo(this.rate, b), {
      validateArgs: false,
    });
  }
}

/** The InverseGamma distribution with shape `concentration` and rate `rate`. */
export function InverseGamma(
  concentration: TensorLike,
  rate: TensorLike = 1,
  options?: DistributionOptions,
): InverseGammaDistribution {
  return new InverseGammaDistribution(concentration, rate, options);
}
/** The type of {@link InverseGamma}'s result. */
export type InverseGamma = InverseGammaDistribution;
