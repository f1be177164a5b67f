/**
 * The Beta distribution on [0, 1].
 * @module
 */
import { add, broadcastTo, digamma, div, logBeta, mul, square, stopGradient, sub } from "../autodiff/index.js";
import { type Key, beta, gamma, split } from "../random/index.js";
import { logBeta as logBetaScalar } from "../tensor/special/beta.js";
import { betainc, betaincinv } from "../tensor/special/incompleteBeta.js";
import type { Shape } from "../tensor/shape.js";
import { type TensorLike, Tensor, asTensor } from "../tensor/tensor.js";
import { batchShapeOf } from "./batchShape.js";
import { type Constraint, positive, unitInterval } from "./constraints.js";
import { Distribution, type DistributionOptions } from "./distribution.js";
import { betaLogProb } from "./fused/beta.js";
import { reparameterisedGamma } from "./fused/implicitGamma.js";
import { scalarOp } from "./fused/scalarOp.js";
import { checkParam, checkProbabilities } from "./validation.js";

/** Beta(α, β) density at x in (0, 1). */
function betaPdf(x: number, a: number, b: number): number {
  return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logBetaScalar(a, b));
}

/** I_x(α, β) clamped to [0, 1] outside the support; ∂/∂x = pdf; no gradient in α, β. */
const betaCdf = scalarOp({
  name: "Beta.cdf",
  args: ["value", "concentration1", "concentration0"],
  constant: [1, 2],
  value: (v) => (v[0]! <= 0 ? 0 : v[0]! >= 1 ? 1 : betainc(v[1]!, v[2]!, v[0]!)),
  partials(v, _out, d) {
    d[0] = v[0]! > 0 && v[0]! < 1 ? betaPdf(v[0]!, v[1]!, v[2]!) : 0;
  },
});

/** I⁻¹_q(α, β); ∂/∂q = 1/pdf(x); no gradient in α, β. */
const betaIcdf = scalarOp({
  name: "Beta.icdf",
  args: ["q", "concentration1", "concentration0"],
  constant: [1, 2],
  value: (v) => betaincinv(v[1]!, v[2]!, v[0]!),
  partials(v, out, d) {
    d[0] = 1 / betaPdf(out, v[1]!, v[2]!);
  },
});

/**
 * Beta(concentration1 α, concentration0 β): density x^(α-1) (1-x)^(β-1) / B(α, β) on [0, 1]
 * (NumPyro's and PyTorch's parameter names: α weighs x, β weighs 1 - x).
 */
export class BetaDistribution extends Distribution {
  /** α > 0, the exponent of x. */
  readonly concentration1: Tensor;
  /** β > 0, the exponent of 1 - x. */
  readonly concentration0: Tensor;

  constructor(concentration1: TensorLike, concentration0: TensorLike, options?: DistributionOptions) {
    const a = asTensor(concentration1);
    const b = asTensor(concentration0);
    super(batchShapeOf("Beta", { concentration1: a.shape, concentration0: b.shape }), [], options);
    this.concentration1 = a;
    this.concentration0 = b;
    if (this.validateArgs) {
      checkParam("Beta", "concentration1", a, positive);
      checkParam("Beta", "concentration0", b, positive);
    }
  }

  get name(): string {
    return "Beta";
  }

  get support(): Constraint {
    return unitInterval;
  }

  /** Pathwise in both concentrations (implicitly reparameterised Gamma draws). */
  override get hasRsample(): boolean {
    return true;
  }

  /** One fused tape node; -Infinity outside [0, 1]. */
  logProb(value: TensorLike): Tensor {
    return betaLogProb(this.checkValue(value, "logProb"), this.concentration1, this.concentration0);
  }

  /**
   * g₁/(g₁ + g₂) with g₁ ~ Gamma(α), g₂ ~ Gamma(β), each implicitly reparameterised, so the
   * draw is differentiable in both concentrations. (Concentrations far below 1 can make both
   * Gamma draws underflow to 0; sample() uses the dedicated beta sampler instead.)
   */
  override rsample(key: Key, sampleShape: Shape = []): Tensor {
    this.checkSampleShape(sampleShape);
    const [k1, k2] = split(key) as [Key, Key];
    const shape = this.shape(sampleShape);
    const g1 = reparameterisedGamma(gamma(k1, stopGradient(this.concentration1), shape), this.concentration1);
    const g0 = reparameterisedGamma(gamma(k2, stopGradient(this.concentration0), shape), this.concentration0);
    return div(g1, add(g1, g0));
  }

  /** Draws from the random beta sampler (no gradient). */
  override sample(key: Key, sampleShape: Shape = []): Tensor {
    this.checkSampleShape(sampleShape);
    return beta(key, stopGradient(this.concentration1), stopGradient(this.concentration0), this.shape(sampleShape));
  }

  /** α/(α + β). */
  override get mean(): Tensor {
    return broadcastTo(div(this.concentration1, add(this.concentration1, this.concentration0)), this.batchShape);
  }

  /** αβ / ((α + β)² (α + β + 1)). */
  override get variance(): Tensor {
    const a = this.concentration1;
    const b = this.concentration0;
    const t = add(a, b);
    return broadcastTo(div(mul(a, b), mul(square(t), add(t, 1))), this.batchShape);
  }

  /** The regularised incomplete beta I_x(α, β); differentiable in x only. */
  override cdf(value: TensorLike): Tensor {
    return betaCdf(this.checkValue(value, "cdf"), this.concentration1, this.concentration0);
  }

  /** Differentiable in q only. */
  override icdf(q: TensorLike): Tensor {
    const p = asTensor(q);
    if (this.validateArgs) checkProbabilities("Beta", "icdf", p);
    return betaIcdf(p, this.concentration1, this.concentration0);
  }

  /** log B(α, β) - (α - 1) ψ(α) - (β - 1) ψ(β) + (α + β - 2) ψ(α + β). */
  override entropy(): Tensor {
    const a = this.concentration1;
    const b = this.concentration0;
    const t = add(a, b);
    const h = add(
      sub(sub(logBeta(a, b), mul(sub(a, 1), digamma(a))), mul(sub(b, 1), digamma(b))),
      mul(sub(t, 2), digamma(t)),
    );
    return broadcastTo(h, this.batchShape);
  }

  expand(batchShape: Shape): BetaDistribution {
    const s = this.checkExpand(batchShape);
    return new BetaDistribution(broadcastTo(this.concentration1, s), broadcastTo(this.concentration0, s), {
      validateArgs: false,
    });
  }
}

/** The Beta distribution with concentrations `concentration1` (α) and `concentration0` (β). */
export function Beta(
  concentration1: TensorLike,
  concentration0: TensorLike,
  options?: DistributionOptions,
): BetaDistribution {
  return new BetaDistribution(concentration1, concentration0, options);
}
/** The type of {@link Beta}'s result. */
export type Beta = BetaDistribution;
