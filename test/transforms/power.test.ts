import { test } from "node:test";
import assert from "node:assert/strict";
import { PowerTransform } from "../../src/transforms/index.js";
import { exp, mul, sum } from "../../src/autodiff/index.js";
import { type Tensor, tensor } from "../../src/tensor/tensor.js";
import { assertClose, assertGradOk } from "../helpers/assert.js";
import {
  assertBatchConsistent,
  assertLogDetMatchesJacobian,
  assertRoundTrip,
  assertTransformGradients,
  fixedPoints,
} from "./support.js";

const positiveX = (shape: number[], seed: number): Tensor => exp(fixedPoints(shape, seed, 1.5));

test("power: values and round trip for several exponents", () => {
  for (const p of [2.5, -0.5, 1 / 3]) {
    const t = new PowerTransform(p);
    const x = positiveX([5], 1);
    assertClose(
      t.forward(x).data,
      x.toFlatArray().map((v) => v ** p),
      { rtol: 1e-14 },
    );
    assertRoundTrip(t, x, positiveX([5], 2), 1e-12);
    assertLogDetMatchesJacobian(t, positiveX([4], 3));
  }
});

test("power: batches and gradients, including with respect to the exponent", () => {
  const t = new PowerTransform(tensor([1.5, -2]));
  assertBatchConsistent(t, positiveX([3, 2], 4));
  assertTransformGradients(t, positiveX([2], 5));
  const w = fixedPoints([3], 6, 1);
  assertGradOk(
    (q: { x: Tensor; p: Tensor }) => {
      const pt = new PowerTransform(q.p);
      const y = pt.forward(q.x);
      return sum(mul(w, y))
        .add(sum(pt.logAbsDetJacobian(q.x, y)))
        .add(sum(mul(w, pt.inverse(q.x))));
    },
    { x: positiveX([3], 7), p: tensor(0.7) },
  );
});

test("power: a zero exponent is rejected", () => {
  assert.throws(() => new PowerTransform(0), /exponent must be finite and non-zero, got 0/);
});
