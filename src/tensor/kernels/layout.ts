/**
 * Layout kernels: reshape, axis permutation, slicing, concatenation, flipping, and the shape
 * arithmetic of squeeze / expandDims. All but reshape copy (tensors are contiguous).
 * @module
 */
import { checkShape, formatShape, normalizeAxis, sizeOf, stridesOf } from "../shape.js";
import { Tensor } from "../tensor.js";

/** The same values with a new shape; one extent may be -1 (inferred). Shares the data. */
export function reshapeKernel(a: Tensor, shape: readonly number[]): Tensor {
  const s = shape.slice();
  const infer = s.indexOf(-1);
  if (infer >= 0) {
    if (s.indexOf(-1, infer + 1) >= 0) throw new Error(`reshape: only one extent may be -1, got ${formatShape(shape)}`);
    const rest = sizeOf(s.filter((_, i) => i !== infer));
    if (rest === 0 || a.size % rest !== 0)
      throw new Error(`reshape: cannot infer the -1 extent of ${formatShape(shape)} for ${a.size} values`);
    s[infer] = a.size / rest;
  }
  checkShape(s);
  if (sizeOf(s) !== a.size)
    throw new Error(`reshape: cannot reshape ${formatShape(a.shape)} (${a.size} values) to ${formatShape(shape)}`);
  return new Tensor(a.data, s);
}

/** Permute axes: `out.shape[i] = a.shape[perm[i]]`. Default reverses the axes. */
export function transposeKernel(a: Tensor, perm?: readonly number[]): Tensor {
  const nd = a.ndim;
  const p = perm ?? Array.from({ length: nd }, (_, i) => nd - 1 - i);
  if (p.length !== nd || new Set(p).size !== nd || p.some((x) => !Number.isInteger(x) || x < 0 || x >= nd))
    throw new Error(`transpose: ${formatShape(p)} is not a permutation of the ${nd} axes of ${formatShape(a.shape)}`);
  const outShape = p.map((i) => a.shape[i]!);
  const inStrides = stridesOf(a.shape);
  const st = p.map((i) => inStrides[i]!);
  const out = new Float64Array(a.size);
  const src = a.data;
  if (nd === 2) {
    const [r, c] = outShape as [number, number];
    const s0 = st[0]!,
      s1 = st[1]!;
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[i * c + j] = src[i * s0 + j * s1]!;
    return new Tensor(out, outShape);
  }
  const counter = new Array<number>(nd).fill(0);
  let off = 0;
  for (let o = 0; o < out.length; o++) {
    out[o] = src[off]!;
    for (let d = nd - 1; d >= 0; d--) {
      counter[d]!++;
      off += st[d]!;
      if (counter[d]! < outShape[d]!) break;
      off -= st[d]! * outShape[d]!;
      counter[d] = 0;
    }
  }
  return new Tensor(out, outShape);
}

