/**
 * Fused Normal log-density: value and gradient with respect to x, loc and scale in one node.
 * @module
 */
import { anyTracked, tracked } from "../../autodiff/tape.js";
import { sizeOf } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { LOG_SQRT_2PI } from "./constants.js";
import { broadcastOperands, operandData, operandStep, recordFused } from "./operands.js";

/**
 * log N(x | loc, scale) = -z²/2 - log σ - log √(2π), z = (x - μ)/σ, broadcasting all three.
 * Partials: ∂/∂x = -z/σ, ∂/∂μ = z/σ, ∂/∂σ = (z² - 1)/σ.
 */
export function normalLogProb(x: Tensor, loc: Tensor, scale: Tensor): Tensor {
  const shape = broadcastOperands(x, loc, scale);
  const n = sizeOf(shape);
  const xd = operandData(x, shape),
    md = operandData(loc, shape),
    sd = operandData(scale, shape);
  const xs = operandStep(x),
    ms = operandStep(loc),
    ss = operandStep(scale);
  const out = new Float64Array(n);
  // A single scale (the common case: a prior, or one noise level) needs one log, not n.
  const s0 = sd[0]!;
  const logS0 = Math.log(s0);
  if (!anyTracked(x, loc, scale)) {
    for (let i = 0; i < n; i++) {
      const s = sd[i * ss]!;
      const z = (xd[i * xs]! - md[i * ms]!) / s;
      out[i] = -0.5 * z * z - (ss === 0 ? logS0 : Math.log(s)) - LOG_SQRT_2PI;
    }
    return new Tensor(out, shape);
  }
  const tx = tracked(x),
    tm = tracked(loc),
    ts = tracked(scale);
  // ∂/∂x and ∂/∂μ differ only in sign: one array serves both
  const dz = tx || tm ? new Float64Array(n) : null;
  const dsd = ts ? new Float64Array(n) : null;
  for (let i = 0; i < n; i++) {
    const s = sd[i * ss]!;
    const z = (xd[i * xs]! - md[i * ms]!) / s;
    out[i] = -0.5 * z * z - (ss === 0 ? logS0 : Math.log(s)) - LOG_SQRT_2PI;
    if (dz !== null) dz[i] = z / s;
    if (dsd !== null) dsd[i] = (z * z - 1) / s;
  }
  return recordFused(new Tensor(out, shape), [x, loc, scale], [tx ? dz : null, tm ? dz : null, dsd], [-1, 1, 1]);
}
