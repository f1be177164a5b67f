import { test } from "node:test";
import assert from "node:assert/strict";
import { LowerCholeskyTransform } from "../../src/transforms/index.js";
import { lowerCholesky } from "../../src/distributions/constraints.js";
import { tensor } from "../../src/tensor/tensor.js";
import { assertClose } from "../helpers/assert.js";
import {
  assertBatchConsistent,
  assertLogDetMatchesJacobian,
  assertRoundTrip,
  assertTransformGradients,
  fixedPoints,
  lowerEntries,
} from "./support.js";

const t = new LowerCholeskyTransform();

test("lowerCholesky: packs row by row with exp on the diagonal", () => {
  const L = t.forward(tensor([0, 1, Math.log(2), 3, 4, 0.5]));
  assert.deepEqual(L.toArray(), [
    [1, 0, 0],
    [1, 2, 0],
    [3, 4, Math.exp(0.5)],
  ]);
  assert.ok(lowerCholesky.check(L));
});

test("lowerCholesky: round trip", () => {
  const x = fixedPoints([10], 1);
  assertRoundTrip(t, x, t.forward(fixedPoints([10], 2)), 1e-12);
});

test("lowerCholesky: log-det matches the Jacobian from x to the lower-triangle entries", () => {
  // L is determined by its n(n+1)/2 lower entries; the zeros above the diagonal are dropped.
  for (const m of [1, 3, 6, 10]) {
    const x = fixedPoints([m], m);
    assertLogDetMatchesJacobian(t, x, { restrict: (L) => lowerEntries(L) });
  }
});

test("lowerCholesky: batches, gradients, shapes and errors", () => {
  assertBatchConsistent(t, fixedPoints([3, 6], 4));
  assertTransformGradients(t, fixedPoints([6], 5));
  assert.deepEqual(t.forwardShape([2, 10]), [2, 4, 4]);
  assert.deepEqual(t.inverseShape([2, 4, 4]), [2, 10]);
  assert.throws(() => t.forward(fixedPoints([4], 6)), /length 4, expected n\(n\+1\)\/2/);
  assert.throws(() => t.inverse(fixedPoints([2, 3], 6)), /square matrices/);
  assertClose(t.logAbsDetJacobian(tensor([0.5, 9, -1.5]), t.forward(tensor([0.5, 9, -1.5]))).item(), -1);
});
