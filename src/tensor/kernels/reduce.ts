/**
 * Reductions over axes, and the reduction of a broadcast result back to an operand's shape
 * (which every broadcasting op's gradient needs).
 *
 * Every reduction sees its input as a 3-D block `[outer, n, inner]` whose middle axis holds
 * the reduced elements (see {@link axisView}), so the loops below are plain strided loops
 * over a Float64Array with no per-element callbacks.
 * @module
 */
import { broadcastShapes, formatShape, normalizeAxis, shapesEqual, sizeOf } from "../shape.js";
import { Tensor } from "../tensor.js";
import { invertPermutation, transposeKernel } from "./layout.js";

/** Axes to reduce, as given by a user: one axis, several, or all when undefined. */
export type Axes = number | readonly number[] | undefined;

/**
 * Sorted, non-negative axes. Negative axes count from the end; an axis out of range or given
 * twice is an error naming it (`what` prefixes the message, e.g. "sum").
 */
export function normalizeAxes(axes: Axes, ndim: number, what = "reduce"): number[] {
  if (axes === undefined) return Array.from({ length: ndim }, (_, i) => i);
  if (typeof axes !== "number" && !Array.isArray(axes))
    throw new Error(`${what}: axes must be a number or an array of numbers, got ${JSON.stringify(axes)}`);
  const list: readonly number[] = typeof axes === "number" ? [axes] : axes;
  const out = list.map((a) => normalizeAxis(a, ndim, `${what}: axis`));
  const seen = new Set<number>();
  for (let i = 0; i < out.length; i++) {
    if (seen.has(out[i]!)) throw new Error(`${what}: axis ${list[i]} is repeated in ${formatShape(list)}`);
    seen.add(out[i]!);
  }
  return out.sort((x, y) => x - y);
}

/** Shape after reducing `axes` (kept as extent 1 when `keepDims`). */
export function reducedShape(shape: readonly number[], axes: readonly number[], keepDims: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (axes.includes(i)) {
      if (keepDims) out.push(1);
    } else out.push(shape[i]!);
  }
  return out;
}

/**
 * A tensor seen as a row-major block `[outer, n, inner]`: `n` is the number of elements
 * reduced together, `outer × inner` the number of results, laid out in the order of the
 * reduced shape.
 */
export interface AxisView {
  readonly data: Float64Array;
  readonly outer: number;
  readonly n: number;
  readonly inner: number;
}

function isContiguous(axes: readonly number[]): boolean {
  return axes.length === 0 || axes[axes.length - 1]! - axes[0]! + 1 === axes.length;
}

// Kept axes first, reduced axes last: the order a scattered reduction is copied into.
function keptThenReduced(ndim: number, axes: readonly number[]): number[] {
  const kept: number[] = [];
  for (let i = 0; i < ndim; i++) if (!axes.includes(i)) kept.push(i);
  return [...kept, ...axes];
}

/**
 * The `[outer, n, inner]` view of `a` for reducing the sorted axes `axes`. Consecutive axes
 * are a view of the data as is; scattered axes are first moved to the end (one copy), so the
 * results still come out in row-major order of the kept axes.
 */
export function axisView(a: Tensor, axes: readonly number[]): AxisView {
  const shape = a.shape;
  if (axes.length === 0) return { data: a.data, outer: a.size, n: 1, inner: 1 };
  const first = axes[0]!;
  const last = axes[axes.length - 1]!;
  if (isContiguous(axes)) {
    return {
      data: a.data,
      outer: sizeOf(shape.slice(0, first)),
      n: sizeOf(shape.slice(first, last + 1)),
      inner: sizeOf(shape.slice(last + 1)),
    };
  }
  const perm = keptThenReduced(a.ndim, axes);
  const moved = transposeKernel(a, perm);
  const outer = sizeOf(perm.slice(0, perm.length - axes.length).map((i) => shape[i]!));
  return { data: moved.data, outer, n: sizeOf(axes.map((i) => shape[i]!)), inner: 1 };
}

/**
 * The inverse of {@link axisView}: values laid out like `axisView(a, axes).data`, returned
 * as a tensor of `a`'s shape and layout. Backward passes of reductions compute in the view
 * and come back through this.
 */
export function fromAxisView(data: Float64Array, a: Tensor, axes: readonly number[]): Tensor {
  if (isContiguous(axes)) return new Tensor(data, a.shape);
  const perm = keptThenReduced(a.ndim, axes);
  const moved = new Tensor(
    data,
    perm.map((i) => a.shape[i]!),
  );
  return transposeKernel(moved, invertPermutation(perm));
}

