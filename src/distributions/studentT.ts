/**
 * Student's t distribution with location and scale.
 * @module
 */
import {
  add,
  broadcastTo,
  digamma,
  div,
  gt,
  log,
  logBeta,
  mul,
  scale as scaleBy,
  sqrt,
  square,
  stopGradient,
  sub,
  where,
} from "../autodiff/index.js";
import { type Key, gamma, normal, split, studentT } from "../random/index.js";
import { betainc, betaincinv } from "../tensor/special/incompleteBeta.js";
import { logBeta as logBetaScalar } from "../tensor/special/beta.js";
import type { Shape } from "../tensor/shape.js";
import { type TensorLike, Tensor, asTensor } from "../tensor/tensor.js";
import { batchShapeOf } from "./batchShape.js";
import { type Constraint, positive, real } from "./constraints.js";
import { Distribution, type DistributionOptions } from "./distribution.js";
import { reparameterisedGamma } from "./fused/implicitGamma.js";
import { scalarOp } from "./fused/scalarOp.js";
import { studentTLogProb } from "./fused/studentT.js";
import { checkParam, checkProbabilities } from "./validation.js";

/**
 * Standard t cdf through the regularised incomplete beta function. With x = ν/(ν + t²),
 * P(T <= t) = I_x(ν/2, ½)/2 for t < 0; for |t| small, 1 - x = t²/(ν + t²) is formed directly
 * and the complement I_{1-x}(½, ν/2) used, so no digits are lost near t = 0.
 */
function standardTCdf(t: number, nu: number): number {
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const t2 = t * t;
  const tail = t2 < nu ? 1 - betainc(0.5, 0.5 * nu, t2 / (nu + t2)) : betainc(0.5 * nu, 0.5, nu / (nu + t2));
  return t < 0 ? 0.5 * tail : 1 - 0.5 * tail;
}

/** Standard t quantile, inverting the same incomplete beta (choosing the well-conditioned form). */
function standardTIcdf(q: number, nu: number): number {
  if (q === 0) return -Infinity;
  if (q === 1) return Infinity;
  if (q === 0.5) return 0;
  const p = q < 0.5 ? q : 1 - q; // exact for q >= 1/2
  let t: number;
  if (p < 0.25) {
    const x = betaincinv(0.5 * nu, 0.5, 2 * p);
    t = Math.sqrt((nu * (1 - x)) / x);
  } else {
    const y = betaincinv(0.5, 0.5 * nu, 1 - 2 * p);
    t = Math.sqrt((nu * y) / (1 - y));
  }
  return q < 0.5 ? -t : t;
}

/** Standard t density at t. */
function standardTPdf(t: number, nu: number): number {
  return Math.exp(-0.5 * (nu + 1) * Math.log1p((t * t) / nu) - 0.5 * Math.log(nu) - logBetaScalar(0.5 * nu, 0.5));
}

/** P(X <= x) for X = loc + scale · T; df has no gradient (d I_x(a, b)/da is not available). */
const tCdf = scalarOp({
  name: "StudentT.cdf",
  args: ["value", "df", "loc", "scale"],
  constant: [1],
  value: (v) => standardTCdf((v[0]! - v[2]!) / v[3]!, v[1]!),
  partials(v, _out, d) {
    const s = v[3]!;
    const z = (v[0]! - v[2]!) / s;
    const p = standardTPdf(z, v[1]!) / s;
    d[0] = p;
    d[2] = -p;
    d[3] = -z * p;
  },
});

/** loc + scale · t_ν⁻¹(q); df has no gradient. ∂/∂q = σ/pdf(t), ∂/∂loc = 1, ∂/∂scale = t. */
const tIcdf = scalarOp({
  name: "StudentT.icdf",
  args: ["q", "df", "loc", "scale"],
  constant: [1],
  value: (v) => v[2]! + v[3]! * standardTIcdf(v[0]!, v[1]!),
  partials(v, out, d) {
    const t = (out - v[2]!) / v[3]!;
    d[0] = v[3]! / standardTPdf(t, v[1]!);
    d[2] = 1;
    d[3] = t;
  },
});

/**
 * StudentT(df, loc, scale): loc + scale · T with T a standard t variable with df degrees of
 * freedom. Heavier-tailed than the Normal, which it approaches as df → ∞.
 */
export class StudentTDistribution extends Distribution {
  /** Degrees of freedom ν > 0. */
  readonly df: Tensor;
  /** Location μ. */
  readonly loc: Tensor;
  /** Scale σ > 0. */
  readonly scale: Tensor;

