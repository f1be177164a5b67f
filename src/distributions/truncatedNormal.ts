/**
 * The TruncatedNormal distribution: Normal(loc, scale) conditioned on [low, high].
 * @module
 */
import { add, broadcastTo, div, mul, stopGradient, sub } from "../autodiff/index.js";
import { type Key, truncatedNormal, uniform } from "../random/index.js";
import { erf } from "../tensor/special/erf.js";
import { logNdtr, ndtr, ndtri } from "../tensor/special/normal.js";
import type { Shape } from "../tensor/shape.js";
import { type TensorLike, Tensor, asTensor } from "../tensor/tensor.js";
import { batchShapeOf } from "./batchShape.js";
import { type Constraint, greaterThan, interval, lessThan, positive, real } from "./constraints.js";
import { Distribution, type DistributionOptions } from "./distribution.js";
import { LOG_SQRT_2PI } from "./fused/constants.js";
import { operandData } from "./fused/operands.js";
import { scalarOp } from "./fused/scalarOp.js";
import {
  log1mexp,
  logNormaliser,
  logPhi,
  mulFinite,
  phiOverZ,
  truncatedNormalLogProb,
} from "./fused/truncatedNormal.js";
import { ParameterError, checkParam, checkProbabilities, formatIndex } from "./validation.js";

/**
 * The standardised ends and the quantities every formula shares: α, β, log Z, A = φ(α)/Z,
 * B = φ(β)/Z, and A's and B's derivatives in α and β (0 at infinite ends, where φ vanishes
 * faster than any power grows).
 */
function terms(m: number, s: number, lo: number, hi: number) {
  const alpha = (lo - m) / s;
  const beta = (hi - m) / s;
  const logZ = logNormaliser(alpha, beta);
  const A = phiOverZ(alpha, logZ);
  const B = phiOverZ(beta, logZ);
  const Aa = Number.isFinite(alpha) ? A * (A - alpha) : 0;
  const Bb = Number.isFinite(beta) ? -B * (B + beta) : 0;
  return { alpha, beta, logZ, A, B, Aa, Ab: -A * B, Ba: A * B, Bb };
}

const ARGS = ["loc", "scale", "low", "high"] as const;

/** P(X <= x), with the difference of Φ's formed in the tail the interval lies in. */
const tnCdf = scalarOp({
  name: "TruncatedNormal.cdf",
  args: ["value", ...ARGS],
  value(v) {
    const [x, m, s, lo, hi] = v as unknown as [number, number, number, number, number];
    if (x <= lo) return 0;
    if (x >= hi) return 1;
    const t = terms(m, s, lo, hi);
    const z = (x - m) / s;
    if (t.alpha > 0) {
      const la = logNdtr(-t.alpha);
      return Math.exp(la + log1mexp(logNdtr(-z) - la) - t.logZ);
    }
    if (t.beta < 0) {
      const lz = logNdtr(z);
      return Math.exp(lz + log1mexp(logNdtr(t.alpha) - lz) - t.logZ);
    }
    return (0.5 * (erf(z * Math.SQRT1_2) - erf(t.alpha * Math.SQRT1_2))) / Math.exp(t.logZ);
  },
  partials(v, F, d) {
    const [x, m, s, lo, hi] = v as unknown as [number, number, number, number, number];
    if (x <= lo || x >= hi) return;
    const t = terms(m, s, lo, hi);
    const z = (x - m) / s;
    const pz = phiOverZ(z, t.logZ);
    const a = t.A * (1 - F);
    const b = t.B * F;
    d[0] = pz / s;
    d[1] = (-pz + a + b) / s;
    d[2] = (-z * pz + mulFinite(t.alpha, a) + mulFinite(t.beta, b)) / s;
    d[3] = -a / s;
    d[4] = -b / s;
  },
});

/**
 * loc + scale · z with F(z) = q, inverting in the tail the interval lies in. Gradients by
 * implicit differentiation of F(z; α, β) = q: ∂z/∂q = Z/φ(z), ∂z/∂α = (1 - q)φ(α)/φ(z),
 * ∂z/∂β = qφ(β)/φ(z). This is the pathwise derivative rsample uses.
 */
