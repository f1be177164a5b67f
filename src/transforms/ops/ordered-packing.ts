/**
 * Unconstrained vectors ↔ strictly increasing vectors, as fused differentiable ops (Stan
 * reference manual, "Ordered vector"): y_0 = x_0, y_k = y_{k-1} + exp(x_k), and back
 * x_0 = y_0, x_k = log(y_k - y_{k-1}).
 * @module
 */
import { anyTracked, record } from "../../autodiff/tape.js";
import { Tensor } from "../../tensor/tensor.js";
import { lastExtent } from "../event-shape.js";

/** x (..., K) → y (..., K) increasing. */
export function incrementsToOrdered(x: Tensor): Tensor {
  const K = lastExtent(x.shape, "OrderedTransform.forward");
  const batch = K === 0 ? 0 : x.size / K;
  const xd = x.data;
  const out = new Float64Array(x.size);
  for (let b = 0; b < batch; b++) {
    const o = b * K;
    let acc = xd[o]!;
    out[o] = acc;
    for (let k = 1; k < K; k++) {
      acc += Math.exp(xd[o + k]!);
      out[o + k] = acc;
    }
  }
  const y = new Tensor(out, x.shape);
  if (!anyTracked(x)) return y;
  return record(y, [x], (g) => {
    // y_j depends on x_k for every j ≥ k, with slope exp(x_k) (1 for k = 0): a suffix sum of g.
    const gd = g.data;
    const gx = new Float64Array(x.size);
    for (let b = 0; b < batch; b++) {
      const o = b * K;
      let tail = 0;
      for (let k = K - 1; k >= 0; k--) {
        tail += gd[o + k]!;
        gx[o + k] = k === 0 ? tail : tail * Math.exp(xd[o + k]!);
      }
    }
    return [new Tensor(gx, x.shape)];
  });
}

/** y (..., K) increasing → x (..., K), the inverse of {@link incrementsToOrdered}. */
export function orderedToIncrements(y: Tensor): Tensor {
  const K = lastExtent(y.shape, "OrderedTransform.inverse");
  const batch = K === 0 ? 0 : y.size / K;
  const yd = y.data;
  const out = new Float64Array(y.size);
  for (let b = 0; b < batch; b++) {
    const o = b * K;
    out[o] = yd[o]!;
    for (let k = 1; k < K; k++) out[o + k] = Math.log(yd[o + k]! - yd[o + k - 1]!);
  }
  const x = new Tensor(out, y.shape);
  if (!anyTracked(y)) return x;
  return record(x, [y], (g) => {
    // x_k = log(y_k - y_{k-1}) pulls g_k / d_k into y_k and pushes -g_k / d_k into y_{k-1}.
    const gd = g.data;
    const gy = new Float64Array(y.size);
    for (let b = 0; b < batch; b++) {
      const o = b * K;
      gy[o] = gd[o]!;
      for (let k = 1; k < K; k++) {
        const s = gd[o + k]! / (yd[o + k]! - yd[o + k - 1]!);
        gy[o + k] += s;
        gy[o + k - 1] -= s;
      }
    }
    return [new Tensor(gy, y.shape)];
  });
}
