/**
 * Fused Exponential log-density: value and gradient with respect to x and rate in one node.
 * @module
 */
import { anyTracked } from "../../autodiff/tape.js";
import { broadcastShapes, sizeOf } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { operandData, operandStep, recordFused } from "./operands.js";

/**
 * log Exponential(x | λ) = log λ - λx for x >= 0, -Infinity (zero gradient) for x < 0.
 * Partials: ∂/∂x = -λ, ∂/∂λ = 1/λ - x.
 */
export function exponentialLogProb(x: Tensor, rate: Tensor): Tensor {
  const shape = broadcastShapes(x.shape, rate.shape);
  const n = sizeOf(shape);
  const xd = operandData(x, shape),
    rd = operandData(rate, shape);
  const xs = operandStep(x),
    rs = operandStep(rate);
  const out = new Float64Array(n);
  const tx = anyTracked(x),
    tr = anyTracked(rate);
  const dx = tx ? new Float64Array(n) : null;
  const dr = tr ? new Float64Array(n) : null;
  for (let i = 0; i < n; i++) {
    const v = xd[i * xs]!;
    if (v < 0) {
      out[i] = -Infinity;
      continue;
    }
    const r = rd[i * rs]!;
    out[i] = Math.log(r) - r * v;
    if (dx !== null) dx[i] = -r;
    if (dr !== null) dr[i] = 1 / r - v;
  }
  const res = new Tensor(out, shape);
  return tx || tr ? recordFused(res, [x, rate], [dx, dr]) : res;
}