/** The inverse of a permutation. */
export function invertPermutation(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

/**
 * Which elements of one axis to keep: `start` (inclusive) to `stop` (exclusive) by `step`,
 * with Python's rules — negative values count from the end, bounds are clipped to the axis,
 * and a negative step walks backwards (then the defaults are the last and before-the-first
 * element). `null` or a missing entry keeps the whole axis.
 */
export interface SliceRange {
  readonly start?: number | null;
  readonly stop?: number | null;
  readonly step?: number | null;
}

/** A slice resolved against a shape: first index, step and count per axis. */
export interface ResolvedSlice {
  readonly starts: number[];
  readonly steps: number[];
  readonly shape: number[];
}

function checkInteger(v: number, what: string): void {
  if (!Number.isInteger(v)) throw new Error(`${what} must be an integer, got ${v}`);
}

/** One axis of a slice, resolved like Python's `slice.indices(extent)`. */
function resolveRange(r: SliceRange | null | undefined, extent: number, axis: number): [number, number, number] {
  const step = r?.step ?? 1;
  checkInteger(step, `slice: step on axis ${axis}`);
  if (step === 0) throw new Error(`slice: step on axis ${axis} must not be 0`);
  const clip = (v: number | null | undefined, name: string, dflt: number, lo: number, hi: number): number => {
    if (v === null || v === undefined) return dflt;
    checkInteger(v, `slice: ${name} on axis ${axis}`);
    const x = v < 0 ? v + extent : v;
    return x < lo ? lo : x > hi ? hi : x;
  };
  let start: number;
  let stop: number;
  if (step > 0) {
    start = clip(r?.start, "start", 0, 0, extent);
    stop = clip(r?.stop, "stop", extent, 0, extent);
  } else {
    start = clip(r?.start, "start", extent - 1, -1, extent - 1);
    stop = clip(r?.stop, "stop", -1, -1, extent - 1);
  }
  const count =
    step > 0 ? Math.max(0, Math.ceil((stop - start) / step)) : Math.max(0, Math.ceil((start - stop) / -step));
  return [start, step, count];
}

/** Resolve per-axis ranges against `shape`; axes beyond `ranges` are kept whole. */
export function resolveSlice(
  shape: readonly number[],
  ranges: readonly (SliceRange | null | undefined)[],
): ResolvedSlice {
  if (ranges.length > shape.length)
    throw new Error(`slice: ${ranges.length} ranges given for a tensor of shape ${formatShape(shape)}`);
  const starts: number[] = [];
  const steps: number[] = [];
  const out: number[] = [];
  for (let d = 0; d < shape.length; d++) {
    const [start, step, count] = resolveRange(ranges[d], shape[d]!, d);
    starts.push(start);
    steps.push(step);
    out.push(count);
  }
  return { starts, steps, shape: out };
}

/**
 * Walk the elements selected by a resolved slice of a tensor of shape `inShape`, calling
 * `body(inOffset, outOffset, count, inStride)` once per innermost row.
 */
function walkSlice(
  inShape: readonly number[],
  s: ResolvedSlice,
  body: (inOff: number, outOff: number, count: number, inStride: number) => void,
): void {
  const nd = inShape.length;
  const total = sizeOf(s.shape);
  if (total === 0) return;
  if (nd === 0) {
    body(0, 0, 1, 0);
    return;
  }
  const strides = stridesOf(inShape);
  const step = strides.map((st, d) => st * s.steps[d]!);
  let off = 0;
  for (let d = 0; d < nd; d++) off += s.starts[d]! * strides[d]!;
  const inner = s.shape[nd - 1]!;
  const counter = new Array<number>(nd).fill(0);
  for (let o = 0; o < total; o += inner) {
    body(off, o, inner, step[nd - 1]!);
    for (let d = nd - 2; d >= 0; d--) {
      counter[d]!++;
      off += step[d]!;
      if (counter[d]! < s.shape[d]!) break;
      off -= step[d]! * s.shape[d]!;
      counter[d] = 0;
    }
  }
}

/** Copy out the elements selected by a resolved slice. */
export function sliceKernel(a: Tensor, s: ResolvedSlice): Tensor {
  const out = new Float64Array(sizeOf(s.shape));
  const src = a.data;
  // a plain loop, not out.set(src.subarray(…)): a subarray is an allocation, and of a small
  // (on-heap) array a costly one (V8 first moves its data off the heap)
  walkSlice(a.shape, s, (inOff, o, n, st) => {
    for (let j = 0; j < n; j++) out[o + j] = src[inOff + j * st]!;
  });
  return new Tensor(out, s.shape.slice());
}

/**
 * The adjoint of {@link sliceKernel}: a zero tensor of shape `inShape` with `g` written at
 * the sliced positions (which are distinct, so writing is adding).
 */
export function unsliceKernel(g: Tensor, inShape: readonly number[], s: ResolvedSlice): Tensor {
  const out = new Float64Array(sizeOf(inShape));
  const src = g.data;
  walkSlice(inShape, s, (inOff, o, n, st) => {
    for (let j = 0; j < n; j++) out[inOff + j * st] = src[o + j]!;
  });
  return new Tensor(out, inShape.slice());
}

/** Reverse the order of elements along `axes` (sorted, non-negative). */
export function flipKernel(a: Tensor, axes: readonly number[]): Tensor {
  const ranges = a.shape.map((_, d) => (axes.includes(d) ? { step: -1 } : null));
  return sliceKernel(a, resolveSlice(a.shape, ranges));
}

/**
 * Join tensors along an existing axis. Every tensor must have the same number of dimensions
 * and the same extents on the other axes.
 */
export function concatKernel(tensors: readonly Tensor[], axis: number): Tensor {
  if (tensors.length === 0) throw new Error("concat: expected at least one tensor, got none");
  const first = tensors[0]!;
  const nd = first.ndim;
  if (nd === 0) throw new Error("concat: cannot concatenate 0-dimensional tensors; use stack");
  const ax = normalizeAxis(axis, nd, "concat: axis");
  let total = 0;
  for (let t = 0; t < tensors.length; t++) {
    const s = tensors[t]!.shape;
    const same = s.length === nd && s.every((d, i) => i === ax || d === first.shape[i]);
    if (!same)
      throw new Error(
        `concat: tensor ${t} has shape ${formatShape(s)}, incompatible with ${formatShape(first.shape)} along axis ${ax}`,
      );
    total += s[ax]!;
  }
  const outer = sizeOf(first.shape.slice(0, ax));
  const inner = sizeOf(first.shape.slice(ax + 1));
  const outShape = first.shape.slice();
  outShape[ax] = total;
  const out = new Float64Array(outer * total * inner);
  let offset = 0;
  for (const t of tensors) {
    const block = t.shape[ax]! * inner;
    const src = t.data;
    for (let o = 0; o < outer; o++) out.set(src.subarray(o * block, (o + 1) * block), o * total * inner + offset);
    offset += block;
  }
  return new Tensor(out, outShape);
}

/** Cut `a` along `axis` into consecutive pieces of the given extents (the adjoint of concat). */
export function splitKernel(a: Tensor, axis: number, sizes: readonly number[]): Tensor[] {
  const ax = normalizeAxis(axis, a.ndim, "split: axis");
  const total = sizes.reduce((x, y) => x + y, 0);
  if (total !== a.shape[ax] || sizes.some((s) => !Number.isInteger(s) || s < 0))
    throw new Error(`split: sizes ${formatShape(sizes)} do not partition axis ${ax} of shape ${formatShape(a.shape)}`);
  const outer = sizeOf(a.shape.slice(0, ax));
  const inner = sizeOf(a.shape.slice(ax + 1));
  const src = a.data;
  let offset = 0;
  return sizes.map((n) => {
    const block = n * inner;
    const out = new Float64Array(outer * block);
    for (let o = 0; o < outer; o++)
      out.set(src.subarray(o * total * inner + offset, o * total * inner + offset + block), o * block);
    offset += block;
    const shape = a.shape.slice();
    shape[ax] = n;
    return new Tensor(out, shape);
  });
}

/**
 * The shape with the given axes (of extent 1) removed; all extent-1 axes when `axes` is
 * undefined.
 */
export function squeezeShape(shape: readonly number[], axes?: number | readonly number[]): number[] {
  if (axes === undefined) return shape.filter((d) => d !== 1);
  const list = (typeof axes === "number" ? [axes] : axes).map((a) => normalizeAxis(a, shape.length, "squeeze: axis"));
  for (let i = 0; i < list.length; i++) {
    if (shape[list[i]!] !== 1)
      throw new Error(
        `squeeze: axis ${list[i]} of shape ${formatShape(shape)} has extent ${shape[list[i]!]}, expected 1`,
      );
  }
  return shape.filter((_, i) => !list.includes(i));
}

/**
 * The shape with new extent-1 axes inserted so that they sit at positions `axes` of the
 * result (negative positions count from the end of the result, as in NumPy).
 */
export function expandDimsShape(shape: readonly number[], axes: number | readonly number[]): number[] {
  const list = typeof axes === "number" ? [axes] : axes;
  const nd = shape.length + list.length;
  const pos = list.map((a) => normalizeAxis(a, nd, "expandDims: axis"));
  if (new Set(pos).size !== pos.length) throw new Error(`expandDims: axes ${formatShape(list)} repeat a position`);
  const out: number[] = [];
  let k = 0;
  for (let i = 0; i < nd; i++) out.push(pos.includes(i) ? 1 : shape[k++]!);
  return out;
}
