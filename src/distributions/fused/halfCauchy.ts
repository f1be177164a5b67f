/**
 * Fused HalfCauchy log-density: value and gradient with respect to x and scale in one node.
 * @module
 */
import { anyTracked } from "../../autodiff/tape.js";
import { sizeOf } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { LOG_2, LOG_PI } from "./constants.js";
import { broadcastOperands, operandData, operandStep, recordFused } from "./operands.js";

/**
 * log HalfCauchy(x | σ) = log 2 - log π - log σ - log(1 + z²), z = x/σ, for x >= 0, and
 * -Infinity (zero gradient) for x < 0.
 * Partials: ∂/∂x = -2z/(σ(1 + z²)), ∂/∂σ = (z² - 1)/(σ(1 + z²)).
 */
export function halfCauchyLogProb(x: Tensor, scale: Tensor): Tensor {
  const shape = broadcastOperands(x, scale);
  const n = sizeOf(shape);
  const xd = operandData(x, shape),
    sd = operandData(scale, shape);
  const xs = operandStep(x),
    ss = operandStep(scale);
  const out = new Float64Array(n);
  const tx = anyTracked(x),
    ts = anyTracked(scale);
  const dx = tx ? new Float64Array(n) : null;
  const dsd = ts ? new Float64Array(n) : null;
  for (let i = 0; i < n; i++) {
    const v = xd[i * xs]!;
    if (v < 0) {
      out[i] = -Infinity;
      continue;
    }
    const s = sd[i * ss]!;
    const z = v / s;
    const q = 1 + z * z;
    out[i] = LOG_2 - LOG_PI - Math.log(s) - Math.log1p(z * z);
    if (dx !== null) dx[i] = (-2 * z) / (s * q);
    if (dsd !== null) dsd[i] = (z * z - 1) / (s * q);
  }
  const res = new Tensor(out, shape);
  return tx || ts ? recordFused(res, [x, scale], [dx, dsd]) : res;
}
