/**
 * The plumbing every fused log-density shares: operands broadcast to one output shape, and a
 * single tape node whose backward closure turns stored partial derivatives into cotangents.
 *
 * A fused op computes the elementwise log-density and, only when some input is tracked, the
 * partial derivative with respect to each tracked input in the same loop (as Stan Math does).
 * Each operand is read either with step 1 (its shape is the output shape) or step 0 (it holds
 * one value), so the loops index `d[i * step]` with no per-element closure. An operand of any
 * other shape is materialised at the output shape first, which only uncommon broadcasts pay.
 * @module
 */
import { record } from "../../autodiff/tape.js";
import { expandTo } from "../../tensor/kernels/elementwise.js";
import { sumToShape } from "../../tensor/kernels/reduce.js";
import { broadcastShapes, shapesEqual } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";

/**
 * The shape the operands broadcast to. When it is one operand's own shape and every other
 * operand has that shape or holds one value (the usual case: values against parameters of
 * the same shape, or against scalar parameters), that shape is returned as is, without the
 * arrays `broadcastShapes` allocates.
 */
export function broadcastOperands(a: Tensor, b: Tensor, c?: Tensor): readonly number[] {
  let big = a.data.length >= b.data.length ? a : b;
  if (c !== undefined && c.data.length > big.data.length) big = c;
  if (fitsShapeOf(a, big) && fitsShapeOf(b, big) && (c === undefined || fitsShapeOf(c, big))) return big.shape;
  const ab = broadcastShapes(a.shape, b.shape);
  return c === undefined ? ab : broadcastShapes(ab, c.shape);
}

/** Whether `t` broadcasts to `big`'s shape without changing it. */
function fitsShapeOf(t: Tensor, big: Tensor): boolean {
  return t === big || shapesEqual(t.shape, big.shape) || (t.data.length === 1 && t.ndim <= big.ndim);
}

/** The values of `t` laid out for the output shape: its own data, or a broadcast copy. */
export function operandData(t: Tensor, shape: readonly number[]): Float64Array {
  if (t.data.length === 1 || shapesEqual(t.shape, shape)) return t.data;
  return expandTo(t, shape).data;
}

/** 0 for an operand holding one value (read at index 0), 1 otherwise. */
export function operandStep(t: Tensor): number {
  return t.data.length === 1 ? 0 : 1;
}

/** `g · p` reduced to `input`'s shape, times `factor`. */
function cotangent(
  g: Float64Array,
  p: Float64Array,
  factor: number,
  input: Tensor,
  outShape: readonly number[],
): Tensor {
  const n = g.length;
  if (input.data.length === 1) {
    let s = 0;
    for (let i = 0; i < n; i++) s += g[i]! * p[i]!;
    const r = new Float64Array(1);
    r[0] = s * factor;
    return new Tensor(r, input.shape);
  }
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) r[i] = factor * g[i]! * p[i]!;
  if (shapesEqual(input.shape, outShape)) return new Tensor(r, input.shape);
  return sumToShape(new Tensor(r, outShape), input.shape);
}

/**
 * Record `out` as one tape node over `inputs`, with `partials[i]` the elementwise derivative
 * of `out` with respect to `inputs[i]` at the output shape (null where the input is not
 * tracked or has no derivative). `factors[i]` (default 1) multiplies a partial, which lets
 * two inputs share one array when their derivatives differ only in sign (x and loc of a
 * location family). The partial arrays are never written to after this call, so a pullback
 * may run more than once.
 */
export function recordFused(
  out: Tensor,
  inputs: readonly Tensor[],
  partials: readonly (Float64Array | null)[],
  factors?: readonly number[],
): Tensor {
  const shape = out.shape;
  return record(out, inputs, (g) => {
    const gd = g.data;
    const res = new Array<Tensor | null>(inputs.length);
    for (let j = 0; j < inputs.length; j++) {
      const p = partials[j];
      res[j] = p == null ? null : cotangent(gd, p, factors === undefined ? 1 : factors[j]!, inputs[j]!, shape);
    }
    return res;
  });
}
