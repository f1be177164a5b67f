import { test } from "node:test";
import assert from "node:assert/strict";
import {
  type Tensor,
  broadcastTo,
  concat,
  expandDims,
  flip,
  reshape,
  scatterAdd,
  slice,
  squeeze,
  stack,
  sum,
  take,
  takeAlongAxis,
  tensor,
  transpose,
  valueAndGrad,
  zeros,
} from "../../src/index.js";
import { assertClose, assertGradOk } from "../helpers/assert.js";
import { probe, sample } from "./probe.js";

const x = sample([2, 3, 4], 3);

test("reshape and transpose: gradients match finite differences", () => {
  assertGradOk((a: Tensor) => probe(reshape(a, [4, -1])), x);
  assertGradOk((a: Tensor) => probe(transpose(a)), x);
  assertGradOk((a: Tensor) => probe(transpose(a, [1, 2, 0])), x);
  // a chain of views: each gets its own node even though they share data
  assertGradOk((a: Tensor) => probe(reshape(a, [24]).mul(reshape(a, [24]))), x);
});

test("squeeze, expandDims, broadcastTo: gradients match finite differences", () => {
  const y = sample([3, 1, 4]);
  assertGradOk((a: Tensor) => probe(squeeze(a)), y);
  assertGradOk((a: Tensor) => probe(squeeze(a, -2)), y);
  assertGradOk((a: Tensor) => probe(expandDims(a, [0, -1])), y);
  assertGradOk((a: Tensor) => probe(broadcastTo(a, [2, 3, 5, 4])), y);
  assertGradOk((a: Tensor) => probe(broadcastTo(a, [3, 1, 4])), y);
  assertGradOk((a: Tensor) => probe(broadcastTo(a, [2, 3])), tensor(1.5));
  assert.deepEqual(broadcastTo(tensor([1, 2]), [2, 2]).toArray(), [
    [1, 2],
    [1, 2],
  ]);
  assert.throws(() => broadcastTo(y, [3, 2, 5]), /cannot broadcast/);
});

test("slice and flip: gradients match finite differences, negative steps included", () => {
  assertGradOk((a: Tensor) => probe(slice(a, [{ start: 1 }, { step: -2 }, { start: -3, stop: 3 }])), x);
  assertGradOk((a: Tensor) => probe(slice(a, [null, { start: 1, stop: 2 }])), x);
  assertGradOk((a: Tensor) => probe(flip(a, [0, 2])), x);
  assertGradOk((a: Tensor) => probe(flip(a)), x);
  // overlapping slices of one tensor accumulate
  const [, g] = valueAndGrad((a: Tensor) => sum(slice(a, [{ stop: 3 }])).add(sum(slice(a, [{ start: 1 }]))))(
    tensor([1, 2, 3, 4]),
  );
  assert.deepEqual(g.toFlatArray(), [1, 2, 2, 1]);
});

test("concat and stack: gradients reach every input along any axis", () => {
  type Three = { a: Tensor; b: Tensor; c: Tensor };
  const parts: Three = { a: sample([2, 1, 4], 1), b: sample([2, 3, 4], 2), c: sample([2, 2, 4], 3) };
  assertGradOk((p: Three) => probe(concat([p.a, p.b, p.c], 1)), parts);
  assertGradOk((p: Three) => probe(concat([p.a, p.a, p.c], -2)), parts);
  const same: Three = { a: sample([2, 3], 1), b: sample([2, 3], 2), c: sample([2, 3], 3) };
  for (const axis of [0, 1, 2, -1]) assertGradOk((p: Three) => probe(stack([p.a, p.b, p.c], axis)), same);
  // a constant among tracked inputs gets no gradient and causes no error
  assertGradOk((b: Tensor) => probe(concat([tensor([[9, 9, 9]]), b], 0)), sample([2, 3]));
});

test("stack: values and shape errors", () => {
  const s = stack([tensor([1, 2]), tensor([3, 4])], 1);
  assert.deepEqual(s.toArray(), [
    [1, 3],
    [2, 4],
  ]);
  assert.deepEqual(stack([tensor(1), tensor(2)]).toFlatArray(), [1, 2]);
  assert.throws(() => stack([]), /stack: expected at least one tensor, got none/);
  assert.throws(
    () => stack([tensor([1, 2]), tensor([1, 2, 3])]),
    /stack: tensor 1 has shape \[3\], expected \[2\] like tensor 0/,
  );
  assert.throws(() => stack([tensor([1, 2])], 2), /stack: axis 2 is out of range for a tensor with 2 dimensions/);
});

