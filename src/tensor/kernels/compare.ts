/**
 * Comparisons (as 0/1 float tensors), selection and elementwise extremes, with broadcasting.
 * @module
 */
import { mapBinary, mapTernary } from "./elementwise.js";
import { Tensor } from "../tensor.js";

const isEq = (x: number, y: number): number => (x === y ? 1 : 0);
const isNe = (x: number, y: number): number => (x !== y ? 1 : 0);
const isLt = (x: number, y: number): number => (x < y ? 1 : 0);
const isLe = (x: number, y: number): number => (x <= y ? 1 : 0);
const isGt = (x: number, y: number): number => (x > y ? 1 : 0);
const isGe = (x: number, y: number): number => (x >= y ? 1 : 0);

/** 1 where `a == b`, else 0 (IEEE: NaN equals nothing). */
export function eqKernel(a: Tensor, b: Tensor): Tensor {
  return mapBinary(a, b, isEq);
}
/** 1 where `a != b`, else 0 (NaN differs from everything). */
export function neKernel(a: Tensor, b: Tensor): Tensor {
  return mapBinary(a, b, isNe);
}
/** 1 where `a < b`, else 0. */
export function ltKernel(a: Tensor, b: Tensor): Tensor {
  return mapBinary(a, b, isLt);
}
/** 1 where `a <= b`, else 0. */
export function leKernel(a: Tensor, b: Tensor): Tensor {
  return mapBinary(a, b, isLe);
}
/** 1 where `a > b`, else 0. */
export function gtKernel(a: Tensor, b: Tensor): Tensor {
  return mapBinary(a, b, isGt);
}
/** 1 where `a >= b`, else 0. */
export function geKernel(a: Tensor, b: Tensor): Tensor {
  return mapBinary(a, b, isGe);
}

/** `a` where `cond` is non-zero (NaN counts as true, as in NumPy), else `b`; all broadcast. */
export function whereKernel(cond: Tensor, a: Tensor, b: Tensor): Tensor {
  return mapTernary(cond, a, b, (c, x, y) => (c !== 0 ? x : y));
}

/** Elementwise larger of `a` and `b`; NaN if either is NaN (NumPy's maximum). */
export function maximumKernel(a: Tensor, b: Tensor): Tensor {
  return mapBinary(a, b, Math.max);
}

/** Elementwise smaller of `a` and `b`; NaN if either is NaN (NumPy's minimum). */
export function minimumKernel(a: Tensor, b: Tensor): Tensor {
  return mapBinary(a, b, Math.min);
}

/**
 * Share of the gradient of `maximum(x, y)` that goes to `x`: 1 if x > y, 0 if x < y, 1/2 on
 * ties (so the two shares always sum to 1), NaN when the comparison is undefined.
 */
export function maximumShare(x: number, y: number): number {
  return x > y ? 1 : x < y ? 0 : x === y ? 0.5 : NaN;
}
