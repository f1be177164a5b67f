import { test } from "node:test";
import assert from "node:assert/strict";
import { TanhTransform } from "../../src/transforms/index.js";
import { tensor } from "../../src/tensor/tensor.js";
import { assertClose } from "../helpers/assert.js";
import {
  assertBatchConsistent,
  assertLogDetMatchesJacobian,
  assertRoundTrip,
  assertTransformGradients,
  fixedPoints,
} from "./support.js";

const t = new TanhTransform();

test("tanh: round trip", () => {
  assertRoundTrip(t, fixedPoints([7], 1, 3), t.forward(fixedPoints([7], 2, 3)), 1e-9);
});

test("tanh: log-det matches the finite-difference Jacobian and log(1 - tanh²)", () => {
  const x = fixedPoints([5], 3, 2);
  assertLogDetMatchesJacobian(t, x);
  assertClose(
    t.logAbsDetJacobian(x, t.forward(x)).data,
    x.toFlatArray().map((v) => Math.log(1 - Math.tanh(v) ** 2)),
    { rtol: 1e-12, atol: 1e-12 },
  );
});

test("tanh: the log-det is finite where tanh rounds to ±1", () => {
  const l = t.logAbsDetJacobian(tensor([-30, 30]), tensor([-1, 1]));
  assertClose(l.data, [2 * Math.LN2 - 60, 2 * Math.LN2 - 60], { rtol: 1e-14 });
  assert.ok(t.codomain.check(t.forward(tensor([-30, 30]))));
});

test("tanh: batches and gradients", () => {
  assertBatchConsistent(t, fixedPoints([3, 2], 4));
  assertTransformGradients(t, fixedPoints([4], 5, 2));
});