const tnIcdf = scalarOp({
  name: "TruncatedNormal.icdf",
  args: ["q", ...ARGS],
  value(v) {
    const [q, m, s, lo, hi] = v as unknown as [number, number, number, number, number];
    const t = terms(m, s, lo, hi);
    let z: number;
    if (t.alpha > 0) z = -ndtri((1 - q) * ndtr(-t.alpha) + q * ndtr(-t.beta));
    else if (t.beta < 0) z = ndtri((1 - q) * ndtr(t.alpha) + q * ndtr(t.beta));
    else {
      const Z = Math.exp(t.logZ);
      const p = ndtr(t.alpha) + q * Z;
      z = p < 0.5 ? ndtri(p) : -ndtri(ndtr(-t.beta) + (1 - q) * Z);
    }
    z = Math.min(Math.max(z, t.alpha), t.beta);
    return m + s * z;
  },
  partials(v, x, d) {
    const [q, m, s, lo, hi] = v as unknown as [number, number, number, number, number];
    const t = terms(m, s, lo, hi);
    const z = (x - m) / s;
    const lz = logPhi(z);
    const za = Number.isFinite(t.alpha) ? (1 - q) * Math.exp(logPhi(t.alpha) - lz) : 0;
    const zb = Number.isFinite(t.beta) ? q * Math.exp(logPhi(t.beta) - lz) : 0;
    d[0] = s * Math.exp(t.logZ - lz);
    d[1] = 1 - za - zb;
    d[2] = z - mulFinite(t.alpha, za) - mulFinite(t.beta, zb);
    d[3] = za;
    d[4] = zb;
  },
});

/** μ + σ(A - B). */
const tnMean = scalarOp({
  name: "TruncatedNormal.mean",
  args: ARGS,
  value(v) {
    const t = terms(v[0]!, v[1]!, v[2]!, v[3]!);
    return v[0]! + v[1]! * (t.A - t.B);
  },
  partials(v, _out, d) {
    const t = terms(v[0]!, v[1]!, v[2]!, v[3]!);
    const ma = t.Aa - t.Ba;
    const mb = t.Ab - t.Bb;
    d[0] = 1 - ma - mb;
    d[1] = t.A - t.B - mulFinite(t.alpha, ma) - mulFinite(t.beta, mb);
    d[2] = ma;
    d[3] = mb;
  },
});

/** σ²(1 + αA - βB - (A - B)²). */
const tnVariance = scalarOp({
  name: "TruncatedNormal.variance",
  args: ARGS,
  value(v) {
    const t = terms(v[0]!, v[1]!, v[2]!, v[3]!);
    const s = v[1]!;
    return s * s * (1 + mulFinite(t.alpha, t.A) - mulFinite(t.beta, t.B) - (t.A - t.B) ** 2);
  },
  partials(v, _out, d) {
    const t = terms(v[0]!, v[1]!, v[2]!, v[3]!);
    const s = v[1]!;
    const V = 1 + mulFinite(t.alpha, t.A) - mulFinite(t.beta, t.B) - (t.A - t.B) ** 2;
    const Va = t.A + mulFinite(t.alpha, t.Aa) - mulFinite(t.beta, t.Ba) - 2 * (t.A - t.B) * (t.Aa - t.Ba);
    const Vb = mulFinite(t.alpha, t.Ab) - t.B - mulFinite(t.beta, t.Bb) - 2 * (t.A - t.B) * (t.Ab - t.Bb);
    d[0] = -s * (Va + Vb);
    d[1] = 2 * s * V - s * (mulFinite(t.alpha, Va) + mulFinite(t.beta, Vb));
    d[2] = s * Va;
    d[3] = s * Vb;
  },
});

/** log(√(2πe) σ Z) + (αA - βB)/2. */
const tnEntropy = scalarOp({
  name: "TruncatedNormal.entropy",
  args: ARGS,
  value(v) {
    const t = terms(v[0]!, v[1]!, v[2]!, v[3]!);
    return 0.5 + LOG_SQRT_2PI + Math.log(v[1]!) + t.logZ + 0.5 * (mulFinite(t.alpha, t.A) - mulFinite(t.beta, t.B));
  },
  partials(v, _out, d) {
    const t = terms(v[0]!, v[1]!, v[2]!, v[3]!);
    const s = v[1]!;
    const ha = 0.5 * (mulFinite(t.alpha, t.Aa) - mulFinite(t.beta, t.Ba) - t.A);
    const hb = 0.5 * (mulFinite(t.alpha, t.Ab) + t.B - mulFinite(t.beta, t.Bb));
    d[0] = -(ha + hb) / s;
    d[1] = (1 - mulFinite(t.alpha, ha) - mulFinite(t.beta, hb)) / s;
    d[2] = ha / s;
    d[3] = hb / s;
  },
});

/**
 * TruncatedNormal(loc, scale, low, high): the Normal(loc, scale) density renormalised on
 * [low, high]; either end may be infinite. The normaliser is computed in log space in the
 * tail the interval lies in, so intervals far out in a tail (e.g. [8, 12] standard
 * deviations) keep full accuracy. icdf (and so rsample) works while Φ of the nearer end is
 * representable, i.e. for ends within about 37 standard deviations of loc.
 */
export class TruncatedNormalDistribution extends Distribution {
  /** Location μ of the parent Normal. */
  readonly loc: Tensor;
  /** Scale σ > 0 of the parent Normal. */
  readonly scale: Tensor;
  /** Lower end (may be -Infinity). */
  readonly low: Tensor;
  /** Upper end (may be +Infinity), above low. */
  readonly high: Tensor;

