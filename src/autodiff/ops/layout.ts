/**
 * Differentiable layout ops: reshape, transpose, squeeze, expandDims, broadcastTo, slice,
 * flip, concat, stack, and gathering / scattering along an axis (take, takeAlongAxis,
 * scatterAdd). Each backward pass is the adjoint layout op: slice ↔ zero-padding,
 * concat ↔ split, take ↔ scatter-add, broadcast ↔ sum.
 * @module
 */
import { expandTo } from "../../tensor/kernels/elementwise.js";
import {
  alongAxisIndices,
  normalizeIndices,
  planAlongAxis,
  scatterAddKernel,
  scatterAlongAxisKernel,
  takeAlongAxisKernel,
  takeKernel,
  takeShape,
} from "../../tensor/kernels/indexing.js";
import {
  type ResolvedSlice,
  type SliceRange,
  concatKernel,
  expandDimsShape,
  flipKernel,
  invertPermutation,
  reshapeKernel,
  resolveSlice,
  sliceKernel,
  splitKernel,
  squeezeShape,
  transposeKernel,
  unsliceKernel,
} from "../../tensor/kernels/layout.js";
import { type Axes, normalizeAxes, sumToShape } from "../../tensor/kernels/reduce.js";
import { formatShape, normalizeAxis, shapesEqual, stridesOf } from "../../tensor/shape.js";
import { type TensorLike, Tensor, asTensor, tensor } from "../../tensor/tensor.js";
import { anyTracked, record, recordSegment, tracked } from "../tape.js";

export type { SliceRange } from "../../tensor/kernels/layout.js";

/** Indices as accepted by {@link take}: a tensor, one number, or a plain array of numbers. */
export type Indices = TensorLike | readonly number[];

function asIndices(indices: Indices): Tensor {
  if (Array.isArray(indices)) return tensor(indices as readonly number[]);
  return asTensor(indices as TensorLike);
}

// Same values, new shape: a new tensor sharing the data, differentiable.
function viewAs(A: Tensor, shape: readonly number[]): Tensor {
  const result = new Tensor(A.data, shape.slice());
  if (!anyTracked(A)) return result;
  return record(result, [A], (g) => [new Tensor(g.data, A.shape)]);
}

/** The same values with a new shape; one extent may be -1 (inferred). */
export function reshape(a: TensorLike, shape: readonly number[]): Tensor {
  const A = asTensor(a);
  return viewAs(A, reshapeKernel(A, shape).shape);
}

/** Permute axes: `out.shape[i] = a.shape[perm[i]]` (reverses them by default). */
export function transpose(a: TensorLike, perm?: readonly number[]): Tensor {
  const A = asTensor(a);
  const p = perm ?? Array.from({ length: A.ndim }, (_, i) => A.ndim - 1 - i);
  const out = transposeKernel(A, p);
  if (!anyTracked(A)) return out;
  const inv = invertPermutation(p);
  return record(out, [A], (g) => [transposeKernel(g, inv)]);
}

/** Remove the given axes, which must have extent 1 (all extent-1 axes when omitted). */
export function squeeze(a: TensorLike, axes?: number | readonly number[]): Tensor {
  const A = asTensor(a);
  return viewAs(A, squeezeShape(A.shape, axes));
}

/**
 * Insert extent-1 axes so they sit at positions `axes` of the result (negative positions
 * count from the end of the result, as in NumPy's expand_dims).
 */
export function expandDims(a: TensorLike, axes: number | readonly number[]): Tensor {
  const A = asTensor(a);
  return viewAs(A, expandDimsShape(A.shape, axes));
}

/** Broadcast `a` to `shape` under NumPy's rules (a copy); the gradient sums back. */
export function broadcastTo(a: TensorLike, shape: readonly number[]): Tensor {
  const A = asTensor(a);
  const out = expandTo(A, shape);
  if (!anyTracked(A)) return out;
  return record(out, [A], (g) => [sumToShape(g, A.shape)]);
}

/**
 * Select a strided block: one {@link SliceRange} (or null for "all") per leading axis; the
 * remaining axes are kept whole. Python's rules: negative indices count from the end,
 * out-of-range bounds are clipped, a negative step walks backwards.
 *
 * @example
 * slice(x, [{ start: 1, stop: -1 }, null, { step: 2 }])  // x[1:-1, :, ::2]
 */
export function slice(a: TensorLike, ranges: readonly (SliceRange | null | undefined)[]): Tensor {
  const A = asTensor(a);
  const s = resolveSlice(A.shape, ranges);
  const out = sliceKernel(A, s);
  if (!anyTracked(A)) return out;
  // A block of consecutive elements (x[2:5] of a vector, whole rows of a matrix): its
  // cotangent goes straight into the input's, with no zero-padded copy per slice.
  const offset = contiguousOffset(A.shape, s);
  if (offset >= 0) return recordSegment(out, A, offset);
  return record(out, [A], (g) => [unsliceKernel(g, A.shape, s)]);
}

/**
 * The offset of the first selected element when a resolved slice selects consecutive
 * elements of the row-major data (single indices on leading axes, one step-1 range, whole
 * trailing axes), else −1.
 */
function contiguousOffset(shape: readonly number[], s: ResolvedSlice): number {
  let d = shape.length - 1;
  while (d >= 0 && s.starts[d] === 0 && s.steps[d] === 1 && s.shape[d] === shape[d]) d--;
  if (d >= 0 && s.steps[d] !== 1 && s.shape[d]! > 1) return -1;
  for (let e = d - 1; e >= 0; e--) if (s.shape[e] !== 1) return -1;
  const strides = stridesOf(shape);
  let offset = 0;
  for (let e = 0; e <= d; e++) offset += s.starts[e]! * strides[e]!;
  return offset;
}

