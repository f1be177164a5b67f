import { test } from "node:test";
import assert from "node:assert/strict";
import { SigmoidTransform } from "../../src/transforms/index.js";
import { unitInterval } from "../../src/distributions/constraints.js";
import { tensor } from "../../src/tensor/tensor.js";
import { assertClose } from "../helpers/assert.js";
import {
  assertBatchConsistent,
  assertLogDetMatchesJacobian,
  assertRoundTrip,
  assertTransformGradients,
  fixedPoints,
} from "./support.js";

const t = new SigmoidTransform();

test("sigmoid: round trip", () => {
  assertRoundTrip(t, fixedPoints([7], 1, 5), t.forward(fixedPoints([7], 2, 5)));
});

test("sigmoid: log-det matches the finite-difference Jacobian", () => {
  assertLogDetMatchesJacobian(t, fixedPoints([5], 3, 4));
});

test("sigmoid: the log-det stays finite and accurate where σ(1-σ) underflows", () => {
  const x = tensor([-800, 800, 40]);
  const l = t.logAbsDetJacobian(x, t.forward(x));
  // log σ(x)(1-σ(x)) ≈ -|x| for large |x|
  assertClose(l.data, [-800, -800, -40 - 2 * Math.exp(-40)], { rtol: 1e-14 });
  assert.ok(unitInterval.check(t.forward(tensor([-30, 30, 0]))));
});

test("sigmoid: batches and gradients", () => {
  assertBatchConsistent(t, fixedPoints([3, 2], 4));
  assertTransformGradients(t, fixedPoints([4], 5, 3));
});
