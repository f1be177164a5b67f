import { test } from "node:test";
import assert from "node:assert/strict";
import { CholeskyOuterProductTransform } from "../../src/transforms/index.js";
import { positiveDefinite } from "../../src/distributions/constraints.js";
import { type Tensor, tensor } from "../../src/tensor/tensor.js";
import { assertClose } from "../helpers/assert.js";
import {
  assertBatchConsistent,
  assertLogDetMatchesJacobian,
  assertRoundTrip,
  assertTransformGradients,
  fixedPoints,
  lowerEntries,
  lowerFromEntries,
} from "./support.js";

const t = new CholeskyOuterProductTransform();

/** A lower-triangular matrix with positive diagonal, built deterministically. */
function choleskyFactor(n: number, seed: number): Tensor {
  const v = fixedPoints([n * n], seed, 1).toFlatArray();
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) d[i * n + j] = i === j ? Math.exp(v[i * n + j]!) : v[i * n + j]!;
  return tensor(d, [n, n]);
}

test("choleskyOuterProduct: L Lᵀ is positive definite and the Cholesky factor inverts it", () => {
  const L = choleskyFactor(3, 1);
  const S = t.forward(L);
  assert.ok(positiveDefinite.check(S));
  assertRoundTrip(t, L, t.forward(choleskyFactor(3, 2)), 1e-12);
});

test("choleskyOuterProduct: log-det matches the Jacobian between lower triangles", () => {
  // Both sides are n(n+1)/2-dimensional: L through its lower entries, Σ (symmetric) through its lower entries.
  for (const n of [1, 2, 3, 4]) {
    const L = choleskyFactor(n, 10 + n);
    assertLogDetMatchesJacobian(t, L, {
      coordinates: { pack: (x) => lowerEntries(x), unpack: (v) => lowerFromEntries(v, n) },
      restrict: (S) => lowerEntries(S),
    });
  }
  const L = tensor([
    [2, 0],
    [0.5, 3],
  ]);
  assertClose(t.logAbsDetJacobian(L, t.forward(L)).item(), 2 * Math.LN2 + 2 * Math.log(2) + Math.log(3), {
    rtol: 1e-14,
  });
});

test("choleskyOuterProduct: batches and gradients", () => {
  const batch = tensor([...choleskyFactor(3, 3).data, ...choleskyFactor(3, 4).data], [2, 3, 3]);
  assertBatchConsistent(t, batch);
  assertTransformGradients(t, choleskyFactor(3, 5));
});
