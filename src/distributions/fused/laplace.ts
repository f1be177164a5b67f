/**
 * Fused Laplace log-density: value and gradient with respect to x, loc and scale in one node.
 * @module
 */
import { anyTracked, tracked } from "../../autodiff/tape.js";
import { sizeOf } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { LOG_2 } from "./constants.js";
import { broadcastOperands, operandData, operandStep, recordFused } from "./operands.js";

/**
 * log Laplace(x | μ, b) = -log 2b - |z|, z = (x - μ)/b.
 * Partials: ∂/∂x = -sign(z)/b = -∂/∂μ (0 at the kink, a subgradient), ∂/∂b = (|z| - 1)/b.
 */
export function laplaceLogProb(x: Tensor, loc: Tensor, scale: Tensor): Tensor {
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
    const a = Math.abs(z);
    out[i] = -LOG_2 - Math.log(s) - a;
    if (dz !== null) dz[i] = Math.sign(z) / s;
    if (dsd !== null) dsd[i] = (a - 1) / s;
  }
  const res = new Tensor(out, shape);
  if (!any) return res;
  return recordFused(res, [x, loc, scale], [tx ? dz : null, tm ? dz : null, dsd], [-1, 1, 1]);
}
