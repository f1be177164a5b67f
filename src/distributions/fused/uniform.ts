/**
 * Fused Uniform log-density: value and gradient with respect to low and high in one node.
 * @module
 */
import { anyTracked } from "../../autodiff/tape.js";
import { sizeOf } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { broadcastOperands, operandData, operandStep, recordFused } from "./operands.js";

/**
 * log Uniform(x | a, b) = -log(b - a) for a <= x <= b, -Infinity (zero gradient) outside.
 * Partials: ∂/∂a = 1/(b - a), ∂/∂b = -1/(b - a); the density is flat in x.
 */
export function uniformLogProb(x: Tensor, low: Tensor, high: Tensor): Tensor {
  const shape = broadcastOperands(x, low, high);
  const n = sizeOf(shape);
  const xd = operandData(x, shape),
    ld = operandData(low, shape),
    hd = operandData(high, shape);
  const xs = operandStep(x),
    ls = operandStep(low),
    hs = operandStep(high);
  const out = new Float64Array(n);
  const tl = anyTracked(low),
    th = anyTracked(high);
  // ∂/∂a = -∂/∂b: one array serves both
  const dw = tl || th ? new Float64Array(n) : null;
  for (let i = 0; i < n; i++) {
    const v = xd[i * xs]!;
    const a = ld[i * ls]!;
    const b = hd[i * hs]!;
    if (!(v >= a && v <= b)) {
      out[i] = -Infinity;
      continue;
    }
    const w = b - a;
    out[i] = -Math.log(w);
    if (dw !== null) dw[i] = 1 / w;
  }
  const res = new Tensor(out, shape);
  if (dw === null) return res;
  return recordFused(res, [low, high], [tl ? dw : null, th ? dw : null], [1, -1]);
}
