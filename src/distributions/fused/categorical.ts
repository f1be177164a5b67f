/**
 * Fused Categorical kernels over logits of shape `batch + [K]`: the log-mass of integer
 * values (a gather of the log-softmax) and the entropy, each one tape node with the gradient
 * with respect to the logits.
 * @module
 */
import { anyTracked, record } from "../../autodiff/tape.js";
import { expandTo } from "../../tensor/kernels/elementwise.js";
import { broadcastShapes, shapesEqual, sizeOf } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";

/** log Σ_j exp(l_j) of each row of length k (rows with every logit -∞ give -∞). */
function rowLogSumExp(l: Float64Array, rows: number, k: number): Float64Array {
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * k;
    let m = -Infinity;
    for (let j = 0; j < k; j++) if (l[o + j]! > m) m = l[o + j]!;
    if (m === -Infinity || m === Infinity) {
      out[r] = m;
      continue;
    }
    let s = 0;
    for (let j = 0; j < k; j++) s += Math.exp(l[o + j]! - m);
    out[r] = m + Math.log(s);
  }
  return out;
}

/**
 * log softmax(logits)[value] for integer values in [0, K), -Infinity for any other value.
 * `value` broadcasts with the batch shape `logits.shape[:-1]`. Gradient with respect to the
 * logits: onehot(value) - softmax(logits) per element, summed into each batch row.
 */
export function categoricalLogProb(value: Tensor, logits: Tensor): Tensor {
  const k = logits.shape[logits.ndim - 1]!;
  const batch = logits.shape.slice(0, -1);
  const rows = sizeOf(batch);
  const shape = broadcastShapes(value.shape, batch);
  const n = sizeOf(shape);
  const vd = value.data.length === 1 || shapesEqual(value.shape, shape) ? value.data : expandTo(value, shape).data;
  const vs = value.data.length === 1 ? 0 : 1;
  // The batch row of each output element: itself when the batch already has the output's
  // shape, else the broadcast of the row numbers.
  let rowOf: Float64Array | null = null;
  if (!shapesEqual(batch, shape)) {
    const ids = new Float64Array(rows);
    for (let r = 0; r < rows; r++) ids[r] = r;
    rowOf = expandTo(new Tensor(ids, batch), shape).data;
  }
  const ld = logits.data;
  const lse = rowLogSumExp(ld, rows, k);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = vd[i * vs]!;
    if (!(c >= 0 && c < k && Number.isInteger(c))) {
      out[i] = -Infinity;
      continue;
    }
    const r = rowOf === null ? i : rowOf[i]!;
    out[i] = ld[r * k + c]! - lse[r]!;
  }
  const res = new Tensor(out, shape);
  if (!anyTracked(logits)) return res;
  return record(res, [value, logits], (g) => {
    const gd = g.data;
    const dl = new Float64Array(ld.length);
    for (let i = 0; i < n; i++) {
      const c = vd[i * vs]!;
      if (!(c >= 0 && c < k && Number.isInteger(c))) continue;
      const r = rowOf === null ? i : rowOf[i]!;
      const o = r * k;
      const gi = gd[i]!;
      const m = lse[r]!;
      for (let j = 0; j < k; j++) dl[o + j] -= gi * Math.exp(ld[o + j]! - m);
      dl[o + c] += gi;
    }
    return [null, new Tensor(dl, logits.shape)];
  });
}

/**
 * Entropy -Σ p log p of softmax(logits) per batch row (0 · log 0 = 0 for -∞ logits).
 * Gradient: ∂H/∂l_k = -p_k (log p_k + H).
 */
export function categoricalEntropy(logits: Tensor): Tensor {
  const k = logits.shape[logits.ndim - 1]!;
  const batch = logits.shape.slice(0, -1);
  const rows = sizeOf(batch);
  const ld = logits.data;
  const lse = rowLogSumExp(ld, rows, k);
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * k;
    let h = 0;
    for (let j = 0; j < k; j++) {
      const lp = ld[o + j]! - lse[r]!;
      if (lp === -Infinity) continue;
      h -= Math.exp(lp) * lp;
    }
    out[r] = h;
  }
  const res = new Tensor(out, batch);
  if (!anyTracked(logits)) return res;
  return record(res, [logits], (g) => {
    const dl = new Float64Array(ld.length);
    for (let r = 0; r < rows; r++) {
      const o = r * k;
      for (let j = 0; j < k; j++) {
        const lp = ld[o + j]! - lse[r]!;
        if (lp === -Infinity) continue;
        dl[o + j] = -g.data[r]! * Math.exp(lp) * (lp + out[r]!);
      }
    }
    return [new Tensor(dl, logits.shape)];
  });
}
