/**
 * Comparisons, selection and elementwise extremes, with NumPy broadcasting.
 *
 * Comparisons return 0/1 float tensors and are not differentiable: they accept tracked
 * inputs but their result is a constant. `where`, `maximum` and `minimum` are differentiable
 * in their value operands.
 * @module
 */
import { mapBinary } from "../../tensor/kernels/elementwise.js";
import {
  eqKernel,
  geKernel,
  gtKernel,
  leKernel,
  ltKernel,
  maximumKernel,
  maximumShare,
  minimumKernel,
  neKernel,
  whereKernel,
} from "../../tensor/kernels/compare.js";
import { sumToShape } from "../../tensor/kernels/reduce.js";
import { type TensorLike, Tensor, asTensor } from "../../tensor/tensor.js";
import { anyTracked, record, tracked } from "../tape.js";

/** 1 where `a == b`, else 0. Not differentiable. */
export function eq(a: TensorLike, b: TensorLike): Tensor {
  return eqKernel(asTensor(a), asTensor(b));
}

/** 1 where `a != b`, else 0. Not differentiable. */
export function ne(a: TensorLike, b: TensorLike): Tensor {
  return neKernel(asTensor(a), asTensor(b));
}

/** 1 where `a < b`, else 0. Not differentiable. */
export function lt(a: TensorLike, b: TensorLike): Tensor {
  return ltKernel(asTensor(a), asTensor(b));
}

/** 1 where `a <= b`, else 0. Not differentiable. */
export function le(a: TensorLike, b: TensorLike): Tensor {
  return leKernel(asTensor(a), asTensor(b));
}

/** 1 where `a > b`, else 0. Not differentiable. */
export function gt(a: TensorLike, b: TensorLike): Tensor {
  return gtKernel(asTensor(a), asTensor(b));
}

/** 1 where `a >= b`, else 0. Not differentiable. */
export function ge(a: TensorLike, b: TensorLike): Tensor {
  return geKernel(asTensor(a), asTensor(b));
}

/**
 * `a` where `cond` is non-zero, else `b`, all three broadcast together. The gradient flows
 * to `a` where the condition holds and to `b` elsewhere; `cond` gets none.
 */
export function where(cond: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const C = asTensor(cond);
  const A = asTensor(a);
  const B = asTensor(b);
  const out = whereKernel(C, A, B);
  if (!anyTracked(A, B)) return out;
  const na = tracked(A);
  const nb = tracked(B);
  return record(out, [A, B], (g) => [
    na
      ? sumToShape(
          mapBinary(g, C, (gi, c) => (c !== 0 ? gi : 0)),
          A.shape,
        )
      : null,
    nb
      ? sumToShape(
          mapBinary(g, C, (gi, c) => (c !== 0 ? 0 : gi)),
          B.shape,
        )
      : null,
  ]);
}

// The two elementwise extremes share one backward: `share(x, y)` of the cotangent goes to
// `a`, the rest to `b`.
function extremeOp(A: Tensor, B: Tensor, out: Tensor, share: (x: number, y: number) => number): Tensor {
  if (!anyTracked(A, B)) return out;
  const na = tracked(A);
  const nb = tracked(B);
  return record(out, [A, B], (g) => {
    const s = mapBinary(A, B, share);
    return [
      na
        ? sumToShape(
            mapBinary(g, s, (gi, w) => gi * w),
            A.shape,
          )
        : null,
      nb
        ? sumToShape(
            mapBinary(g, s, (gi, w) => gi * (1 - w)),
            B.shape,
          )
        : null,
    ];
  });
}

/**
 * Elementwise larger of `a` and `b` (NaN if either is). The gradient goes to the larger
 * operand; on ties it is split evenly, half to each (as JAX does).
 */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  const A = asTensor(a);
  const B = asTensor(b);
  return extremeOp(A, B, maximumKernel(A, B), maximumShare);
}

/**
 * Elementwise smaller of `a` and `b` (NaN if either is). The gradient goes to the smaller
 * operand; on ties it is split evenly, half to each.
 */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  const A = asTensor(a);
  const B = asTensor(b);
  return extremeOp(A, B, minimumKernel(A, B), (x, y) => maximumShare(y, x));
}
