/**
 * Fused Gamma log-density (concentration, rate): value and gradient with respect to x,
 * concentration and rate in one node.
 * @module
 */
import { anyTracked, tracked } from "../../autodiff/tape.js";
import { digamma, lgamma } from "../../tensor/special/gamma.js";
import { sizeOf } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { broadcastOperands, operandData, operandStep, recordFused } from "./operands.js";

/**
 * log Gamma(x | α, β) = α log β + (α - 1) log x - βx - log Γ(α) for x >= 0 (with
 * 0 · log 0 = 0, so x = 0 is finite when α = 1), -Infinity for x < 0.
 * Partials: ∂/∂x = (α - 1)/x - β, ∂/∂α = log β + log x - ψ(α), ∂/∂β = α/β - x.
 */
export function gammaLogProb(x: Tensor, concentration: Tensor, rate: Tensor): Tensor {
  const shape = broadcastOperands(x, concentration, rate);
  const n = sizeOf(shape);
  const xd = operandData(x, shape),
    ad = operandData(concentration, shape),
    bd = operandData(rate, shape);
  const xs = operandStep(x),
    as = operandStep(concentration),
    bs = operandStep(rate);
  const out = new Float64Array(n);
  const any = anyTracked(x, concentration, rate);
  const dx = any && tracked(x) ? new Float64Array(n) : null;
  const da = any && tracked(concentration) ? new Float64Array(n) : null;
  const db = any && tracked(rate) ? new Float64Array(n) : null;
  let lastA = NaN;
  let lgA = 0;
  let psiA = 0;
  for (let i = 0; i < n; i++) {
    const v = xd[i * xs]!;
    if (v < 0) {
      out[i] = -Infinity;
      continue;
    }
    const a = ad[i * as]!;
    const b = bd[i * bs]!;
    if (a !== lastA) {
      lastA = a;
      lgA = lgamma(a);
      if (da !== null) psiA = digamma(a);
    }
    const am1 = a - 1;
    const logX = Math.log(v);
    const logB = Math.log(b);
    out[i] = a * logB + (am1 === 0 ? 0 : am1 * logX) - b * v - lgA;
    if (dx !== null) dx[i] = (am1 === 0 ? 0 : am1 / v) - b;
    if (da !== null) da[i] = logB + logX - psiA;
    if (db !== null) db[i] = a / b - v;
  }
  const res = new Tensor(out, shape);
  return any ? recordFused(res, [x, concentration, rate], [dx, da, db]) : res;
}
