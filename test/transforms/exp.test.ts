import { test } from "node:test";
import assert from "node:assert/strict";
import { ExpTransform } from "../../src/transforms/index.js";
import { positive } from "../../src/distributions/constraints.js";
import { tensor } from "../../src/tensor/tensor.js";
import {
  assertBatchConsistent,
  assertLogDetMatchesJacobian,
  assertRoundTrip,
  assertTransformGradients,
  fixedPoints,
} from "./support.js";

const t = new ExpTransform();

test("exp: round trip", () => {
  assertRoundTrip(t, fixedPoints([7], 1, 3), t.forward(fixedPoints([7], 2, 3)));
});

test("exp: log-det is x and matches the finite-difference Jacobian", () => {
  const x = fixedPoints([5], 3);
  assert.deepEqual(t.logAbsDetJacobian(x, t.forward(x)).toFlatArray(), x.toFlatArray());
  assertLogDetMatchesJacobian(t, x);
});

test("exp: batches, gradients, extreme inputs", () => {
  assertBatchConsistent(t, fixedPoints([3, 4], 4));
  assertTransformGradients(t, fixedPoints([4], 5));
  assert.ok(positive.check(t.forward(tensor([-30, 30, 0]))));
});