/** Reverse the order of elements along `axes` (all axes when omitted). */
export function flip(a: TensorLike, axes?: Axes): Tensor {
  const A = asTensor(a);
  const ax = normalizeAxes(axes, A.ndim, "flip");
  const out = flipKernel(A, ax);
  if (!anyTracked(A)) return out;
  return record(out, [A], (g) => [flipKernel(g, ax)]);
}

/** Join tensors along an existing axis (default 0); the other extents must agree. */
export function concat(tensors: readonly TensorLike[], axis = 0): Tensor {
  const ts = tensors.map(asTensor);
  const out = concatKernel(ts, axis);
  const needs = ts.map(tracked);
  if (!needs.includes(true)) return out;
  const ax = normalizeAxis(axis, out.ndim);
  const sizes = ts.map((t) => t.shape[ax]!);
  return record(out, ts, (g) => {
    const parts = splitKernel(g, ax, sizes);
    return parts.map((p, i) => (needs[i] ? p : null));
  });
}

/** Join tensors of one shape along a new axis at position `axis` of the result (default 0). */
export function stack(tensors: readonly TensorLike[], axis = 0): Tensor {
  const ts = tensors.map(asTensor);
  if (ts.length === 0) throw new Error("stack: expected at least one tensor, got none");
  const shape = ts[0]!.shape;
  ts.forEach((t, i) => {
    if (!shapesEqual(t.shape, shape))
      throw new Error(
        `stack: tensor ${i} has shape ${formatShape(t.shape)}, expected ${formatShape(shape)} like tensor 0`,
      );
  });
  const ax = normalizeAxis(axis, shape.length + 1, "stack: axis");
  return concat(
    ts.map((t) => expandDims(t, ax)),
    ax,
  );
}

/**
 * Gather along `axis` (default 0) with integer indices (negative ones count from the end):
 * the axis is replaced by the indices' shape, so a single number selects one slice and drops
 * the axis, as in NumPy's take. The gradient scatter-adds back (repeated indices accumulate).
 *
 * @example
 * take(x, [2, 0], 1)  // columns 2 and 0 of a matrix
 */
export function take(a: TensorLike, indices: Indices, axis = 0): Tensor {
  const A = asTensor(a);
  if (A.ndim === 0) throw new Error("take: cannot index a 0-dimensional tensor");
  const I = asIndices(indices);
  const ax = normalizeAxis(axis, A.ndim, "take: axis");
  const idx = normalizeIndices(I, A.shape[ax]!, "take", ax);
  const out = takeKernel(A, idx, I.shape, ax);
  if (!anyTracked(A)) return out;
  return record(out, [A], (g) => {
    const flat = new Tensor(g.data, takeShape(A.shape, [idx.length], ax));
    return [scatterAddKernel(new Tensor(new Float64Array(A.size), A.shape), idx, flat, ax)];
  });
}

/**
 * `base` with `updates` added at the positions `take(base, indices, axis)` would read:
 * `out[..., indices[j], ...] += updates[..., j, ...]`, repeated indices accumulating.
 * `updates` broadcasts to the shape of that `take`. Differentiable in `base` and `updates`
 * (whose gradient is the gather of the output's).
 */
export function scatterAdd(base: TensorLike, indices: Indices, updates: TensorLike, axis = 0): Tensor {
  const B = asTensor(base);
  if (B.ndim === 0) throw new Error("scatterAdd: cannot index a 0-dimensional tensor");
  const I = asIndices(indices);
  const U = asTensor(updates);
  const ax = normalizeAxis(axis, B.ndim, "scatterAdd: axis");
  const idx = normalizeIndices(I, B.shape[ax]!, "scatterAdd", ax);
  const target = takeShape(B.shape, I.shape, ax);
  let Ue: Tensor;
  try {
    Ue = expandTo(U, target);
  } catch {
    throw new Error(
      `scatterAdd: updates of shape ${formatShape(U.shape)} do not broadcast to ${formatShape(target)} ` +
        `(base ${formatShape(B.shape)} with indices ${formatShape(I.shape)} on axis ${ax})`,
    );
  }
  const out = scatterAddKernel(B, idx, Ue, ax);
  if (!anyTracked(B, U)) return out;
  const nb = tracked(B);
  const nu = tracked(U);
  return record(out, [B, U], (g) => [nb ? g : null, nu ? sumToShape(takeKernel(g, idx, I.shape, ax), U.shape) : null]);
}

/**
 * Gather one element along `axis` per index, as NumPy's take_along_axis: `indices` has as
 * many dimensions as `a`, and on the other axes the two broadcast. The usual use is picking
 * one entry per row, e.g. the log-probability of each observed class:
 *
 * @example
 * takeAlongAxis(logProbs, expandDims(labels, -1), -1)  // shape [n, 1]
 */
export function takeAlongAxis(a: TensorLike, indices: Indices, axis: number): Tensor {
  const A = asTensor(a);
  const I = asIndices(indices);
  const plan = planAlongAxis(A.shape, I.shape, axis, "takeAlongAxis");
  const idx = alongAxisIndices(I, plan, A.shape[plan.axis]!, "takeAlongAxis");
  const src = expandTo(A, plan.srcShape);
  const out = takeAlongAxisKernel(src, idx, plan);
  if (!anyTracked(A)) return out;
  return record(out, [A], (g) => [sumToShape(scatterAlongAxisKernel(g, idx, plan), A.shape)]);
}
