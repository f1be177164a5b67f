import { test } from "node:test";
import assert from "node:assert/strict";
import { SoftplusTransform } from "../../src/transforms/index.js";
import { positive } from "../../src/distributions/constraints.js";
import { tensor } from "../../src/tensor/tensor.js";
import { assertClose } from "../helpers/assert.js";
import {
  assertBatchConsistent,
  assertLogDetMatchesJacobian,
  assertRoundTrip,
  assertTransformGradients,
  fixedPoints,
} from "./support.js";

const t = new SoftplusTransform();

test("softplus: values against log(1 + e^x), round trip", () => {
  const x = fixedPoints([6], 1, 4);
  assertClose(
    t.forward(x).data,
    x.toFlatArray().map((v) => Math.log(1 + Math.exp(v))),
    { rtol: 1e-14 },
  );
  assertRoundTrip(t, x, t.forward(fixedPoints([6], 2, 4)));
});

test("softplus: log-det matches the finite-difference Jacobian", () => {
  assertLogDetMatchesJacobian(t, fixedPoints([5], 3, 4));
});

test("softplus: extreme inputs stay positive and invert", () => {
  const y = t.forward(tensor([-30, 30, 700]));
  assert.ok(positive.check(y));
  assertClose(t.inverse(y).data, [-30, 30, 700], { rtol: 1e-12 });
  assert.ok(Number.isFinite(t.logAbsDetJacobian(tensor([-800]), tensor([0])).item()));
});

test("softplus: batches and gradients", () => {
  assertBatchConsistent(t, fixedPoints([3, 2], 4));
  assertTransformGradients(t, fixedPoints([4], 5, 3));
});
