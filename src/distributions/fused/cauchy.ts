/**
 * Fused Cauchy log-density: value and gradient with respect to x, loc and scale in one node.
 * @module
 */
import { anyTracked, tracked } from "../../autodiff/tape.js";
import { sizeOf } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { LOG_PI } from "./constants.js";
import { broadcastOperands, operandData, operandStep, recordFused } from "./operands.js";

/**
 * log Cauchy(x | μ, σ) = -log π - log σ - log(1 + z²), z = (x - μ)/σ.
 * Partials: ∂/∂x = -2z/(σ(1 + z²)) = -∂/∂μ, ∂/∂σ = (z² - 1)/(σ(1 + z²)).
 */
export function cauchyLogProb(x: Tensor, loc: Tensor, scale: Tensor): Tensor {
  const shape = broadcastOperands(x, loc, scale);
  const n = sizeOf(shape);
  const xd = operandData(x, shape),
    md = operandData(loc, shape),
    sd = operandData(scale, shape);
  const xs = operandStep(x),
    ms = operandStep(loc),
    ss = operandStep(scale);
  const out = new Float64Array(n);
  const tx = tracked(x),
    tm = tracked(loc),
    ts = tracked(scale);
  const any = anyTracked(x, loc, scale);
  const dz = any && (tx || tm) ? new Float64Array(n) : null;
  const dsd = any && ts ? new Float64Array(n) : null;
  for (let i = 0; i < n; i++) {
    const s = sd[i * ss]!;
    const z = (xd[i * xs]! - md[i * ms]!) / s;
    const q = 1 + z * z;
    out[i] = -LOG_PI - Math.log(s) - Math.log1p(z * z);
    if (dz !== null) dz[i] = (2 * z) / (s * q);
    if (dsd !== null) dsd[i] = (z * z - 1) / (s * q);
  }
  const res = new Tensor(out, shape);
  if (!any) return res;
  return recordFused(res, [x, loc, scale], [tx ? dz : null, tm ? dz : null, dsd], [-1, 1, 1]);
}
