/**
 * Scans (running reductions) along one axis.
 * @module
 */
import { normalizeAxis, sizeOf } from "../shape.js";
import { Tensor } from "../tensor.js";

/**
 * Running sum along `axis`: `out[..., k, ...] = Σ_{j ≤ k} a[..., j, ...]`; with `reverse`,
 * the sum over `j ≥ k` instead (which is the adjoint of the forward scan).
 */
export function cumsumKernel(a: Tensor, axis: number, reverse = false): Tensor {
  if (a.ndim === 0) return new Tensor(Float64Array.from(a.data), a.shape);
  const ax = normalizeAxis(axis, a.ndim, "cumsum: axis");
  const n = a.shape[ax]!;
  const outer = sizeOf(a.shape.slice(0, ax));
  const inner = sizeOf(a.shape.slice(ax + 1));
  const src = a.data;
  const out = new Float64Array(src.length);
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    for (let i = 0; i < inner; i++) {
      let s = 0;
      if (reverse) {
        for (let k = n - 1, p = base + k * inner + i; k >= 0; k--, p -= inner) out[p] = s += src[p]!;
      } else {
        for (let k = 0, p = base + i; k < n; k++, p += inner) out[p] = s += src[p]!;
      }
    }
  }
  return new Tensor(out, a.shape);
}
