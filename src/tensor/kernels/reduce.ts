/**
 * Reductions over axes, and the reduction of a broadcast result back to an operand's shape
 * (which every broadcasting op's gradient needs).
 * @module
 */
import { broadcastShapes, formatShape, normalizeAxis, shapesEqual, sizeOf, stridesOf } from "../shape.js";
import { Tensor } from "../tensor.js";

/** Axes to reduce, as given by a user: one axis, several, or all when undefined. */
export type Axes = number | readonly number[] | undefined;

/** Sorted, unique, non-negative axes. */
export function normalizeAxes(axes: Axes, ndim: number): number[] {
  if (axes === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axes === "number" ? [axes] : axes;
  const out = Array.from(new Set(list.map((a) => normalizeAxis(a, ndim))));
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
 * Generic reduction: for each output position, fold the reduced elements with `step`
 * starting from `init`, then `finish(acc, count)`.
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
  const outShape = reducedShape(a.shape, ax, keepDims);
  const ad = a.data;
  if (ax.length === a.ndim) {
    let acc = init;
    for (let i = 0; i < ad.length; i++) acc = step(acc, ad[i]!);
    const out = new Float64Array(1);
    out[0] = finish(acc, ad.length);
    return new Tensor(out, outShape);
  }
  const keepShape = reducedShape(a.shape, ax, true);
  const outSize = sizeOf(keepShape);
  const acc = new Float64Array(outSize).fill(init);
  const outStrides = stridesOf(keepShape);
  // stride into the output for each input axis (0 on reduced axes)
  const nd = a.ndim;
  const os = new Array<number>(nd);
  for (let i = 0; i < nd; i++) os[i] = ax.includes(i) ? 0 : outStrides[i]!;
  const counter = new Array<number>(nd).fill(0);
  let o = 0;
  for (let i = 0; i < ad.length; i++) {
    acc[o] = step(acc[o]!, ad[i]!);
    for (let d = nd - 1; d >= 0; d--) {
      counter[d]!++;
      o += os[d]!;
      if (counter[d]! < a.shape[d]!) break;
      o -= os[d]! * a.shape[d]!;
      counter[d] = 0;
    }
  }
  const count = ad.length / Math.max(outSize, 1);
  for (let i = 0; i < outSize; i++) acc[i] = finish(acc[i]!, count);
  return new Tensor(acc, outShape);
}

export function sumKernel(a: Tensor, axes?: Axes, keepDims = false): Tensor {
  if (axes === undefined && !keepDims) {
    const d = a.data;
    let s = 0;
    for (let i = 0; i < d.length; i++) s += d[i]!;
    const out = new Float64Array(1);
    out[0] = s;
    return new Tensor(out, []);
  }
  return reduce(a, axes, keepDims, 0, (acc, x) => acc + x);
}

export function maxKernel(a: Tensor, axes?: Axes, keepDims = false): Tensor {
  if (a.size === 0) throw new Error("max: cannot reduce an empty tensor");
  return reduce(a, axes, keepDims, -Infinity, (acc, x) => (x > acc || Number.isNaN(x) ? x : acc));
}

export function minKernel(a: Tensor, axes?: Axes, keepDims = false): Tensor {
  if (a.size === 0) throw new Error("min: cannot reduce an empty tensor");
  return reduce(a, axes, keepDims, Infinity, (acc, x) => (x < acc || Number.isNaN(x) ? x : acc));
}

/**
 * Sum a broadcast result `g` back down to `shape`: the adjoint of broadcasting, used by
 * every broadcasting op's backward pass.
 */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const target = broadcastShapes(shape, g.shape);
  if (!shapesEqual(target, g.shape))
    throw new Error(`sumToShape: ${formatShape(shape)} does not broadcast to ${formatShape(g.shape)}`);
  if (sizeOf(shape) === 1) {
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
    if (i < lead || shape[i - lead] === 1) axes.push(i);
  }
  const r = sumKernel(g, axes, true);
  return new Tensor(r.data, shape.slice());
}
