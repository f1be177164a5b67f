import { test } from "node:test";
import assert from "node:assert/strict";
import { OrderedTransform } from "../../src/transforms/index.js";
import { orderedVector } from "../../src/distributions/constraints.js";
import { tensor } from "../../src/tensor/tensor.js";
import { assertClose } from "../helpers/assert.js";
import {
  assertBatchConsistent,
  assertLogDetMatchesJacobian,
  assertRoundTrip,
  assertTransformGradients,
  fixedPoints,
} from "./support.js";

const t = new OrderedTransform();

test("ordered: y_0 = x_0, y_k = y_{k-1} + exp(x_k)", () => {
  const y = t.forward(tensor([-1, 0, Math.log(2), Math.log(0.5)]));
  assertClose(y.data, [-1, 0, 2, 2.5], { atol: 1e-15 });
  assert.ok(orderedVector.check(y));
});

test("ordered: round trip", () => {
  for (const K of [1, 2, 5]) assertRoundTrip(t, fixedPoints([K], K, 2), t.forward(fixedPoints([K], K + 1, 2)), 1e-10);
});

test("ordered: log-det is Σ_{k≥1} x_k and matches the finite-difference Jacobian", () => {
  const x = fixedPoints([5], 3);
  assertClose(
    t.logAbsDetJacobian(x, t.forward(x)).item(),
    x
      .toFlatArray()
      .slice(1)
      .reduce((a, b) => a + b, 0),
    {
      rtol: 1e-14,
    },
  );
  assertLogDetMatchesJacobian(t, x);
});

test("ordered: extreme inputs stay increasing where doubles can represent the increments", () => {
  // An increment e^-30 added after a jump to ~1e13 is below the spacing of doubles there and
  // is lost (see OrderedTransform), so the cases keep tiny increments before large ones.
  for (const x of [
    [30, 30, 30],
    [-30, -30, -30],
    [-30, -30, 30],
    [30, -30],
    [0, 30, 30],
  ]) {
    const y = t.forward(tensor(x));
    assert.ok(orderedVector.check(y), `ordered check at x = ${x}: ${y.toString()}`);
  }
});

test("ordered: batches and gradients", () => {
  assertBatchConsistent(t, fixedPoints([3, 4], 4));
  assertTransformGradients(t, fixedPoints([4], 5));
});
