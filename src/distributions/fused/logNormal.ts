/**
 * Fused LogNormal log-density: value and gradient with respect to x, loc and scale in one node.
 * @module
 */
import { anyTracked, tracked } from "../../autodiff/tape.js";
import { sizeOf } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { LOG_SQRT_2PI } from "./constants.js";
import { broadcastOperands, operandData, operandStep, recordFused } from "./operands.js";

/**
 * log LogNormal(x | μ, σ) = -z²/2 - log σ - log √(2π) - log x, z = (log x - μ)/σ, for x > 0,
 * and -Infinity (zero gradient) for x <= 0.
 * Partials: ∂/∂x = -(z/σ + 1)/x, ∂/∂μ = z/σ, ∂/∂σ = (z² - 1)/σ.
 */
export function logNormalLogProb(x: Tensor, loc: Tensor, scale: Tensor): Tensor {
  const shape = broadcastOperands(x, loc, scale);
  const n = sizeOf(shape);
  const xd = operandData(x, shape),
    md = operandData(loc, shape),
    sd = operandData(scale, shape);
  const xs = operandStep(x),
    ms = operandStep(loc),
    ss = operandStep(scale);
  const out = new Float64Array(n);
  const any = anyTracked(x, loc, scale);
  const dx = any && tracked(x) ? new Float64Array(n) : null;
  const dm = any && tracked(loc) ? new Float64Array(n) : null;
  const dsd = any && tracked(scale) ? new Float64Array(n) : null;
  for (let i = 0; i < n; i++) {
    const v = xd[i * xs]!;
    if (!(v > 0)) {
      out[i] = -Infinity;
      continue;
    }
    const s = sd[i * ss]!;
    const y = Math.log(v);
    const z = (y - md[i * ms]!) / s;
    out[i] = -0.5 * z * z - Math.log(s) - LOG_SQRT_2PI - y;
    if (dx !== null) dx[i] = -(z / s + 1) / v;
    if (dm !== null) dm[i] = z / s;
    if (dsd !== null) dsd[i] = (z * z - 1) / s;
  }
  const res = new Tensor(out, shape);
  return any ? recordFused(res, [x, loc, scale], [dx, dm, dsd]) : res;
}
