import { test } from "node:test";
import assert from "node:assert/strict";
import { AffineTransform } from "../../src/transforms/index.js";
import { mul, sum } from "../../src/autodiff/index.js";
import { type Tensor, tensor } from "../../src/tensor/tensor.js";
import { assertClose, assertGradOk } from "../helpers/assert.js";
import {
  assertBatchConsistent,
  assertLogDetMatchesJacobian,
  assertRoundTrip,
  assertTransformGradients,
  fixedPoints,
} from "./support.js";

test("affine: values, broadcasting of loc and scale, round trip", () => {
  const t = new AffineTransform(tensor([1, -2, 3]), -0.5);
  const x = fixedPoints([2, 3], 1);
  const y = t.forward(x);
  assert.deepEqual(y.shape, [2, 3]);
  assertClose(
    y.data,
    x.toFlatArray().map((v, i) => [1, -2, 3][i % 3]! - 0.5 * v),
  );
  assertRoundTrip(t, x, fixedPoints([2, 3], 2), 1e-12);
});

test("affine: log-det is log|scale| per element, summed over the event axes", () => {
  const scale = tensor([2, -3, 0.25]);
  const x = fixedPoints([2, 3], 3);
  const elementwise = new AffineTransform(0, scale);
  const l0 = elementwise.logAbsDetJacobian(x, elementwise.forward(x));
  assert.deepEqual(l0.shape, [2, 3]);
  assertClose(
    l0.data,
    [0, 1, 2, 0, 1, 2].map((i) => Math.log(Math.abs(scale.data[i]!))),
  );
  const vector = new AffineTransform(0, scale, 1);
  const l1 = vector.logAbsDetJacobian(x, vector.forward(x));
  assert.deepEqual(l1.shape, [2]);
  assertClose(l1.data, [Math.log(1.5), Math.log(1.5)], { rtol: 1e-14 });
  // a scalar scale still counts once per coordinate
  const scalarScale = new AffineTransform(1, 3, 1);
  assertClose(scalarScale.logAbsDetJacobian(x, scalarScale.forward(x)).data, [3 * Math.log(3), 3 * Math.log(3)]);
  assertLogDetMatchesJacobian(vector, fixedPoints([3], 4));
});

test("affine: batches and gradients with respect to x, loc and scale", () => {
  const t = new AffineTransform(tensor([0.5, 1]), tensor([2, -1.5]), 1);
  assertBatchConsistent(t, fixedPoints([3, 2], 5));
  assertTransformGradients(t, fixedPoints([2], 6));
  const w = fixedPoints([2, 2], 7, 1);
  const params = { x: fixedPoints([2, 2], 8), loc: tensor([0.3, -0.2]), scale: tensor([1.7, -0.6]) };
  assertGradOk((p: { x: Tensor; loc: Tensor; scale: Tensor }) => {
    const a = new AffineTransform(p.loc, p.scale, 1);
    const y = a.forward(p.x);
    return sum(mul(w, y))
      .add(sum(a.logAbsDetJacobian(p.x, y)))
      .add(sum(mul(w, a.inverse(p.x))));
  }, params);
});

test("affine: zero or non-finite scale is rejected", () => {
  assert.throws(() => new AffineTransform(0, tensor([1, 0])), /scale must be finite and non-zero, got 0 at index 1/);
  assert.throws(() => new AffineTransform(NaN, 1), /loc must be finite, got NaN/);
});
