/**
 * Segment nodes (recordSegment): pieces of a flat vector whose cotangents the backward pass
 * adds straight into the vector's. Checked against the same function written with dense ops.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { type Tensor, add, exp, mul, sum, tensor, valueAndGrad, vjp } from "../../src/index.js";
import { recordSegment } from "../../src/autodiff/tape.js";
import { Tensor as TensorClass } from "../../src/tensor/tensor.js";
import { assertGradOk } from "../helpers/assert.js";

function segment(q: Tensor, offset: number, size: number): Tensor {
  return recordSegment(new TensorClass(q.data.slice(offset, offset + size), [size]), q, offset);
}

const q0 = tensor([0.5, -1, 2, 0.25, 3]);

test("several segments, overlapping ones and a dense use of the vector all accumulate", () => {
  const f = (q: Tensor) => {
    const a = segment(q, 0, 2);
    const b = segment(q, 1, 3); // overlaps a
    const c = segment(q, 4, 1);
    return add(add(add(sum(mul(a, a)), sum(exp(b))), sum(mul(c, 3))), sum(mul(q, q))); // q used densely too
  };
  const [v, g] = valueAndGrad(f)(q0);
  const x = Array.from(q0.data);
  const expected = x.map(
    (xi, i) => (i < 2 ? 2 * xi : 0) + (i >= 1 && i < 4 ? Math.exp(xi) : 0) + (i === 4 ? 3 : 0) + 2 * xi,
  );
  assert.deepEqual(Array.from(g.data), expected);
  assert.equal(v.item(), f(q0).item());
  assertGradOk(f, q0);
});

test("a dense cotangent first, then segments: the dense one is not written to", () => {
  const w = tensor([1, 2, 3, 4, 5]);
  const f = (q: Tensor) => add(sum(mul(q, w)), sum(segment(q, 2, 2)));
  const [, g] = valueAndGrad(f)(q0);
  assert.deepEqual(Array.from(g.data), [1, 2, 4, 5, 5]);
  assert.deepEqual(Array.from(w.data), [1, 2, 3, 4, 5]);
});

test("vjp pulls back through segments more than once, each time afresh", () => {
  const [out, pullback] = vjp((q: Tensor) => mul(segment(q, 1, 2), 2), q0);
  assert.deepEqual(Array.from(out.data), [-2, 4]);
  assert.deepEqual(Array.from(pullback(tensor([1, 10])).data), [0, 2, 20, 0, 0]);
  assert.deepEqual(Array.from(pullback(tensor([1, 10])).data), [0, 2, 20, 0, 0]);
});

test("a segment of a vector tracked by an enclosing gradient call", () => {
  // the inner call differentiates in p; q belongs to the outer call
  const outer = (q: Tensor) => {
    const inner = valueAndGrad((p: Tensor) => sum(mul(p, segment(q, 0, 3))));
    const [v] = inner(tensor([1, 2, 3]));
    return add(v, sum(segment(q, 3, 2)));
  };
  const [v, g] = valueAndGrad(outer)(q0);
  assert.equal(v.item(), 0.5 - 2 + 6 + 0.25 + 3);
  assert.deepEqual(Array.from(g.data), [1, 2, 3, 1, 1]);
});