  constructor(loc: TensorLike, scale: TensorLike, low: TensorLike, high: TensorLike, options?: DistributionOptions) {
    const m = asTensor(loc),
      s = asTensor(scale),
      lo = asTensor(low),
      hi = asTensor(high);
    const batch = batchShapeOf("TruncatedNormal", { loc: m.shape, scale: s.shape, low: lo.shape, high: hi.shape });
    super(batch, [], options);
    this.loc = m;
    this.scale = s;
    this.low = lo;
    this.high = hi;
    if (this.validateArgs) {
      checkParam("TruncatedNormal", "loc", m, real);
      checkParam("TruncatedNormal", "scale", s, positive);
      const ld = operandData(lo, batch),
        hd = operandData(hi, batch);
      const lst = ld.length === 1 ? 0 : 1,
        hst = hd.length === 1 ? 0 : 1;
      const n = Math.max(ld.length, hd.length);
      for (let i = 0; i < n; i++) {
        const a = ld[i * lst]!,
          b = hd[i * hst]!;
        if (!(a < b)) {
          const where = batch.length === 0 ? "" : ` at index ${formatIndex(i, batch)}`;
          throw new ParameterError(`TruncatedNormal: low must be < high, got low ${a} and high ${b}${where}`);
        }
      }
    }
  }

  get name(): string {
    return "TruncatedNormal";
  }

  /**
   * The interval [low, high] (greaterThan / lessThan / real for infinite ends). With tensor
   * ends the Constraint type holds one pair of numbers, so this is the enclosing interval;
   * logProb applies each element's own ends.
   */
  get support(): Constraint {
    let lo = Infinity,
      hi = -Infinity;
    for (const v of this.low.data) lo = Math.min(lo, v);
    for (const v of this.high.data) hi = Math.max(hi, v);
    if (lo === -Infinity && hi === Infinity) return real;
    if (lo === -Infinity) return lessThan(hi);
    if (hi === Infinity) return greaterThan(lo);
    return interval(lo, hi);
  }

  override get hasRsample(): boolean {
    return true;
  }

  /** One fused tape node, differentiable in x, loc, scale, low and high; -Infinity outside. */
  logProb(value: TensorLike): Tensor {
    return truncatedNormalLogProb(this.checkValue(value, "logProb"), this.loc, this.scale, this.low, this.high);
  }

  /** icdf(u) with u ~ U(0, 1): pathwise in all four parameters (implicit gradients). */
  override rsample(key: Key, sampleShape: Shape = []): Tensor {
    this.checkSampleShape(sampleShape);
    return tnIcdf(uniform(key, this.shape(sampleShape)), this.loc, this.scale, this.low, this.high);
  }

  /** loc + scale · z with z from the random truncatedNormal sampler (robust in far tails). */
  override sample(key: Key, sampleShape: Shape = []): Tensor {
    this.checkSampleShape(sampleShape);
    const m = stopGradient(this.loc),
      s = stopGradient(this.scale);
    const alpha = div(sub(stopGradient(this.low), m), s);
    const beta = div(sub(stopGradient(this.high), m), s);
    return add(m, mul(s, truncatedNormal(key, alpha, beta, this.shape(sampleShape))));
  }

  override get mean(): Tensor {
    return broadcastTo(tnMean(this.loc, this.scale, this.low, this.high), this.batchShape);
  }

  override get variance(): Tensor {
    return broadcastTo(tnVariance(this.loc, this.scale, this.low, this.high), this.batchShape);
  }

  override cdf(value: TensorLike): Tensor {
    return tnCdf(this.checkValue(value, "cdf"), this.loc, this.scale, this.low, this.high);
  }

  override icdf(q: TensorLike): Tensor {
    const p = asTensor(q);
    if (this.validateArgs) checkProbabilities("TruncatedNormal", "icdf", p);
    return tnIcdf(p, this.loc, this.scale, this.low, this.high);
  }

  override entropy(): Tensor {
    return broadcastTo(tnEntropy(this.loc, this.scale, this.low, this.high), this.batchShape);
  }

  expand(batchShape: Shape): TruncatedNormalDistribution {
    const b = this.checkExpand(batchShape);
    return new TruncatedNormalDistribution(
      broadcastTo(this.loc, b),
      broadcastTo(this.scale, b),
      broadcastTo(this.low, b),
      broadcastTo(this.high, b),
      { validateArgs: false },
    );
  }
}

/**
 * The Normal(loc, scale) distribution truncated to [low, high] (use -Infinity / Infinity for
 * a one-sided truncation).
 */
export function TruncatedNormal(
  loc: TensorLike,
  scale: TensorLike,
  low: TensorLike,
  high: TensorLike,
  options?: DistributionOptions,
): TruncatedNormalDistribution {
  return new TruncatedNormalDistribution(loc, scale, low, high, options);
}
/** The type of {@link TruncatedNormal}'s result. */
export type TruncatedNormal = TruncatedNormalDistribution;