test("take: gradient scatter-adds, repeated and negative indices included", () => {
  for (const axis of [0, 1, 2, -1]) {
    assertGradOk((a: Tensor) => probe(take(a, [1, -1, 0, 1], axis)), x);
    assertGradOk(
      (a: Tensor) =>
        probe(
          take(
            a,
            tensor([
              [0, 1],
              [1, 1],
            ]),
            axis,
          ),
        ),
      x,
    );
  }
  const [, g] = valueAndGrad((a: Tensor) => sum(take(a, [2, 2, 0, -1])))(tensor([5, 6, 7]));
  assert.deepEqual(g.toFlatArray(), [1, 0, 3]);
});

test("take: a single index drops the axis; bad indices and axes are reported", () => {
  const m = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.deepEqual(take(m, 1).toFlatArray(), [4, 5, 6]);
  assert.deepEqual(take(m, -1, 1).toFlatArray(), [3, 6]);
  assert.deepEqual(m.take([0, 0], 1).toArray(), [
    [1, 1],
    [4, 4],
  ]);
  assert.throws(() => take(m, [0, 3], 1), /take: index 3 at position 1 is out of range for axis 1 of extent 3/);
  assert.throws(() => take(m, [2]), /take: index 2 at position 0 is out of range for axis 0 of extent 2/);
  assert.throws(() => take(m, [0], 2), /take: axis 2 is out of range for a tensor with 2 dimensions/);
  assert.throws(() => take(tensor(3), [0]), /take: cannot index a 0-dimensional tensor/);
});

test("scatterAdd: gradients in base and updates, broadcast updates included", () => {
  type BU = { base: Tensor; upd: Tensor };
  const p: BU = { base: sample([3, 4], 1), upd: sample([3, 5], 2) };
  assertGradOk((q: BU) => probe(scatterAdd(q.base, [0, 3, 3, -1, 1], q.upd, 1)), p);
  const q2: BU = { base: sample([3, 4], 1), upd: sample([4], 2) };
  assertGradOk((q: BU) => probe(scatterAdd(q.base, [2, 0, 2], q.upd, 0)), q2);
  const out = scatterAdd(zeros([4]), [1, 1, 3], 1);
  assert.deepEqual(out.toFlatArray(), [0, 2, 0, 1]);
  assert.throws(
    () => scatterAdd(zeros([3, 4]), [0, 1], zeros([3, 3]), 1),
    /scatterAdd: updates of shape \[3, 3\] do not broadcast to \[3, 2\] \(base \[3, 4\] with indices \[2\] on axis 1\)/,
  );
  assert.throws(
    () => scatterAdd(zeros([3]), [3], 1),
    /scatterAdd: index 3 at position 0 is out of range for axis 0 of extent 3/,
  );
});

test("take and scatterAdd are adjoint: <take(a), u> = <a, scatterAdd(0, u)>", () => {
  const a = sample([3, 4], 4);
  const u = sample([3, 6], 5);
  const idx = [3, 0, 0, 2, -1, 1];
  const lhs = sum(take(a, idx, 1).mul(u)).item();
  const rhs = sum(a.mul(scatterAdd(zeros([3, 4]), idx, u, 1))).item();
  assertClose(lhs, rhs, { rtol: 1e-13 });
});

test("takeAlongAxis: gradient matches finite differences, with broadcast indices", () => {
  assertGradOk(
    (a: Tensor) =>
      probe(
        takeAlongAxis(
          a,
          tensor([
            [[3], [0], [1]],
            [[2], [2], [-1]],
          ]),
          2,
        ),
      ),
    x,
  );
  assertGradOk((a: Tensor) => probe(takeAlongAxis(a, tensor([[[1, 0, 1, 1]]]), 0)), x);
  // indices broadcast over axis 0 of a; a broadcast over axis 2 of the indices
  assertGradOk(
    (a: Tensor) =>
      probe(
        takeAlongAxis(
          a,
          tensor([
            [
              [2, 0],
              [1, 1],
              [0, 2],
            ],
          ]),
          1,
        ),
      ),
    sample([2, 3, 1], 6),
  );
  const logp = tensor([
    [-0.1, -2.4, -3],
    [-1.2, -0.5, -2],
  ]);
  const labels = tensor([2, 0]);
  assert.deepEqual(takeAlongAxis(logp, expandDims(labels, -1), -1).toArray(), [[-3], [-1.2]]);
  assert.throws(
    () => takeAlongAxis(logp, labels, 1),
    /takeAlongAxis: indices must have as many dimensions as the tensor/,
  );
  assert.throws(
    () => takeAlongAxis(logp, tensor([[3], [0]]), 1),
    /takeAlongAxis: index 3 at position 0 is out of range for axis 1 of extent 3/,
  );
});
