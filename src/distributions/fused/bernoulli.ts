/**
 * Fused Bernoulli log-mass, parameterised by logits or by probabilities: value and gradient
 * with respect to the parameter in one node.
 * @module
 */
import { anyTracked } from "../../autodiff/tape.js";
import { sigmoidScalar } from "../../autodiff/ops/unary.js";
import { softplus } from "../../tensor/special/logistic.js";
import { broadcastShapes, sizeOf } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { operandData, operandStep, recordFused } from "./operands.js";

/**
 * log Bernoulli(k | logits l) = k l - softplus(l): -softplus(-l) for k = 1 and -softplus(l)
 * for k = 0 (no overflow for any l), -Infinity for k not in {0, 1}.
 * Partial: ∂/∂l = k - σ(l). The value has no gradient.
 */
export function bernoulliLogitsLogProb(k: Tensor, logits: Tensor): Tensor {
  const shape = broadcastShapes(k.shape, logits.shape);
  const n = sizeOf(shape);
  const kd = operandData(k, shape),
    ld = operandData(logits, shape);
  const ks = operandStep(k),
    ls = operandStep(logits);
  const out = new Float64Array(n);
  const dl = anyTracked(logits) ? new Float64Array(n) : null;
  for (let i = 0; i < n; i++) {
    const c = kd[i * ks]!;
    const l = ld[i * ls]!;
    if (c === 1) out[i] = -softplus(-l);
    else if (c === 0) out[i] = -softplus(l);
    else {
      out[i] = -Infinity;
      continue;
    }
    if (dl !== null) dl[i] = c - sigmoidScalar(l);
  }
  const res = new Tensor(out, shape);
  return dl !== null ? recordFused(res, [k, logits], [null, dl]) : res;
}

/**
 * log Bernoulli(k | p) = log p for k = 1 and log(1 - p) for k = 0 (so p = 0 or 1 give
 * -Infinity only for the impossible value), -Infinity for k not in {0, 1}.
 * Partial: ∂/∂p = 1/p for k = 1, -1/(1 - p) for k = 0.
 */
export function bernoulliProbsLogProb(k: Tensor, probs: Tensor): Tensor {
  const shape = broadcastShapes(k.shape, probs.shape);
  const n = sizeOf(shape);
  const kd = operandData(k, shape),
    pd = operandData(probs, shape);
  const ks = operandStep(k),
    ps = operandStep(probs);
  const out = new Float64Array(n);
  const dp = anyTracked(probs) ? new Float64Array(n) : null;
  for (let i = 0; i < n; i++) {
    const c = kd[i * ks]!;
    const p = pd[i * ps]!;
    if (c === 1) {
      out[i] = Math.log(p);
      if (dp !== null) dp[i] = 1 / p;
    } else if (c === 0) {
      out[i] = Math.log1p(-p);
      if (dp !== null) dp[i] = -1 / (1 - p);
    } else out[i] = -Infinity;
  }
  const res = new Tensor(out, shape);
  return dp !== null ? recordFused(res, [k, probs], [null, dp]) : res;
}
