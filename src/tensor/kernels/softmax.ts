/**
 * Log-sum-exp, softmax and log-softmax, computed stably by subtracting the maximum of each
 * group before exponentiating (so `logsumexp([1000, 1000])` is `1000 + log 2`, not Infinity),
 * and the fused backward passes of softmax and log-softmax.
 * @module
 */
import { normalizeAxis } from "../shape.js";
import { Tensor } from "../tensor.js";
import { type Axes, type AxisView, axisView, fromAxisView, normalizeAxes, reducedShape } from "./reduce.js";

// log Σ exp over the middle axis of a view. A group whose maximum is ±Infinity has that
// value as its answer (exp(x - max) would be NaN); a NaN anywhere gives NaN.
function logsumexpView(v: AxisView): Float64Array {
  const { data, outer, n, inner } = v;
  const out = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const first = o * n * inner + i;
      let m = -Infinity;
      for (let k = 0, p = first; k < n; k++, p += inner) {
        const x = data[p]!;
        if (x > m || x !== x) m = x;
      }
      if (m === Infinity || m === -Infinity || m !== m) {
        out[o * inner + i] = m;
        continue;
      }
      let s = 0;
      for (let k = 0, p = first; k < n; k++, p += inner) s += Math.exp(data[p]! - m);
      out[o * inner + i] = m + Math.log(s);
    }
  }
  return out;
}

/** log Σ exp(a) over `axes` (all when undefined), without overflow. */
export function logsumexpKernel(a: Tensor, axes?: Axes, keepDims = false): Tensor {
  const ax = normalizeAxes(axes, a.ndim, "logsumexp");
  return new Tensor(logsumexpView(axisView(a, ax)), reducedShape(a.shape, ax, keepDims));
}

/** `[outer, n, inner]` view of `a` for one axis (a view, never a copy). */
function singleAxisView(a: Tensor, axis: number, what: string): AxisView {
  if (a.ndim === 0) throw new Error(`${what}: expected a tensor with at least 1 dimension, got a scalar`);
  return axisView(a, [normalizeAxis(axis, a.ndim, `${what}: axis`)]);
}

/**
 * Softmax (`log` false) or log-softmax (`log` true) along `axis`: per group, max subtracted,
 * exponentiated, normalised. A group holding +Infinity puts all its mass there.
 */
function softmaxLike(a: Tensor, axis: number, log: boolean, what: string): Tensor {
  const { data, outer, n, inner } = singleAxisView(a, axis, what);
  const out = new Float64Array(data.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const first = o * n * inner + i;
      let m = -Infinity;
      for (let k = 0, p = first; k < n; k++, p += inner) {
        const x = data[p]!;
        if (x > m || x !== x) m = x;
      }
      // all -Infinity: every entry is equally (im)probable; the result is undefined (NaN)
      // in exact arithmetic, and we keep that rather than invent a distribution.
      const shift = m === Infinity || m === -Infinity ? 0 : m;
      let s = 0;
      for (let k = 0, p = first; k < n; k++, p += inner) {
        const x = data[p]!;
        const e = m === Infinity ? (x === Infinity ? 1 : 0) : Math.exp(x - shift);
        out[p] = e;
        s += e;
      }
      if (log) {
        const ls = Math.log(s);
        for (let k = 0, p = first; k < n; k++, p += inner) {
          const x = data[p]!;
          out[p] = m === Infinity ? Math.log(out[p]! / s) : x - shift - ls;
        }
      } else {
        const inv = 1 / s;
        for (let k = 0, p = first; k < n; k++, p += inner) out[p] = out[p]! * inv;
      }
    }
  }
  return new Tensor(out, a.shape);
}

/** exp(a) / Σ exp(a) along `axis`, stably. */
export function softmaxKernel(a: Tensor, axis = -1): Tensor {
  return softmaxLike(a, axis, false, "softmax");
}

/** a - logsumexp(a) along `axis`, stably. */
export function logSoftmaxKernel(a: Tensor, axis = -1): Tensor {
  return softmaxLike(a, axis, true, "logSoftmax");
}

/**
 * Backward of softmax with output `y`: `dx = y ⊙ (g - Σ_axis g ⊙ y)`, one pass per group
 * with no intermediate tensors.
 */
export function softmaxBackwardKernel(y: Tensor, g: Tensor, axis: number): Tensor {
  const { data: yd, outer, n, inner } = singleAxisView(y, axis, "softmax");
  const gd = g.data;
  const out = new Float64Array(yd.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const first = o * n * inner + i;
      let dot = 0;
      for (let k = 0, p = first; k < n; k++, p += inner) dot += gd[p]! * yd[p]!;
      for (let k = 0, p = first; k < n; k++, p += inner) out[p] = yd[p]! * (gd[p]! - dot);
    }
  }
  return new Tensor(out, y.shape);
}

/**
 * Backward of log-softmax with output `y`: `dx = g - exp(y) Σ_axis g`, one pass per group.
 */
export function logSoftmaxBackwardKernel(y: Tensor, g: Tensor, axis: number): Tensor {
  const { data: yd, outer, n, inner } = singleAxisView(y, axis, "logSoftmax");
  const gd = g.data;
  const out = new Float64Array(yd.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const first = o * n * inner + i;
      let s = 0;
      for (let k = 0, p = first; k < n; k++, p += inner) s += gd[p]!;
      for (let k = 0, p = first; k < n; k++, p += inner) out[p] = gd[p]! - Math.exp(yd[p]!) * s;
    }
  }
  return new Tensor(out, y.shape);
}

/**
 * Backward of logsumexp over `axes`: `dx = g · exp(x - lse)` (the softmax of each group),
 * with `lse` and `g` holding one value per group in reduced order.
 */
export function logsumexpBackwardKernel(a: Tensor, lse: Tensor, g: Tensor, axes: readonly number[]): Tensor {
  const { data, outer, n, inner } = axisView(a, axes);
  const ld = lse.data;
  const gd = g.data;
  const out = new Float64Array(data.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const r = o * inner + i;
      const l = ld[r]!;
      const gi = gd[r]!;
      const first = o * n * inner + i;
      // a group of all -Infinity has lse -Infinity and no weight anywhere
      if (l === -Infinity) continue;
      for (let k = 0, p = first; k < n; k++, p += inner) out[p] = gi * Math.exp(data[p]! - l);
    }
  }
  return fromAxisView(out, a, axes);
}
