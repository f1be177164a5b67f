/**
 * Checking sampler arguments and broadcasting them to the output shape, with errors that
 * name the sampler, the argument, the bad value and where it is.
 * @module
 */
import { broadcastShapes, checkShape, formatShape, shapesEqual, type Shape } from "../tensor/shape.js";
import { Tensor, asTensor, type TensorLike } from "../tensor/tensor.js";
import { expandTo } from "../tensor/kernels/elementwise.js";

/** A parameter as a tensor, or an error naming it when it is neither a Tensor nor a number. */
export function paramTensor(where: string, name: string, x: TensorLike): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x === "number") return asTensor(x);
  throw new Error(`${where}: ${name} must be a Tensor or a number, got ${x === null ? "null" : typeof x}`);
}

/**
 * Throw unless every value of `t` satisfies `ok`, e.g.
 * `gamma: concentration must be > 0, got -1 at index 3`.
 */
export function checkValues(
  where: string,
  name: string,
  t: Tensor,
  ok: (v: number) => boolean,
  expected: string,
): void {
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (!ok(v))
      throw new Error(`${where}: ${name} must be ${expected}, got ${v}${t.shape.length > 0 ? ` at index ${i}` : ""}`);
  }
}

/** Check a finite positive parameter, e.g. `gamma: concentration must be > 0 and finite, got -1 at index 3`. */
export function checkPositive(where: string, name: string, t: Tensor): void {
  checkValues(where, name, t, (v) => v > 0 && v < Infinity, "> 0 and finite");
}

/** Validate a shape given to a sampler. */
export function checkSampleShape(where: string, shape: Shape): void {
  if (!Array.isArray(shape))
    throw new Error(`${where}: shape must be an array of non-negative integers, got ${typeof shape}`);
  checkShape(shape, `${where}: shape`);
}

/**
 * The output shape of a sampler: `shape` when given (every parameter shape must broadcast to
 * it), otherwise the broadcast of the parameter shapes. `params` pairs names with shapes.
 */
export function outputShape(
  where: string,
  shape: Shape | undefined,
  params: ReadonlyArray<readonly [string, Shape]>,
): number[] {
  if (shape !== undefined) {
    checkSampleShape(where, shape);
    for (const [name, s] of params) {
      let ok: boolean;
      try {
        ok = shapesEqual(broadcastShapes(s, shape), shape);
      } catch {
        ok = false;
      }
      if (!ok)
        throw new Error(
          `${where}: ${name} of shape ${formatShape(s)} does not broadcast to the sample shape ${formatShape(shape)}`,
        );
    }
    return shape.slice();
  }
  let out: number[] = [];
  for (const [name, s] of params) {
    try {
      out = broadcastShapes(out, s);
    } catch {
      throw new Error(
        `${where}: ${name} of shape ${formatShape(s)} does not broadcast with shape ${formatShape(out)} of the other parameters`,
      );
    }
  }
  return out;
}

/** The values of `t` broadcast to `shape` (no copy when the shape already matches). */
export function expandedData(t: Tensor, shape: Shape): Float64Array {
  return expandTo(t, shape).data;
}
