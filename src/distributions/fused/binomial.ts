/**
 * Fused Binomial log-mass, parameterised by logits or by probabilities: value and gradient
 * with respect to the parameter in one node.
 * @module
 */
import { anyTracked } from "../../autodiff/tape.js";
import { sigmoidScalar } from "../../autodiff/ops/unary.js";
import { logFactorial } from "../../tensor/special/gamma.js";
import { softplus } from "../../tensor/special/logistic.js";
import { sizeOf } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { broadcastOperands, operandData, operandStep, recordFused } from "./operands.js";

/** log C(n, k) = log n! - log k! - log (n - k)!. */
function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

/** True when k is an integer count in [0, n]. */
function validCount(k: number, n: number): boolean {
  return k >= 0 && k <= n && Number.isInteger(k);
}

/**
 * log Binomial(k | n, logits l) = log C(n, k) + k l - n softplus(l), written
 * log C(n, k) - k softplus(-l) - (n - k) softplus(l) so no infinite logit meets a zero count;
 * -Infinity for k not an integer in [0, n]. Partial: ∂/∂l = k - n σ(l). The count and the
 * number of trials have no gradient.
 */
export function binomialLogitsLogProb(k: Tensor, totalCount: Tensor, logits: Tensor): Tensor {
  const shape = broadcastOperands(k, totalCount, logits);
  const size = sizeOf(shape);
  const kd = operandData(k, shape),
    nd = operandData(totalCount, shape),
    ld = operandData(logits, shape);
  const ks = operandStep(k),
    ns = operandStep(totalCount),
    ls = operandStep(logits);
  const out = new Float64Array(size);
  const dl = anyTracked(logits) ? new Float64Array(size) : null;
  for (let i = 0; i < size; i++) {
    const c = kd[i * ks]!;
    const n = nd[i * ns]!;
    if (!validCount(c, n)) {
      out[i] = -Infinity;
      continue;
    }
    const l = ld[i * ls]!;
    const up = c === 0 ? 0 : c * softplus(-l);
    const down = n - c === 0 ? 0 : (n - c) * softplus(l);
    out[i] = logChoose(n, c) - up - down;
    if (dl !== null) dl[i] = c - n * sigmoidScalar(l);
  }
  const res = new Tensor(out, shape);
  return dl !== null ? recordFused(res, [k, totalCount, logits], [null, null, dl]) : res;
}

/**
 * log Binomial(k | n, p) = log C(n, k) + k log p + (n - k) log(1 - p), with 0 · log 0 = 0 so
 * p = 0 or 1 are point masses; -Infinity for k not an integer in [0, n].
 * Partial: ∂/∂p = k/p - (n - k)/(1 - p).
 */
export function binomialProbsLogProb(k: Tensor, totalCount: Tensor, probs: Tensor): Tensor {
  const shape = broadcastOperands(k, totalCount, probs);
  const size = sizeOf(shape);
  const kd = operandData(k, shape),
    nd = operandData(totalCount, shape),
    pd = operandData(probs, shape);
  const ks = operandStep(k),
    ns = operandStep(totalCount),
    ps = operandStep(probs);
  const out = new Float64Array(size);
  const dp = anyTracked(probs) ? new Float64Array(size) : null;
  for (let i = 0; i < size; i++) {
    const c = kd[i * ks]!;
    const n = nd[i * ns]!;
    if (!validCount(c, n)) {
      out[i] = -Infinity;
      continue;
    }
    const p = pd[i * ps]!;
    const f = n - c;
    out[i] = logChoose(n, c) + (c === 0 ? 0 : c * Math.log(p)) + (f === 0 ? 0 : f * Math.log1p(-p));
    if (dp !== null) dp[i] = (c === 0 ? 0 : c / p) - (f === 0 ? 0 : f / (1 - p));
  }
  const res = new Tensor(out, shape);
  return dp !== null ? recordFused(res, [k, totalCount, probs], [null, null, dp]) : res;
}
