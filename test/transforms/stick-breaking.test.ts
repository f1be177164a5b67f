import { test } from "node:test";
import assert from "node:assert/strict";
import { StickBreakingTransform } from "../../src/transforms/index.js";
import { simplex } from "../../src/distributions/constraints.js";
import { tensor, zeros } from "../../src/tensor/tensor.js";
import { assertClose } from "../helpers/assert.js";
import {
  assertBatchConsistent,
  assertLogDetMatchesJacobian,
  assertRoundTrip,
  assertTransformGradients,
  fixedPoints,
} from "./support.js";

const t = new StickBreakingTransform();

test("stickBreaking: zero maps to the uniform simplex", () => {
  for (const K of [1, 2, 3, 5, 8]) {
    const y = t.forward(zeros([K - 1]));
    assert.deepEqual(y.shape, [K]);
    assertClose(y.data, new Array<number>(K).fill(1 / K), { rtol: 1e-14, what: `K = ${K}` });
    assertClose(t.inverse(y).data, new Array<number>(K - 1).fill(0), { atol: 1e-14 });
  }
});

test("stickBreaking: Stan's construction on an example", () => {
  const x = [0.4, -1.2, 2];
  const K = 4;
  const y: number[] = [];
  let rest = 1;
  x.forEach((v, k) => {
    const z = 1 / (1 + Math.exp(-(v - Math.log(K - 1 - k))));
    y.push(z * rest);
    rest -= z * rest;
  });
  y.push(rest);
  assertClose(t.forward(tensor(x)).data, y, { rtol: 1e-13, atol: 1e-15 });
});

test("stickBreaking: round trip", () => {
  for (const m of [1, 2, 4, 7])
    assertRoundTrip(t, fixedPoints([m], m, 3), t.forward(fixedPoints([m], m + 1, 3)), 1e-10);
});

test("stickBreaking: log-det matches the Jacobian from x to the first K-1 simplex entries", () => {
  // A simplex in R^K has K-1 free coordinates; the last entry, 1 minus the others, is dropped.
  for (const m of [1, 2, 4, 7]) {
    const x = fixedPoints([m], 20 + m, 2);
    assertLogDetMatchesJacobian(t, x, { restrict: (y) => Array.from(y.data.slice(0, m)) });
  }
});

test("stickBreaking: extreme inputs stay on the simplex", () => {
  for (const x of [
    [30, 30, 30],
    [-30, -30, -30],
    [30, -30, 30],
    [-30, 30, -30],
    [700, -700, 0],
  ]) {
    const y = t.forward(tensor(x));
    assert.ok(simplex.check(y), `simplex check at x = ${x}: ${y.toString()}`);
    assert.ok(Number.isFinite(t.logAbsDetJacobian(tensor(x), y).item()));
  }
});

test("stickBreaking: batches, gradients, shapes and errors", () => {
  assertBatchConsistent(t, fixedPoints([3, 4], 4));
  assertTransformGradients(t, fixedPoints([4], 5));
  assert.deepEqual(t.forwardShape([2, 4]), [2, 5]);
  assert.deepEqual(t.inverseShape([2, 5]), [2, 4]);
  assert.throws(() => t.forward(tensor(1)), /StickBreakingTransform.forward: expected at least 1 dimension/);
});
