import { test } from "node:test";
import assert from "node:assert/strict";
import {
  type Tensor,
  eq,
  ge,
  gt,
  le,
  lt,
  maximum,
  minimum,
  mul,
  ne,
  sum,
  tensor,
  valueAndGrad,
  where,
} from "../../src/index.js";
import { assertClose, assertGradOk } from "../helpers/assert.js";
import { probe, sample } from "./probe.js";

type Pair = { a: Tensor; b: Tensor };

test("comparisons return 0/1 with broadcasting and IEEE NaN rules", () => {
  const a = tensor([[1], [2], [NaN]]);
  const b = tensor([2, 1]);
  assert.deepEqual(eq(a, b).toArray(), [
    [0, 1],
    [1, 0],
    [0, 0],
  ]);
  assert.deepEqual(ne(a, b).toArray(), [
    [1, 0],
    [0, 1],
    [1, 1],
  ]);
  assert.deepEqual(lt(a, b).toArray(), [
    [1, 0],
    [0, 0],
    [0, 0],
  ]);
  assert.deepEqual(le(a, b).toArray(), [
    [1, 1],
    [1, 0],
    [0, 0],
  ]);
  assert.deepEqual(gt(a, b).toArray(), [
    [0, 0],
    [0, 1],
    [0, 0],
  ]);
  assert.deepEqual(ge(a, b).toArray(), [
    [0, 1],
    [1, 1],
    [0, 0],
  ]);
  assert.deepEqual(gt(tensor([-1, 0, 3]), 0).toFlatArray(), [0, 0, 1]);
  assert.deepEqual(tensor([1, 5]).ge(5).toFlatArray(), [0, 1]);
});

test("comparisons accept tracked inputs and pass no gradient", () => {
  const x = tensor([-1, 0.5, 2]);
  const [, g] = valueAndGrad((a: Tensor) => sum(mul(gt(a, 0), a)))(x);
  // d/dx (1[x > 0] · x) = 1[x > 0]
  assert.deepEqual(g.toFlatArray(), [0, 1, 1]);
  const [, g0] = valueAndGrad((a: Tensor) => sum(eq(a, a)))(x);
  assert.deepEqual(g0.toFlatArray(), [0, 0, 0]);
});

test("where: values, and gradient to the selected branch only", () => {
  const c = tensor([[1], [0], [NaN]]);
  const r = where(c, tensor([1, 2]), tensor(-1));
  assert.deepEqual(r.toArray(), [
    [1, 2],
    [-1, -1],
    [1, 2],
  ]);
  const cond = tensor([
    [1, 0, 1, 0],
    [0, 0, 1, 1],
    [1, 1, 1, 0],
  ]);
  assertGradOk((p: Pair) => probe(where(cond, p.a, p.b)), { a: sample([3, 4], 1), b: sample([3, 4], 2) });
  assertGradOk((p: Pair) => probe(where(cond, p.a, p.b)), { a: sample([3, 1], 1), b: sample([4], 2) });
  assertGradOk((p: Pair) => probe(where(cond, p.a, p.b)), { a: sample([], 1), b: sample([2, 3, 4], 2) });
  const [, g] = valueAndGrad((p: Pair) => sum(where(tensor([1, 0, 1]), p.a, p.b)))({
    a: tensor(5),
    b: tensor([1, 2, 3]),
  });
  assert.deepEqual(g.a.toFlatArray(), [2]);
  assert.deepEqual(g.b.toFlatArray(), [0, 1, 0]);
  assert.throws(() => where(tensor([1, 0, 1]), tensor([1, 2]), 0), /cannot broadcast shapes \[3\] and \[2\]/);
});

test("where keeps a NaN in the branch not taken out of the gradient", () => {
  // the classic where(x > 0, log(x), 0) pattern: log's derivative at x < 0 is finite (1/x),
  // and the unselected branch gets a zero cotangent, not NaN
  const x = tensor([-2, 3]);
  const [, g] = valueAndGrad((a: Tensor) => sum(where(gt(a, 0), a.log(), 0)))(x);
  assertClose(g.data, [0, 1 / 3]);
});

test("maximum and minimum: gradients with broadcasting, away from ties", () => {
  const shapes: [number[], number[]][] = [
    [
      [2, 3],
      [2, 3],
    ],
    [
      [3, 1],
      [1, 4],
    ],
    [[2, 3], [3]],
    [[], [2, 3]],
  ];
  for (const [sa, sb] of shapes) {
    assertGradOk((p: Pair) => probe(maximum(p.a, p.b)), { a: sample(sa, 1), b: sample(sb, 2, 0.05) });
    assertGradOk((p: Pair) => probe(minimum(p.a, p.b)), { a: sample(sa, 1), b: sample(sb, 2, 0.05) });
  }
});

test("maximum and minimum: values, NaN propagation and ties split evenly", () => {
  assert.deepEqual(maximum(tensor([1, 5, NaN]), tensor([3, 2, 0])).toFlatArray(), [3, 5, NaN]);
  assert.deepEqual(minimum(tensor([1, 5]), 2).toFlatArray(), [1, 2]);
  const [, g] = valueAndGrad((p: Pair) => sum(maximum(p.a, p.b)))({ a: tensor([1, 2, 3]), b: tensor([1, 3, 2]) });
  assert.deepEqual(g.a.toFlatArray(), [0.5, 0, 1]);
  assert.deepEqual(g.b.toFlatArray(), [0.5, 1, 0]);
  const [, h] = valueAndGrad((p: Pair) => sum(minimum(p.a, p.b)))({ a: tensor([1, 2, 3]), b: tensor(2) });
  assert.deepEqual(h.a.toFlatArray(), [1, 0.5, 0]);
  assert.deepEqual(h.b.toFlatArray(), [1.5]);
  // relu as maximum(x, 0) has the same gradient away from 0
  const [, r] = valueAndGrad((a: Tensor) => sum(a.maximum(0)))(tensor([-1, 2]));
  assert.deepEqual(r.toFlatArray(), [0, 1]);
});
