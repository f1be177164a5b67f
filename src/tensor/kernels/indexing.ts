/**
 * Gather and scatter along an axis with integer index tensors (stored as floats). `take`
 * and `scatterAdd` are each other's adjoints, as are `takeAlongAxis` and `scatterAlongAxis`.
 * @module
 */
import { formatShape, normalizeAxis, sizeOf } from "../shape.js";
import { Tensor } from "../tensor.js";
import { expandTo } from "./elementwise.js";

/**
 * Check that every index is an integer in [-extent, extent) and return them made
 * non-negative. Errors name the offending index and where it was found.
 */
export function normalizeIndices(indices: Tensor, extent: number, what: string, axis: number): Int32Array {
  const src = indices.data;
  const out = new Int32Array(src.length);
  for (let j = 0; j < src.length; j++) {
    const k = src[j]!;
    if (!Number.isInteger(k)) throw new Error(`${what}: indices must be integers, got ${k} at position ${j}`);
    const r = k < 0 ? k + extent : k;
    if (r < 0 || r >= extent)
      throw new Error(`${what}: index ${k} at position ${j} is out of range for axis ${axis} of extent ${extent}`);
    out[j] = r;
  }
  return out;
}

/** Shape of `take(a, indices, axis)`: the axis replaced by the indices' shape. */
export function takeShape(shape: readonly number[], indexShape: readonly number[], axis: number): number[] {
  return [...shape.slice(0, axis), ...indexShape, ...shape.slice(axis + 1)];
}

/**
 * Gather along `axis` (already non-negative): `out[pre, j..., post] = a[pre, idx[j...], post]`,
 * with `idx` from {@link normalizeIndices}.
 */
export function takeKernel(a: Tensor, idx: Int32Array, indexShape: readonly number[], axis: number): Tensor {
  const n = a.shape[axis]!;
  const outer = sizeOf(a.shape.slice(0, axis));
  const inner = sizeOf(a.shape.slice(axis + 1));
  const m = idx.length;
  const out = new Float64Array(outer * m * inner);
  const src = a.data;
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      const ib = o * n;
      const ob = o * m;
      for (let j = 0; j < m; j++) out[ob + j] = src[ib + idx[j]!]!;
    }
  } else {
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < m; j++) {
        const from = (o * n + idx[j]!) * inner;
        out.set(src.subarray(from, from + inner), (o * m + j) * inner);
      }
    }
  }
  return new Tensor(out, takeShape(a.shape, indexShape, axis));
}

/**
 * `base` plus `updates` added at the gathered positions:
 * `out[pre, idx[j...], post] += updates[pre, j..., post]`. Repeated indices accumulate.
 * `updates` must already have the shape of `take(base, idx, axis)`.
 */
export function scatterAddKernel(base: Tensor, idx: Int32Array, updates: Tensor, axis: number): Tensor {
  const n = base.shape[axis]!;
  const outer = sizeOf(base.shape.slice(0, axis));
  const inner = sizeOf(base.shape.slice(axis + 1));
  const m = idx.length;
  const out = Float64Array.from(base.data);
  const up = updates.data;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const to = (o * n + idx[j]!) * inner;
      const from = (o * m + j) * inner;
      for (let i = 0; i < inner; i++) out[to + i] += up[from + i]!;
    }
  }
  return new Tensor(out, base.shape);
}

/** Shapes involved in `takeAlongAxis(a, indices, axis)` once the two are broadcast. */
export interface AlongAxisPlan {
  /** The axis, non-negative. */
  readonly axis: number;
  /** Shape of the result (and of the broadcast indices). */
  readonly outShape: number[];
  /** Shape of `a` broadcast against the indices on every axis but `axis`. */
  readonly srcShape: number[];
}

/**
 * Check and combine the shapes of `takeAlongAxis`: same number of dimensions; on every axis
 * but `axis` the extents are equal or one of them is 1 (NumPy's rule).
 */
export function planAlongAxis(
  shape: readonly number[],
  indexShape: readonly number[],
  axis: number,
  what: string,
): AlongAxisPlan {
  const nd = shape.length;
  if (indexShape.length !== nd)
    throw new Error(
      `${what}: indices must have as many dimensions as the tensor (${nd}), got shape ${formatShape(indexShape)} for ${formatShape(shape)}`,
    );
  const ax = normalizeAxis(axis, nd, `${what}: axis`);
  const outShape: number[] = [];
  const srcShape: number[] = [];
  for (let d = 0; d < nd; d++) {
    const s = shape[d]!;
    const k = indexShape[d]!;
    if (d === ax) {
      outShape.push(k);
      srcShape.push(s);
      continue;
    }
    if (s !== k && s !== 1 && k !== 1)
      throw new Error(
        `${what}: indices of shape ${formatShape(indexShape)} do not broadcast against ${formatShape(shape)} on axis ${d}`,
      );
    const e = s === 1 ? k : s;
    outShape.push(e);
    srcShape.push(e);
  }
  return { axis: ax, outShape, srcShape };
}

/**
 * Gather one element along `axis` per index: `out[..., j, ...] = a[..., idx[..., j, ...], ...]`.
 * `a` must have shape `plan.srcShape` and `idx` (normalised) shape `plan.outShape`.
 */
export function takeAlongAxisKernel(a: Tensor, idx: Int32Array, plan: AlongAxisPlan): Tensor {
  const { axis, outShape } = plan;
  const n = a.shape[axis]!;
  const m = outShape[axis]!;
  const outer = sizeOf(outShape.slice(0, axis));
  const inner = sizeOf(outShape.slice(axis + 1));
  const out = new Float64Array(outer * m * inner);
  const src = a.data;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const p = (o * m + j) * inner;
      for (let i = 0; i < inner; i++) out[p + i] = src[(o * n + idx[p + i]!) * inner + i]!;
    }
  }
  return new Tensor(out, outShape.slice());
}

/**
 * The adjoint of {@link takeAlongAxisKernel}: a zero tensor of shape `plan.srcShape` with
 * `g` added at the gathered positions.
 */
export function scatterAlongAxisKernel(g: Tensor, idx: Int32Array, plan: AlongAxisPlan): Tensor {
  const { axis, outShape, srcShape } = plan;
  const n = srcShape[axis]!;
  const m = outShape[axis]!;
  const outer = sizeOf(outShape.slice(0, axis));
  const inner = sizeOf(outShape.slice(axis + 1));
  const out = new Float64Array(sizeOf(srcShape));
  const gd = g.data;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < m; j++) {
      const p = (o * m + j) * inner;
      for (let i = 0; i < inner; i++) out[(o * n + idx[p + i]!) * inner + i] += gd[p + i]!;
    }
  }
  return new Tensor(out, srcShape.slice());
}

/** Broadcast `indices` to `plan.outShape` and normalise them. */
export function alongAxisIndices(indices: Tensor, plan: AlongAxisPlan, extent: number, what: string): Int32Array {
  return normalizeIndices(expandTo(indices, plan.outShape), extent, what, plan.axis);
}
