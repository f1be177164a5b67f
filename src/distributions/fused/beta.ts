/**
 * Fused Beta log-density: value and gradient with respect to x and both concentrations in
 * one node.
 * @module
 */
import { anyTracked, tracked } from "../../autodiff/tape.js";
import { logBeta } from "../../tensor/special/beta.js";
import { digamma } from "../../tensor/special/gamma.js";
import { sizeOf } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { broadcastOperands, operandData, operandStep, recordFused } from "./operands.js";

/**
 * log Beta(x | α, β) = (α - 1) log x + (β - 1) log(1 - x) - log B(α, β) on [0, 1] (with
 * 0 · log 0 = 0, so the ends are finite when the matching concentration is 1), -Infinity
 * outside. log B comes from an accurate logBeta, which matters for large concentrations.
 * Partials: ∂/∂x = (α - 1)/x - (β - 1)/(1 - x), ∂/∂α = log x - ψ(α) + ψ(α + β),
 * ∂/∂β = log(1 - x) - ψ(β) + ψ(α + β).
 */
export function betaLogProb(x: Tensor, concentration1: Tensor, concentration0: Tensor): Tensor {
  const shape = broadcastOperands(x, concentration1, concentration0);
  const n = sizeOf(shape);
  const xd = operandData(x, shape),
    ad = operandData(concentration1, shape),
    bd = operandData(concentration0, shape);
  const xs = operandStep(x),
    as = operandStep(concentration1),
    bs = operandStep(concentration0);
  const out = new Float64Array(n);
  const any = anyTracked(x, concentration1, concentration0);
  const dx = any && tracked(x) ? new Float64Array(n) : null;
  const da = any && tracked(concentration1) ? new Float64Array(n) : null;
  const db = any && tracked(concentration0) ? new Float64Array(n) : null;
  let lastA = NaN;
  let lastB = NaN;
  let lb = 0;
  let psiA = 0;
  let psiB = 0;
  let psiAB = 0;
  for (let i = 0; i < n; i++) {
    const v = xd[i * xs]!;
    if (!(v >= 0 && v <= 1)) {
      out[i] = -Infinity;
      continue;
    }
    const a = ad[i * as]!;
    const b = bd[i * bs]!;
    if (a !== lastA || b !== lastB) {
      lastA = a;
      lastB = b;
      lb = logBeta(a, b);
      if (da !== null || db !== null) {
        psiAB = digamma(a + b);
        psiA = da !== null ? digamma(a) : 0;
        psiB = db !== null ? digamma(b) : 0;
      }
    }
    const am1 = a - 1;
    const bm1 = b - 1;
    const logX = Math.log(v);
    const log1mX = Math.log1p(-v);
    out[i] = (am1 === 0 ? 0 : am1 * logX) + (bm1 === 0 ? 0 : bm1 * log1mX) - lb;
    if (dx !== null) dx[i] = (am1 === 0 ? 0 : am1 / v) - (bm1 === 0 ? 0 : bm1 / (1 - v));
    if (da !== null) da[i] = logX - psiA + psiAB;
    if (db !== null) db[i] = log1mX - psiB + psiAB;
  }
  const res = new Tensor(out, shape);
  return any ? recordFused(res, [x, concentration1, concentration0], [dx, da, db]) : res;
}