function sumView(v: AxisView): Float64Array {
  const { data, outer, n, inner } = v;
  const out = new Float64Array(outer * inner);
  if (inner === 1) {
    for (let o = 0; o < outer; o++) {
      let s = 0;
      const base = o * n;
      for (let k = 0; k < n; k++) s += data[base + k]!;
      out[o] = s;
    }
    return out;
  }
  for (let o = 0; o < outer; o++) {
    const ob = o * inner;
    for (let k = 0; k < n; k++) {
      const base = (o * n + k) * inner;
      for (let i = 0; i < inner; i++) out[ob + i] += data[base + i]!;
    }
  }
  return out;
}

function prodView(v: AxisView): Float64Array {
  const { data, outer, n, inner } = v;
  const out = new Float64Array(outer * inner).fill(1);
  for (let o = 0; o < outer; o++) {
    const ob = o * inner;
    for (let k = 0; k < n; k++) {
      const base = (o * n + k) * inner;
      for (let i = 0; i < inner; i++) out[ob + i] *= data[base + i]!;
    }
  }
  return out;
}

// The extreme of each group; NaN wins, as in NumPy's max/min. `sign` = 1 for max, -1 for min.
function extremeView(v: AxisView, sign: 1 | -1): Float64Array {
  const { data, outer, n, inner } = v;
  const out = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let pos = o * n * inner + i;
      let m = data[pos]!;
      for (let k = 1; k < n; k++) {
        pos += inner;
        const x = data[pos]!;
        if (sign * (x - m) > 0 || x !== x) m = x;
        if (m !== m) break;
      }
      out[o * inner + i] = m;
    }
  }
  return out;
}

function checkNonEmpty(v: AxisView, what: string, shape: readonly number[], axes: readonly number[]): void {
  if (v.n === 0 && v.outer * v.inner > 0)
    throw new Error(`${what}: cannot reduce over empty axes ${formatShape(axes)} of shape ${formatShape(shape)}`);
}

/** Sum over `axes` (all when undefined). */
export function sumKernel(a: Tensor, axes?: Axes, keepDims = false): Tensor {
  if (axes === undefined && !keepDims) {
    const d = a.data;
    let s = 0;
    for (let i = 0; i < d.length; i++) s += d[i]!;
    const out = new Float64Array(1);
    out[0] = s;
    return new Tensor(out, []);
  }
  const ax = normalizeAxes(axes, a.ndim, "sum");
  return new Tensor(sumView(axisView(a, ax)), reducedShape(a.shape, ax, keepDims));
}

/** Product over `axes` (all when undefined); the product of nothing is 1. */
export function prodKernel(a: Tensor, axes?: Axes, keepDims = false): Tensor {
  const ax = normalizeAxes(axes, a.ndim, "prod");
  return new Tensor(prodView(axisView(a, ax)), reducedShape(a.shape, ax, keepDims));
}

/** Largest element over `axes` (all when undefined); NaN if any reduced element is NaN. */
export function maxKernel(a: Tensor, axes?: Axes, keepDims = false): Tensor {
  const ax = normalizeAxes(axes, a.ndim, "max");
  const v = axisView(a, ax);
  checkNonEmpty(v, "max", a.shape, ax);
  return new Tensor(extremeView(v, 1), reducedShape(a.shape, ax, keepDims));
}

/** Smallest element over `axes` (all when undefined); NaN if any reduced element is NaN. */
export function minKernel(a: Tensor, axes?: Axes, keepDims = false): Tensor {
  const ax = normalizeAxes(axes, a.ndim, "min");
  const v = axisView(a, ax);
  checkNonEmpty(v, "min", a.shape, ax);
  return new Tensor(extremeView(v, -1), reducedShape(a.shape, ax, keepDims));
}

// Index of the extreme along the middle axis; the first one on ties, the first NaN if any.
function argExtremeView(v: AxisView, sign: 1 | -1): Float64Array {
  const { data, outer, n, inner } = v;
  const out = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let pos = o * n * inner + i;
      let m = data[pos]!;
      let best = 0;
      for (let k = 1; k < n && m === m; k++) {
        pos += inner;
        const x = data[pos]!;
        if (sign * (x - m) > 0 || x !== x) {
          m = x;
          best = k;
        }
      }
      out[o * inner + i] = best;
    }
  }
  return out;
}

