/**
 * Fused HalfNormal log-density: value and gradient with respect to x and scale in one node.
 * @module
 */
import { anyTracked } from "../../autodiff/tape.js";
import { broadcastShapes, sizeOf } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { LOG_2, LOG_SQRT_2PI } from "./constants.js";
import { operandData, operandStep, recordFused } from "./operands.js";

/**
 * log HalfNormal(x | σ) = log 2 - log √(2π) - log σ - z²/2 with z = x/σ, for x >= 0, and
 * -Infinity (zero gradient) for x < 0. Partials: ∂/∂x = -z/σ, ∂/∂σ = (z² - 1)/σ.
 */
export function halfNormalLogProb(x: Tensor, scale: Tensor): Tensor {
  const shape = broadcastShapes(x.shape, scale.shape);
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
    out[i] = LOG_2 - LOG_SQRT_2PI - 0.5 * z * z - Math.log(s);
    if (dx !== null) dx[i] = -z / s;
    if (dsd !== null) dsd[i] = (z * z - 1) / s;
  }
  const res = new Tensor(out, shape);
  return tx || ts ? recordFused(res, [x, scale], [dx, dsd]) : res;
}
