/**
 * Stick-breaking between R^{K-1} and the unit simplex in R^K, as fused differentiable ops
 * (Stan reference manual, "Unit simplex": the stick-breaking transform).
 *
 * With u_k = x_k - log(K - 1 - k) (k = 0..K-2), break off the fraction z_k = sigmoid(u_k) of
 * what is left: y_k = z_k · r_k, r_{k+1} = r_k (1 - z_k), r_0 = 1, y_{K-1} = r_{K-1}. The
 * offset makes x = 0 map to the uniform simplex (z_k = 1/(K - k)). Everything is carried in
 * log space (log z = logσ(u), log(1 - z) = logσ(-u)), so extreme x still give entries that
 * are non-negative and sum to one.
 * @module
 */
import { anyTracked, record } from "../../autodiff/tape.js";
import { sigmoidScalar } from "../../autodiff/index.js";
import { Tensor } from "../../tensor/tensor.js";
import { lastExtent } from "../event-shape.js";
import { softplus as softplusScalar } from "../../tensor/special.js";

/** log(K - 1 - k) for k = 0..K-2: Stan's offsets, so that zero maps to the uniform simplex. */
export function stickBreakingOffsets(K: number): Float64Array {
  const o = new Float64Array(Math.max(K - 1, 0));
  for (let k = 0; k < K - 1; k++) o[k] = Math.log(K - 1 - k);
  return o;
}

/** x (..., K-1) → y (..., K) on the simplex. */
export function stickBreak(x: Tensor): Tensor {
  const m = lastExtent(x.shape, "StickBreakingTransform.forward");
  const K = m + 1;
  const batch = leadingSize(x);
  const off = stickBreakingOffsets(K);
  const xd = x.data;
  const out = new Float64Array(batch * K);
  for (let b = 0; b < batch; b++) {
    const xo = b * m;
    const yo = b * K;
    let logRest = 0;
    for (let k = 0; k < m; k++) {
      const u = xd[xo + k]! - off[k]!;
      out[yo + k] = Math.exp(logRest - softplusScalar(-u));
      logRest -= softplusScalar(u);
    }
    out[yo + m] = Math.exp(logRest);
  }
  const y = new Tensor(out, [...x.shape.slice(0, -1), K]);
  if (!anyTracked(x)) return y;
  return record(y, [x], (g) => {
    // ∂y_k/∂u_k = y_k (1 - z_k); later entries scale with r, and ∂log r/∂u_k = -z_k, so
    // g_u_k = g_k y_k (1 - z_k) - z_k Σ_{j>k} g_j y_j, a suffix sum.
    const gd = g.data;
    const gx = new Float64Array(x.size);
    for (let b = 0; b < batch; b++) {
      const xo = b * m;
      const yo = b * K;
      let tail = gd[yo + m]! * out[yo + m]!;
      for (let k = m - 1; k >= 0; k--) {
        const u = xd[xo + k]! - off[k]!;
        const gy = gd[yo + k]! * out[yo + k]!;
        gx[xo + k] = gy * sigmoidScalar(-u) - sigmoidScalar(u) * tail;
        tail += gy;
      }
    }
    return [new Tensor(gx, x.shape)];
  });
}

/**
 * y (..., K) → x (..., K-1), the inverse of {@link stickBreak}: z_k = y_k / r_k with the
 * remaining mass r_{k+1} = Σ_{j>k} y_j summed from the right (accurate when it is tiny), so
 * x_k = log y_k - log r_{k+1} + log(K - 1 - k).
 */
export function stickUnbreak(y: Tensor): Tensor {
  const K = lastExtent(y.shape, "StickBreakingTransform.inverse");
  if (K < 1)
    throw new Error(
      `StickBreakingTransform.inverse: a simplex needs at least 1 entry, got shape [${y.shape.join(", ")}]`,
    );
  const m = K - 1;
  const batch = leadingSize(y);
  const off = stickBreakingOffsets(K);
  const yd = y.data;
  const out = new Float64Array(batch * m);
  const rest = new Float64Array(K);
  for (let b = 0; b < batch; b++) {
    const xo = b * m;
    const yo = b * K;
    suffixSums(yd, yo, K, rest);
    for (let k = 0; k < m; k++) out[xo + k] = Math.log(yd[yo + k]!) - Math.log(rest[k + 1]!) + off[k]!;
  }
  const x = new Tensor(out, [...y.shape.slice(0, -1), m]);
  if (!anyTracked(y)) return x;
  return record(x, [y], (g) => {
    // ∂x_k/∂y_j = [j = k]/y_k - [j > k]/r_{k+1}: a prefix sum of g_k / r_{k+1}.
    const gd = g.data;
    const gy = new Float64Array(y.size);
    const restB = new Float64Array(K);
    for (let b = 0; b < batch; b++) {
      const xo = b * m;
      const yo = b * K;
      suffixSums(yd, yo, K, restB);
      let head = 0;
      for (let j = 0; j < K; j++) {
        let v = -head;
        if (j < m) {
          v += gd[xo + j]! / yd[yo + j]!;
          head += gd[xo + j]! / restB[j + 1]!;
        }
        gy[yo + j] = v;
      }
    }
    return [new Tensor(gy, y.shape)];
  });
}

/** s[j] = Σ_{k ≥ j} d[off + k] for j = 0..K-1. */
function suffixSums(d: Float64Array, off: number, K: number, s: Float64Array): void {
  let acc = 0;
  for (let k = K - 1; k >= 0; k--) {
    acc += d[off + k]!;
    s[k] = acc;
  }
}

/** Number of events: the product of all but the last axis. */
function leadingSize(t: Tensor): number {
  let s = 1;
  for (let i = 0; i < t.ndim - 1; i++) s *= t.shape[i]!;
  return s;
}
