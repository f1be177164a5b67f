import { test } from "node:test";
import assert from "node:assert/strict";
import { IdentityTransform } from "../../src/transforms/index.js";
import { fixedPoints } from "./support.js";

test("identity: forward and inverse return the input; the log-det is zero with the batch shape", () => {
  const x = fixedPoints([2, 3], 1);
  for (const eventDim of [0, 1]) {
    const t = new IdentityTransform(eventDim);
    assert.equal(t.forward(x), x);
    assert.equal(t.inverse(x), x);
    const l = t.logAbsDetJacobian(x, x);
    assert.deepEqual(l.shape, eventDim === 0 ? [2, 3] : [2]);
    assert.ok(l.toFlatArray().every((v) => v === 0));
  }
  assert.equal(new IdentityTransform(1).domain.kind, "realVector");
});

test("identity: a bad event rank is rejected", () => {
  assert.throws(() => new IdentityTransform(-1), /eventDim must be a non-negative integer, got -1/);
  assert.throws(() => new IdentityTransform(1).logAbsDetJacobian(fixedPoints([], 1), fixedPoints([], 1)), /at least 1/);
});
