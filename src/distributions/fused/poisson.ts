/**
 * Fused Poisson log-mass: value and gradient with respect to the rate in one node.
 * @module
 */
import { anyTracked } from "../../autodiff/tape.js";
import { logFactorial } from "../../tensor/special/gamma.js";
import { broadcastShapes, sizeOf } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { operandData, operandStep, recordFused } from "./operands.js";

/**
 * log Poisson(k | λ) = k log λ - λ - log k! for non-negative integers k (with 0 · log 0 = 0,
 * so rate 0 is a point mass at 0), -Infinity elsewhere. Partial: ∂/∂λ = k/λ - 1. The count
 * has no gradient.
 */
export function poissonLogProb(k: Tensor, rate: Tensor): Tensor {
  const shape = broadcastShapes(k.shape, rate.shape);
  const n = sizeOf(shape);
  const kd = operandData(k, shape),
    rd = operandData(rate, shape);
  const ks = operandStep(k),
    rs = operandStep(rate);
  const out = new Float64Array(n);
  const dr = anyTracked(rate) ? new Float64Array(n) : null;
  for (let i = 0; i < n; i++) {
    const c = kd[i * ks]!;
    if (!(c >= 0 && Number.isInteger(c))) {
      out[i] = -Infinity;
      continue;
    }
    const r = rd[i * rs]!;
    out[i] = (c === 0 ? 0 : c * Math.log(r)) - r - logFactorial(c);
    if (dr !== null) dr[i] = (c === 0 ? 0 : c / r) - 1;
  }
  const res = new Tensor(out, shape);
  return dr !== null ? recordFused(res, [k, rate], [null, dr]) : res;
}