  constructor(df: TensorLike, loc: TensorLike, scale: TensorLike, options?: DistributionOptions) {
    const v = asTensor(df);
    const l = asTensor(loc);
    const s = asTensor(scale);
    super(batchShapeOf("StudentT", { df: v.shape, loc: l.shape, scale: s.shape }), [], options);
    this.df = v;
    this.loc = l;
    this.scale = s;
    if (this.validateArgs) {
      checkParam("StudentT", "df", v, positive);
      checkParam("StudentT", "loc", l, real);
      checkParam("StudentT", "scale", s, positive);
    }
  }

  get name(): string {
    return "StudentT";
  }

  get support(): Constraint {
    return real;
  }

  override get hasRsample(): boolean {
    return true;
  }

  /** One fused tape node, with gradients for x, df, loc and scale (see fused/studentT.ts). */
  logProb(value: TensorLike): Tensor {
    return studentTLogProb(this.checkValue(value, "logProb"), this.df, this.loc, this.scale);
  }

  /**
   * loc + scale · Z √((ν/2)/G) with Z ~ N(0, 1) and G ~ Gamma(ν/2) (so 2G is χ²_ν), the Gamma
   * draw implicitly reparameterised: pathwise in loc, scale and df.
   */
  override rsample(key: Key, sampleShape: Shape = []): Tensor {
    this.checkSampleShape(sampleShape);
    const [k1, k2] = split(key) as [Key, Key];
    const shape = this.shape(sampleShape);
    const halfDf = scaleBy(this.df, 0.5);
    const g = reparameterisedGamma(gamma(k2, stopGradient(halfDf), shape), halfDf);
    const t = mul(normal(k1, shape), sqrt(div(halfDf, g)));
    return add(this.loc, mul(this.scale, t));
  }

  /** loc + scale · T with T from the random studentT sampler (no gradient). */
  override sample(key: Key, sampleShape: Shape = []): Tensor {
    this.checkSampleShape(sampleShape);
    const t = studentT(key, stopGradient(this.df), this.shape(sampleShape));
    return add(stopGradient(this.loc), mul(stopGradient(this.scale), t));
  }

  /** loc where df > 1; NaN (undefined) where df <= 1. */
  override get mean(): Tensor {
    const m = broadcastTo(this.loc, this.batchShape);
    return where(gt(this.df, 1), m, NaN);
  }

  /** σ² ν/(ν - 2) where ν > 2; Infinity where 1 < ν <= 2; NaN (undefined) where ν <= 1. */
  override get variance(): Tensor {
    const v = broadcastTo(mul(square(this.scale), div(this.df, sub(this.df, 2))), this.batchShape);
    return where(gt(this.df, 2), v, where(gt(this.df, 1), Infinity, NaN));
  }

  /** Through the regularised incomplete beta function; not differentiable in df. */
  override cdf(value: TensorLike): Tensor {
    return tCdf(this.checkValue(value, "cdf"), this.df, this.loc, this.scale);
  }

  override icdf(q: TensorLike): Tensor {
    const p = asTensor(q);
    if (this.validateArgs) checkProbabilities("StudentT", "icdf", p);
    return tIcdf(p, this.df, this.loc, this.scale);
  }

  /**
   * (ν+1)/2 · (ψ((ν+1)/2) - ψ(ν/2)) + ½ log ν + log B(ν/2, ½) + log σ.
   */
  override entropy(): Tensor {
    const half = scaleBy(this.df, 0.5);
    const halfUp = add(half, 0.5);
    const psiTerm = mul(halfUp, sub(digamma(halfUp), digamma(half)));
    const lb = logBeta(half, 0.5);
    const h = add(add(add(psiTerm, scaleBy(log(this.df), 0.5)), lb), log(this.scale));
    return broadcastTo(h, this.batchShape);
  }

  expand(batchShape: Shape): StudentTDistribution {
    const b = this.checkExpand(batchShape);
    return new StudentTDistribution(broadcastTo(this.df, b), broadcastTo(this.loc, b), broadcastTo(this.scale, b), {
      validateArgs: false,
    });
  }
}

/**
 * Student's t distribution with `df` degrees of freedom, location `loc` (default 0) and
 * scale `scale` (default 1).
 */
export function StudentT(
  df: TensorLike,
  loc: TensorLike = 0,
  scale: TensorLike = 1,
  options?: DistributionOptions,
): StudentTDistribution {
  return new StudentTDistribution(df, loc, scale, options);
}
/** The type of {@link StudentT}'s result. */
export type StudentT = StudentTDistribution;
