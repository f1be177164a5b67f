import { test } from "node:test";
import assert from "node:assert/strict";
import { type Tensor, add, div, mul, neg, pow, scale, scalar, square, sub, tensor } from "../../src/index.js";
import { assertClose, assertGradOk } from "../helpers/assert.js";
import { positive, probe, sample } from "./probe.js";

type Pair = { a: Tensor; b: Tensor };
const binary = { add, sub, mul, div } as const;

// Operand shapes covering NumPy broadcasting: equal, column × row, matrix × vector, scalar ×
// matrix both ways, a rank difference of two, and broadcasting inside a batch axis.
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
  [[2, 3], []],
  [[4], [2, 3, 4]],
  [
    [2, 1, 3],
    [2, 4, 1],
  ],
];

for (const [name, op] of Object.entries(binary)) {
  for (const [sa, sb] of shapes) {
    test(`${name}: gradient matches finite differences for [${sa}] with [${sb}]`, () => {
      // division needs a denominator away from 0
      const params: Pair = { a: sample(sa, 1), b: name === "div" ? positive(sb, 2) : sample(sb, 2) };
      assertGradOk((p: Pair) => probe(op(p.a, p.b)), params);
    });
  }
}

test("pow: gradient in base and exponent, with broadcasting", () => {
  assertGradOk((p: Pair) => probe(pow(p.a, p.b)), { a: positive([3, 1]), b: sample([1, 4], 3) });
  assertGradOk((p: Pair) => probe(pow(p.a, p.b)), { a: positive([2, 3]), b: scalar(1.7) });
});

test("pow: integer exponent of a negative base differentiates in the base", () => {
  assertGradOk((a: Tensor) => probe(pow(a, 3)), tensor([-1.5, -0.5, 2]));
});

test("neg, scale, square: gradients match finite differences", () => {
  const x = sample([2, 3]);
  assertGradOk((a: Tensor) => probe(neg(a)), x);
  assertGradOk((a: Tensor) => probe(scale(a, -2.5)), x);
  assertGradOk((a: Tensor) => probe(square(a)), x);
});

test("the same tensor on both sides of a binary op gets both contributions", () => {
  const x = sample([3]);
  assertGradOk((a: Tensor) => probe(mul(a, a)), x);
  assertGradOk((a: Tensor) => probe(div(add(a, 3), add(a, 4))), x);
  assertGradOk((a: Tensor) => probe(sub(a, a.mul(a))), x);
});

test("broadcast values follow NumPy", () => {
  const r = add(tensor([[1], [2], [3]]), tensor([10, 20]));
  assert.deepEqual(r.shape, [3, 2]);
  assertClose(r.data, [11, 21, 12, 22, 13, 23]);
  assertClose(div(tensor([1, 2]), 4).data, [0.25, 0.5]);
  assertClose(pow(tensor([0, 2, 3]), 2).data, [0, 4, 9]);
});

test("incompatible shapes raise an error naming both shapes", () => {
  assert.throws(() => add(tensor([1, 2, 3]), tensor([1, 2])), /cannot broadcast shapes \[3\] and \[2\]/);
  assert.throws(() => mul(sample([2, 3]), sample([3, 2])), /\[2, 3\] and \[3, 2\]/);
});
