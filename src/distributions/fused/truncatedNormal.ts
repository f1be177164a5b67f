/**
 * The truncated normal's normaliser and fused log-density. With α = (low - μ)/σ and
 * β = (high - μ)/σ, the normaliser Z = Φ(β) - Φ(α) is formed so it keeps its relative
 * accuracy when the interval lies far in a tail (Z = 1e-300 is still exact to ~1e-15), by
 * working with log Φ and a log-difference.
 * @module
 */
import { anyTracked, tracked } from "../../autodiff/tape.js";
import { erf } from "../../tensor/special/erf.js";
import { logNdtr } from "../../tensor/special/normal.js";
import { broadcastShapes, sizeOf } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { LOG_SQRT_2PI } from "./constants.js";
import { operandData, operandStep, recordFused } from "./operands.js";

/** log(1 - e^a) for a <= 0, accurate near both ends (Mächler 2012). */
export function log1mexp(a: number): number {
  return a > -Math.LN2 ? Math.log(-Math.expm1(a)) : Math.log1p(-Math.exp(a));
}

/** log φ(t), the standard normal log-density (-∞ at ±∞). */
export function logPhi(t: number): number {
  return -0.5 * t * t - LOG_SQRT_2PI;
}

/**
 * log(Φ(β) - Φ(α)) for α < β. Both in the upper tail: log(Φ(-α) - Φ(-β)) from the lower
 * tail's log Φ; both in the lower tail: log(Φ(β) - Φ(α)) likewise; straddling 0: the sum of
 * two erf terms of the same sign, which cannot cancel.
 */
export function logNormaliser(alpha: number, beta: number): number {
  if (alpha > 0) {
    const la = logNdtr(-alpha);
    return la + log1mexp(logNdtr(-beta) - la);
  }
  if (beta < 0) {
    const lb = logNdtr(beta);
    return lb + log1mexp(logNdtr(alpha) - lb);
  }
  return Math.log(0.5 * (erf(beta * Math.SQRT1_2) - erf(alpha * Math.SQRT1_2)));
}

/** φ(t)/Z = exp(log φ(t) - log Z), 0 at t = ±∞. */
export function phiOverZ(t: number, logZ: number): number {
  return Number.isFinite(t) ? Math.exp(logPhi(t) - logZ) : 0;
}

/** t · v, taken as 0 when v is 0 (so ∞ · 0 = 0 for the infinite ends, where φ vanishes). */
export function mulFinite(t: number, v: number): number {
  return v === 0 ? 0 : t * v;
}

/**
 * log TN(x | μ, σ, low, high) = -z²/2 - log √(2π) - log σ - log Z for low <= x <= high,
 * -Infinity outside. With A = φ(α)/Z and B = φ(β)/Z:
 * ∂/∂x = -z/σ, ∂/∂μ = (z - A + B)/σ, ∂/∂σ = (z² - 1 - αA + βB)/σ, ∂/∂low = A/σ,
 * ∂/∂high = -B/σ. Z is recomputed only when (μ, σ, low, high) change between elements.
 */
export function truncatedNormalLogProb(x: Tensor, loc: Tensor, scale: Tensor, low: Tensor, high: Tensor): Tensor {
  let shape = broadcastShapes(x.shape, loc.shape);
  shape = broadcastShapes(broadcastShapes(shape, scale.shape), broadcastShapes(low.shape, high.shape));
  const n = sizeOf(shape);
  const xd = operandData(x, shape),
    md = operandData(loc, shape),
    sd = operandData(scale, shape);
  const ld = operandData(low, shape),
    hd = operandData(high, shape);
  const xs = operandStep(x),
    ms = operandStep(loc),
    ss = operandStep(scale),
    ls = operandStep(low),
    hs = operandStep(high);
  const any = anyTracked(x, loc, scale) || anyTracked(low, high);
  const dx = any && tracked(x) ? new Float64Array(n) : null;
  const dm = any && tracked(loc) ? new Float64Array(n) : null;
  const dsd = any && tracked(scale) ? new Float64Array(n) : null;
  const dl = any && tracked(low) ? new Float64Array(n) : null;
  const dh = any && tracked(high) ? new Float64Array(n) : null;
  const out = new Float64Array(n);
  let pm = NaN,
    ps = NaN,
    pl = NaN,
    ph = NaN;
  let alpha = 0,
    beta = 0,
    logZ = 0,
    A = 0,
    B = 0;
  for (let i = 0; i < n; i++) {
    const v = xd[i * xs]!;
    const m = md[i * ms]!,
      s = sd[i * ss]!,
      lo = ld[i * ls]!,
      hi = hd[i * hs]!;
    if (!(v >= lo && v <= hi)) {
      out[i] = -Infinity;
      continue;
    }
    if (m !== pm || s !== ps || lo !== pl || hi !== ph) {
      pm = m;
      ps = s;
      pl = lo;
      ph = hi;
      alpha = (lo - m) / s;
      beta = (hi - m) / s;
      logZ = logNormaliser(alpha, beta);
      A = phiOverZ(alpha, logZ);
      B = phiOverZ(beta, logZ);
    }
    const z = (v - m) / s;
    out[i] = -0.5 * z * z - LOG_SQRT_2PI - Math.log(s) - logZ;
    if (dx !== null) dx[i] = -z / s;
    if (dm !== null) dm[i] = (z - A + B) / s;
    if (dsd !== null) dsd[i] = (z * z - 1 - mulFinite(alpha, A) + mulFinite(beta, B)) / s;
    if (dl !== null) dl[i] = A / s;
    if (dh !== null) dh[i] = -B / s;
  }
  const res = new Tensor(out, shape);
  return any ? recordFused(res, [x, loc, scale, low, high], [dx, dm, dsd, dl, dh]) : res;
}
