/**
 * Fused InverseGamma log-density (concentration, rate): value and gradient with respect to x,
 * concentration and rate in one node.
 * @module
 */
import { anyTracked, tracked } from "../../autodiff/tape.js";
import { digamma, lgamma } from "../../tensor/special/gamma.js";
import { sizeOf } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { broadcastOperands, operandData, operandStep, recordFused } from "./operands.js";

/**
 * log InvGamma(x | α, β) = α log β - log Γ(α) - (α + 1) log x - β/x for x > 0, -Infinity for
 * x <= 0 (the density tends to 0 at 0). Partials: ∂/∂x = -(α + 1)/x + β/x²,
 * ∂/∂α = log β - ψ(α) - log x, ∂/∂β = α/β - 1/x.
 */
export function inverseGammaLogProb(x: Tensor, concentration: Tensor, rate: Tensor): Tensor {
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
    if (!(v > 0)) {
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
    const logX = Math.log(v);
    const logB = Math.log(b);
    out[i] = a * logB - lgA - (a + 1) * logX - b / v;
    if (dx !== null) dx[i] = (b / v - (a + 1)) / v;
    if (da !== null) da[i] = logB - psiA - logX;
    if (db !== null) db[i] = a / b - 1 / v;
  }
  const res = new Tensor(out, shape);
  return any ? recordFused(res, [x, concentration, rate], [dx, da, db]) : res;
}