function argExtreme(a: Tensor, axis: number | undefined, keepDims: boolean, sign: 1 | -1, what: string): Tensor {
  if (axis === undefined) {
    if (a.size === 0) throw new Error(`${what}: cannot take the ${what} of an empty tensor`);
    const r = argExtremeView({ data: a.data, outer: 1, n: a.size, inner: 1 }, sign);
    return new Tensor(r, keepDims ? a.shape.map(() => 1) : []);
  }
  const ax = [normalizeAxis(axis, a.ndim, `${what}: axis`)];
  const v = axisView(a, ax);
  checkNonEmpty(v, what, a.shape, ax);
  return new Tensor(argExtremeView(v, sign), reducedShape(a.shape, ax, keepDims));
}

/**
 * Index of the largest element along `axis` (of the flattened tensor when undefined), as a
 * float tensor. Ties go to the first index; a NaN counts as the largest, as in NumPy.
 */
export function argmaxKernel(a: Tensor, axis?: number, keepDims = false): Tensor {
  return argExtreme(a, axis, keepDims, 1, "argmax");
}

/** Index of the smallest element along `axis`; the counterpart of {@link argmaxKernel}. */
export function argminKernel(a: Tensor, axis?: number, keepDims = false): Tensor {
  return argExtreme(a, axis, keepDims, -1, "argmin");
}

/**
 * Generic reduction: for each output position, fold the reduced elements with `step`
 * starting from `init`, then `finish(acc, count)`. For reductions without a dedicated kernel;
 * it calls `step` once per element, so the kernels above are faster.
 */
export function reduce(
  a: Tensor,
  axes: Axes,
  keepDims: boolean,
  init: number,
  step: (acc: number, x: number) => number,
  finish: (acc: number, count: number) => number = (acc) => acc,
): Tensor {
  const ax = normalizeAxes(axes, a.ndim);
  const { data, outer, n, inner } = axisView(a, ax);
  const out = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let acc = init;
      for (let k = 0, pos = o * n * inner + i; k < n; k++, pos += inner) acc = step(acc, data[pos]!);
      out[o * inner + i] = finish(acc, n);
    }
  }
  return new Tensor(out, reducedShape(a.shape, ax, keepDims));
}

/**
 * Sum a broadcast result `g` back down to `shape`: the adjoint of broadcasting, used by
 * every broadcasting op's backward pass.
 */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  // one value with no more axes than g (a scalar operand) always broadcasts to g: no check
  const single = sizeOf(shape) === 1 && shape.length <= g.ndim;
  if (!single && !shapesEqual(broadcastShapes(shape, g.shape), g.shape))
    throw new Error(`sumToShape: ${formatShape(shape)} does not broadcast to ${formatShape(g.shape)}`);
  if (single) {
    const d = g.data;
    let s = 0;
    for (let i = 0; i < d.length; i++) s += d[i]!;
    const out = new Float64Array(1);
    out[0] = s;
    return new Tensor(out, shape.slice());
  }
  const lead = g.ndim - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.ndim; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  return new Tensor(sumView(axisView(g, axes)), shape.slice());
}

/**
 * Backward of max / min over `axes`: each group's cotangent `g` goes to the elements equal to
 * the group's extreme `m`, split evenly among ties (the mean of the one-sided derivatives).
 * A group whose extreme is NaN gets NaN.
 */
export function extremeBackwardKernel(a: Tensor, m: Tensor, g: Tensor, axes: readonly number[]): Tensor {
  const { data, outer, n, inner } = axisView(a, axes);
  const md = m.data;
  const gd = g.data;
  const out = new Float64Array(data.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const r = o * inner + i;
      const mv = md[r]!;
      const first = o * n * inner + i;
      let ties = 0;
      for (let k = 0, p = first; k < n; k++, p += inner) if (data[p] === mv) ties++;
      const share = ties === 0 ? NaN : gd[r]! / ties;
      for (let k = 0, p = first; k < n; k++, p += inner) out[p] = data[p] === mv || ties === 0 ? share : 0;
    }
  }
  return fromAxisView(out, a, axes);
}

/**
 * Backward of prod over `axes`: `d/dx_k Π_j x_j = Π_{j≠k} x_j`, computed as prefix × suffix
 * products rather than `prod / x_k`, so it is exact where some x_j are zero.
 */
export function prodBackwardKernel(a: Tensor, g: Tensor, axes: readonly number[]): Tensor {
  const { data, outer, n, inner } = axisView(a, axes);
  const gd = g.data;
  const out = new Float64Array(data.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const first = o * n * inner + i;
      let pre = 1;
      for (let k = 0, p = first; k < n; k++, p += inner) {
        out[p] = pre;
        pre *= data[p]!;
      }
      let suf = gd[o * inner + i]!;
      for (let k = n - 1, p = first + k * inner; k >= 0; k--, p -= inner) {
        out[p] = out[p]! * suf;
        suf *= data[p]!;
      }
    }
  }
  return fromAxisView(out, a, axes);
}
