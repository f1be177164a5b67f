import { test } from "node:test";
import assert from "node:assert/strict";
import {
  AffineTransform,
  ComposeTransform,
  ExpTransform,
  LowerCholeskyTransform,
  SigmoidTransform,
  StickBreakingTransform,
  CholeskyOuterProductTransform,
} from "../../src/transforms/index.js";
import { add, sum } from "../../src/autodiff/index.js";
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

test("compose: applies parts left to right and inverts right to left", () => {
  const c = new ComposeTransform([new ExpTransform(), new AffineTransform(2, 3)]);
  const x = fixedPoints([5], 1);
  assertClose(
    c.forward(x).data,
    x.toFlatArray().map((v) => 2 + 3 * Math.exp(v)),
    { rtol: 1e-14 },
  );
  assertRoundTrip(c, x, c.forward(fixedPoints([5], 2)), 1e-12);
  assert.equal(c.name, "compose(exp, affine)");
});

test("compose: the log-det is the sum of the parts' log-dets at their own inputs", () => {
  const exp = new ExpTransform();
  const affine = new AffineTransform(tensor([1, -1, 0.5]), tensor([0.5, 2, -4]));
  const sig = new SigmoidTransform();
  const c = new ComposeTransform([affine, sig, exp]);
  const x = fixedPoints([2, 3], 3);
  const x1 = affine.forward(x);
  const x2 = sig.forward(x1);
  const expected = add(
    add(affine.logAbsDetJacobian(x, x1), sig.logAbsDetJacobian(x1, x2)),
    exp.logAbsDetJacobian(x2, exp.forward(x2)),
  );
  assertClose(c.logAbsDetJacobian(x, c.forward(x)).data, expected.data, { rtol: 1e-14 });
  assertLogDetMatchesJacobian(c, fixedPoints([3], 4));
});

test("compose: an elementwise part before a vector part is summed over the event axis", () => {
  const exp = new ExpTransform();
  const sb = new StickBreakingTransform();
  const c = new ComposeTransform([exp, sb]);
  assert.equal(c.domainEventDim, 1);
  assert.equal(c.codomainEventDim, 1);
  const x = fixedPoints([3, 4], 5);
  const l = c.logAbsDetJacobian(x, c.forward(x));
  assert.deepEqual(l.shape, [3]);
  const ex = exp.forward(x);
  assertClose(l.data, add(sum(x, -1), sb.logAbsDetJacobian(ex, sb.forward(ex))).data, { rtol: 1e-14 });
  // and against the finite-difference Jacobian onto the first K-1 simplex entries
  assertLogDetMatchesJacobian(c, fixedPoints([4], 6), { restrict: (y) => Array.from(y.data.slice(0, 4)) });
  assertBatchConsistent(c, x);
  assertTransformGradients(c, fixedPoints([4], 7));
});

test("compose: event ranks through a rank-raising chain", () => {
  const c = new ComposeTransform([
    new AffineTransform(0, 2),
    new LowerCholeskyTransform(),
    new CholeskyOuterProductTransform(),
  ]);
  assert.equal(c.domainEventDim, 1);
  assert.equal(c.codomainEventDim, 2);
  assert.deepEqual(c.forwardShape([4, 6]), [4, 3, 3]);
  assert.deepEqual(c.inverseShape([4, 3, 3]), [4, 6]);
  const x = fixedPoints([6], 8, 1);
  // the affine part contributes 6 log 2 on top of the covariance transform
  assertLogDetMatchesJacobian(c, x, { restrict: (S) => lowerEntries(S) });
  assertBatchConsistent(c, fixedPoints([2, 6], 9, 1));
});

test("compose: an empty list is rejected", () => {
  assert.throws(() => new ComposeTransform([]), /at least one part/);
});
