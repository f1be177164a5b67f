import { test } from "node:test";
import assert from "node:assert/strict";
import { CorrCholeskyTransform } from "../../src/transforms/index.js";
import { corrCholesky } from "../../src/distributions/constraints.js";
import { full, tensor } from "../../src/tensor/tensor.js";
import { assertClose } from "../helpers/assert.js";
import {
  assertBatchConsistent,
  assertLogDetMatchesJacobian,
  assertRoundTrip,
  assertTransformGradients,
  fixedPoints,
  lowerEntries,
} from "./support.js";

const t = new CorrCholeskyTransform();

test("corrCholesky: Stan's construction on a 3×3 example", () => {
  const x = tensor([0.3, -0.7, 1.1]);
  const [z10, z20, z21] = [Math.tanh(0.3), Math.tanh(-0.7), Math.tanh(1.1)];
  const r21 = Math.sqrt(1 - z20 * z20);
  const expected = [
    [1, 0, 0],
    [z10, Math.sqrt(1 - z10 * z10), 0],
    [z20, z21 * r21, Math.sqrt(1 - z20 * z20 - (z21 * r21) ** 2)],
  ].flat();
  const L = t.forward(x);
  assertClose(L.data, expected, { atol: 1e-15, rtol: 1e-14 });
  assert.ok(corrCholesky.check(L));
  assert.deepEqual(t.forward(fixedPoints([0], 1)).toArray(), [[1]]);
  assert.deepEqual(t.forward(tensor([0, 0, 0])).toArray(), [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ]);
});

test("corrCholesky: round trip", () => {
  for (const m of [1, 3, 6, 10])
    assertRoundTrip(t, fixedPoints([m], m, 1.5), t.forward(fixedPoints([m], m + 1, 1.5)), 1e-9);
});

test("corrCholesky: log-det matches the Jacobian from x to the strictly-lower entries of L", () => {
  // L has n(n-1)/2 free coordinates: its strictly-lower entries (the diagonal follows from unit row norms).
  for (const m of [1, 3, 6, 10]) {
    const x = fixedPoints([m], 10 + m, 1.5);
    assertLogDetMatchesJacobian(t, x, { restrict: (L) => lowerEntries(L, true) });
  }
});

test("corrCholesky: extreme inputs keep a positive diagonal, unit rows and a finite log-det", () => {
  for (const v of [30, -30]) {
    const x = full([6], v);
    const L = t.forward(x);
    assert.ok(corrCholesky.check(L), `corrCholesky check at x = ${v}: ${L.toString()}`);
    assert.ok(Number.isFinite(t.logAbsDetJacobian(x, L).item()));
  }
  const mixed = tensor([30, -30, 30, 0.5, -30, 2]);
  assert.ok(corrCholesky.check(t.forward(mixed)));
  // the inverse recovers large inputs accurately because the remaining norms are summed from the right
  assertClose(t.inverse(t.forward(tensor([12, -9, 15]))).data, [12, -9, 15], { rtol: 1e-6 });
});

test("corrCholesky: batches, gradients, shapes and errors", () => {
  assertBatchConsistent(t, fixedPoints([3, 6], 4));
  assertTransformGradients(t, fixedPoints([6], 5, 1.5));
  assert.deepEqual(t.forwardShape([2, 6]), [2, 4, 4]);
  assert.deepEqual(t.inverseShape([2, 4, 4]), [2, 6]);
  assert.throws(() => t.forward(fixedPoints([4], 6)), /length 4, expected n\(n-1\)\/2/);
});
