import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor, valueAndGrad, sum, square, matmul, type Tensor } from "../src/index.js";

test("valueAndGrad of sum of squares", () => {
  const [v, g] = valueAndGrad((x: Tensor) => sum(square(x)))(tensor([1, 2, 3]));
  assert.equal(v.item(), 14);
  assert.deepEqual(g.toFlatArray(), [2, 4, 6]);
});

test("methods and matmul gradient", () => {
  const A = tensor([
    [1, 2],
    [3, 4],
  ]);
  const [, g] = valueAndGrad((p: { w: Tensor }) => matmul(A, p.w).mul(2).sum())({ w: tensor([1, 1]) });
  assert.deepEqual(g.w.toFlatArray(), [8, 12]);
});
