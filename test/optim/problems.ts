/** Objectives with known minima, and small helpers shared by the optimiser tests. */
import assert from "node:assert/strict";
import { Tensor, add, matmul, mul, square, sub, sum, tensor, treeLeaves, type Tree } from "../../src/index.js";

/** A symmetric positive-definite matrix (eigenvalues (5 ± √5)/2 ≈ 1.38, 3.62) and the minimiser. */
export const A = tensor([
  [3, 1],
  [1, 2],
]);
export const c = tensor([1, -2]);

/** ½(x − c)ᵀA(x − c): convex, minimised at c with value 0. */
export function quadratic(x: Tensor): Tensor {
  const d = sub(x, c);
  return mul(0.5, sum(mul(d, matmul(A, d))));
}

/** Rosenbrock's function (1 − x)² + 100(y − x²)², minimised at (1, 1). */
export function rosenbrock(p: { x: Tensor; y: Tensor }): Tensor {
  return add(square(sub(1, p.x)), mul(100, square(sub(p.y, square(p.x)))));
}

/** Copies of every leaf's values, to check later that nothing was written into them. */
export function snapshot(tree: Tree): number[][] {
  return treeLeaves(tree).map((t) => Array.from(t.data));
}

/** Largest |a_i − b_i|. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** The values of a state tree that is a single tensor (the moment of one-tensor params). */
export function leafData(tree: Tree | null): Float64Array {
  assert.ok(tree instanceof Tensor, `expected a single tensor, got ${String(tree)}`);
  return tree.data;
}
