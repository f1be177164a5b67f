/**
 * Differentiable arithmetic with broadcasting: add, sub, mul, div, neg, pow, and friends.
 * Each op runs its kernel, then records a backward closure only if an input is tracked.
 * @module
 */
import {
  addKernel,
  divKernel,
  mapBinary,
  mapUnary,
  mulKernel,
  scaleKernel,
  subKernel,
} from "../../tensor/kernels/elementwise.js";
import { sumToShape } from "../../tensor/kernels/reduce.js";
import { type TensorLike, Tensor, asTensor } from "../../tensor/tensor.js";
import { anyTracked, record, tracked } from "../tape.js";

/** `a + b` elementwise, with broadcasting. */
export function add(a: TensorLike, b: TensorLike): Tensor {
  const A = asTensor(a);
  const B = asTensor(b);
  const out = addKernel(A, B);
  if (!anyTracked(A, B)) return out;
  const na = tracked(A);
  const nb = tracked(B);
  return record(out, [A, B], (g) => [na ? sumToShape(g, A.shape) : null, nb ? sumToShape(g, B.shape) : null]);
}

/** `a − b` elementwise, with broadcasting. */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  const A = asTensor(a);
  const B = asTensor(b);
  const out = subKernel(A, B);
  if (!anyTracked(A, B)) return out;
  const na = tracked(A);
  const nb = tracked(B);
  return record(out, [A, B], (g) => [
    na ? sumToShape(g, A.shape) : null,
    nb ? sumToShape(scaleKernel(g, -1), B.shape) : null,
  ]);
}

/** `a · b` elementwise, with broadcasting. */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  const A = asTensor(a);
  const B = asTensor(b);
  const out = mulKernel(A, B);
  if (!anyTracked(A, B)) return out;
  const na = tracked(A);
  const nb = tracked(B);
  return record(out, [A, B], (g) => [
    na ? sumToShape(mulKernel(g, B), A.shape) : null,
    nb ? sumToShape(mulKernel(g, A), B.shape) : null,
  ]);
}

/** `a / b` elementwise, with broadcasting. */
export function div(a: TensorLike, b: TensorLike): Tensor {
  const A = asTensor(a);
  const B = asTensor(b);
  const out = divKernel(A, B);
  if (!anyTracked(A, B)) return out;
  const na = tracked(A);
  const nb = tracked(B);
  return record(out, [A, B], (g) => [
    na ? sumToShape(divKernel(g, B), A.shape) : null,
    // d(a/b)/db = -(a/b)/b
    nb
      ? sumToShape(
          mapBinary(mulKernel(g, out), B, (x, y) => -x / y),
          B.shape,
        )
      : null,
  ]);
}

/** `−a` elementwise. */
export function neg(a: TensorLike): Tensor {
  const A = asTensor(a);
  const out = scaleKernel(A, -1);
  if (!anyTracked(A)) return out;
  return record(out, [A], (g) => [scaleKernel(g, -1)]);
}

/** Multiply by a plain number (cheaper than `mul` with a scalar tensor). */
export function scale(a: TensorLike, s: number): Tensor {
  const A = asTensor(a);
  const out = scaleKernel(A, s);
  if (!anyTracked(A)) return out;
  return record(out, [A], (g) => [scaleKernel(g, s)]);
}

/** `a²` elementwise. */
export function square(a: TensorLike): Tensor {
  const A = asTensor(a);
  const out = mulKernel(A, A);
  if (!anyTracked(A)) return out;
  return record(out, [A], (g) => [mapBinary(g, A, (gi, x) => 2 * gi * x)]);
}

/**
 * `a ** b` elementwise. The gradient with respect to `b` uses log(a), which is only defined
 * for a > 0; where a = 0 and the exponent is positive it is taken as 0 (the limit).
 */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  const A = asTensor(a);
  const B = asTensor(b);
  const out = mapBinary(A, B, Math.pow);
  if (!anyTracked(A, B)) return out;
  const na = tracked(A);
  const nb = tracked(B);
  return record(out, [A, B], (g) => {
    let ga: Tensor | null = null;
    let gb: Tensor | null = null;
    if (na) {
      const d = mapBinary(A, B, (x, y) => (y === 0 ? 0 : y * Math.pow(x, y - 1)));
      ga = sumToShape(mulKernel(g, d), A.shape);
    }
    if (nb) {
      const logA = mapUnary(A, (x) => (x === 0 ? 0 : Math.log(x)));
      gb = sumToShape(mulKernel(mulKernel(g, out), logA), B.shape);
    }
    return [ga, gb];
  });
}
