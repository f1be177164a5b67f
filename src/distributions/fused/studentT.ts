/**
 * Fused Student-t log-density: value and gradient with respect to x, df, loc and scale in
 * one node.
 * @module
 */
import { anyTracked, tracked } from "../../autodiff/tape.js";
import { digamma, lgamma, stirlingCorrection } from "../../tensor/special/gamma.js";
import { broadcastShapes, sizeOf } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { LOG_PI } from "./constants.js";
import { operandData, operandStep, recordFused } from "./operands.js";

/**
 * log Γ((ν + 1)/2) - log Γ(ν/2). For large ν the two log-gammas are huge and nearly equal, so
 * their difference is taken inside Stirling's formula instead:
 * with h = ν/2, h log(1 + 1/(2h)) + ½ log h - ½ + corr(h + ½) - corr(h).
 */
export function lgammaHalfStep(nu: number): number {
  const h = 0.5 * nu;
  if (h < 10) return lgamma(h + 0.5) - lgamma(h);
  return h * Math.log1p(0.5 / h) + 0.5 * Math.log(h) - 0.5 + stirlingCorrection(h + 0.5) - stirlingCorrection(h);
}

/**
 * log t_ν(x | μ, σ) = log Γ((ν+1)/2) - log Γ(ν/2) - ½ log(νπ) - log σ - (ν+1)/2 · log(1 + z²/ν),
 * z = (x - μ)/σ. Partials: ∂/∂μ = (ν+1) z / (σ(ν + z²)) = -∂/∂x,
 * ∂/∂σ = ((ν+1) z²/(ν + z²) - 1)/σ,
 * ∂/∂ν = ½(ψ((ν+1)/2) - ψ(ν/2)) - 1/(2ν) - ½ log(1 + z²/ν) + (ν+1) z² / (2ν(ν + z²)).
 * The ν-only terms are recomputed only when ν changes (once for a scalar df).
 */
export function studentTLogProb(x: Tensor, df: Tensor, loc: Tensor, scale: Tensor): Tensor {
  const shape = broadcastShapes(broadcastShapes(broadcastShapes(x.shape, df.shape), loc.shape), scale.shape);
  const n = sizeOf(shape);
  const xd = operandData(x, shape),
    vd = operandData(df, shape);
  const md = operandData(loc, shape),
    sd = operandData(scale, shape);
  const xs = operandStep(x),
    vs = operandStep(df),
    ms = operandStep(loc),
    ss = operandStep(scale);
  const out = new Float64Array(n);
  const any = anyTracked(x, df, loc) || anyTracked(scale);
  const tx = any && tracked(x),
    tv = any && tracked(df),
    tm = any && tracked(loc),
    ts = any && tracked(scale);
  const dz = tx || tm ? new Float64Array(n) : null;
  const dv = tv ? new Float64Array(n) : null;
  const dsd = ts ? new Float64Array(n) : null;
  let lastNu = NaN;
  let c = 0; // ν-only part of the log-density
  let dc = 0; // its derivative, ½(ψ((ν+1)/2) - ψ(ν/2)) - 1/(2ν)
  for (let i = 0; i < n; i++) {
    const nu = vd[i * vs]!;
    if (nu !== lastNu) {
      lastNu = nu;
      c = lgammaHalfStep(nu) - 0.5 * (Math.log(nu) + LOG_PI);
      if (dv !== null) dc = 0.5 * (digamma(0.5 * (nu + 1)) - digamma(0.5 * nu)) - 0.5 / nu;
    }
    const s = sd[i * ss]!;
    const z = (xd[i * xs]! - md[i * ms]!) / s;
    const z2 = z * z;
    const l1p = Math.log1p(z2 / nu);
    out[i] = c - Math.log(s) - 0.5 * (nu + 1) * l1p;
    if (dz !== null || dsd !== null) {
      const w = (nu + 1) / (nu + z2);
      if (dz !== null) dz[i] = (w * z) / s;
      if (dsd !== null) dsd[i] = (w * z2 - 1) / s;
    }
    if (dv !== null) dv[i] = dc - 0.5 * l1p + ((nu + 1) * z2) / (2 * nu * (nu + z2));
  }
  const res = new Tensor(out, shape);
  if (!any) return res;
  return recordFused(res, [x, df, loc, scale], [tx ? dz : null, dv, tm ? dz : null, dsd], [-1, 1, 1, 1]);
}
