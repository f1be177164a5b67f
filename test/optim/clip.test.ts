import { test } from "node:test";
import assert from "node:assert/strict";
import { adam, clipByGlobalNorm, globalNorm, sgd, tensor, withGradientClipping } from "../../src/index.js";
import { assertClose } from "../helpers/assert.js";

// ‖(3, 4, 12)‖ = 13.
const grads = { a: tensor([3, 4]), b: tensor([[12]]) };

test("globalNorm: the Euclidean norm over all leaves", () => {
  assert.equal(globalNorm(grads), 13);
  assert.equal(globalNorm(tensor([0, 0])), 0);
  // Scaled accumulation: squaring 3e200 would overflow to Infinity.
  assertClose(globalNorm([tensor([3e200]), tensor([4e200])]), 5e200, { rtol: 1e-15 });
  assert.ok(Number.isNaN(globalNorm(tensor([1, NaN]))));
});

test("clipByGlobalNorm: above the threshold, scales to exactly maxNorm keeping the direction", () => {
  const { grads: clipped, norm } = clipByGlobalNorm(grads, 6.5);
  assert.equal(norm, 13);
  assertClose(clipped.a.data, [1.5, 2], { atol: 1e-15 });
  assertClose(clipped.b.data, [6], { atol: 1e-15 });
  assert.deepEqual(clipped.b.shape, [1, 1]);
  assertClose(globalNorm(clipped), 6.5, { rtol: 1e-15 });
  assert.deepEqual(Array.from(grads.a.data), [3, 4]); // input untouched
});

test("clipByGlobalNorm: at or below the threshold, nothing changes", () => {
  for (const maxNorm of [13, 20]) {
    const r = clipByGlobalNorm(grads, maxNorm);
    assert.equal(r.norm, 13);
    assert.equal(r.grads, grads);
  }
});

test("withGradientClipping and the clipNorm option clip before the update", () => {
  const p = { a: tensor([0, 0]), b: tensor([[0]]) };
  const expected = [-1.5, -2, -6]; // p − 1·clipped
  const wrapped = withGradientClipping(sgd({ learningRate: 1 }), 6.5);
  const viaOption = sgd({ learningRate: 1, clipNorm: 6.5 });
  for (const opt of [wrapped, viaOption]) {
    const r = opt.update(grads, opt.init(p), p).params;
    assertClose([...r.a.data, ...r.b.data], expected, { atol: 1e-15 });
  }
  // Chained with Adam the state is Adam's own, and its moments see the clipped gradient.
  const clippedAdam = withGradientClipping(adam({ learningRate: 0.1 }), 6.5);
  const { state } = clippedAdam.update(grads, clippedAdam.init(p), p);
  assertClose([...(state.m as typeof p).a.data, ...(state.m as typeof p).b.data], [0.15, 0.2, 0.6], { atol: 1e-15 });
});

test("clipByGlobalNorm: maxNorm must be > 0", () => {
  assert.throws(() => clipByGlobalNorm(grads, 0), /clipByGlobalNorm: maxNorm must be > 0, got 0/);
  assert.throws(() => withGradientClipping(sgd({ learningRate: 1 }), -1), /SGD: clipNorm must be > 0, got -1/);
});
