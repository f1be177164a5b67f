import { test } from "node:test";
import assert from "node:assert/strict";
import { type Tensor, tensor, zeros } from "../../src/index.js";
import {
  alongAxisIndices,
  normalizeIndices,
  planAlongAxis,
  scatterAddKernel,
  scatterAlongAxisKernel,
  takeAlongAxisKernel,
  takeKernel,
} from "../../src/tensor/kernels/indexing.js";

const m = tensor([
  [0, 1, 2, 3],
  [4, 5, 6, 7],
  [8, 9, 10, 11],
]);

function take(a: Tensor, idx: Tensor, axis: number): Tensor {
  return takeKernel(a, normalizeIndices(idx, a.shape[axis]!, "take", axis), idx.shape, axis);
}

test("take gathers along an axis, replacing it by the indices' shape", () => {
  assert.deepEqual(take(m, tensor([2, 0, -1]), 0).toArray(), [
    [8, 9, 10, 11],
    [0, 1, 2, 3],
    [8, 9, 10, 11],
  ]);
  assert.deepEqual(take(m, tensor([3, 3, 0]), 1).toArray(), [
    [3, 3, 0],
    [7, 7, 4],
    [11, 11, 8],
  ]);
  const t = take(m, tensor([[1], [-4]]), 1);
  assert.deepEqual(t.shape, [3, 2, 1]);
  assert.deepEqual(t.toFlatArray(), [1, 0, 5, 4, 9, 8]);
  assert.deepEqual(take(m, tensor(2), 1).toArray(), [2, 6, 10]);
});

test("index errors name the index, its position and the axis extent", () => {
  assert.throws(
    () => normalizeIndices(tensor([0, 4]), 4, "take", 1),
    /take: index 4 at position 1 is out of range for axis 1 of extent 4/,
  );
  assert.throws(
    () => normalizeIndices(tensor([-5]), 4, "take", 0),
    /take: index -5 at position 0 is out of range for axis 0 of extent 4/,
  );
  assert.throws(
    () => normalizeIndices(tensor([0.5]), 4, "take", 0),
    /take: indices must be integers, got 0.5 at position 0/,
  );
  assert.throws(() => normalizeIndices(tensor([NaN]), 4, "take", 0), /take: indices must be integers, got NaN/);
});

test("scatterAdd adds updates at the indices, accumulating repeats", () => {
  const idx = normalizeIndices(tensor([1, 1, -1]), 3, "scatterAdd", 0);
  const out = scatterAddKernel(
    zeros([3, 2]),
    idx,
    tensor([
      [1, 2],
      [10, 20],
      [100, 200],
    ]),
    0,
  );
  assert.deepEqual(out.toArray(), [
    [0, 0],
    [11, 22],
    [100, 200],
  ]);
  const idx1 = normalizeIndices(tensor([0, 2, 0]), 4, "scatterAdd", 1);
  const out1 = scatterAddKernel(
    m,
    idx1,
    tensor([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]),
    1,
  );
  assert.deepEqual(out1.toArray(), [
    [4, 1, 4, 3],
    [14, 5, 11, 7],
    [24, 9, 18, 11],
  ]);
});

test("takeAlongAxis picks one element per index and broadcasts the other axes", () => {
  const idx = tensor([[3], [0], [1]]);
  const plan = planAlongAxis(m.shape, idx.shape, 1, "takeAlongAxis");
  assert.deepEqual(plan.outShape, [3, 1]);
  const i = alongAxisIndices(idx, plan, 4, "takeAlongAxis");
  assert.deepEqual(takeAlongAxisKernel(m, i, plan).toFlatArray(), [3, 4, 9]);
  assert.deepEqual(scatterAlongAxisKernel(tensor([[1], [2], [3]]), i, plan).toArray(), [
    [0, 0, 0, 1],
    [2, 0, 0, 0],
    [0, 3, 0, 0],
  ]);
  // a single row of indices applied to every row of m
  const row = tensor([[2, -1]]);
  const plan2 = planAlongAxis(m.shape, row.shape, 1, "takeAlongAxis");
  const i2 = alongAxisIndices(row, plan2, 4, "takeAlongAxis");
  assert.deepEqual(takeAlongAxisKernel(m, i2, plan2).toArray(), [
    [2, 3],
    [6, 7],
    [10, 11],
  ]);
  // along axis 0
  const plan3 = planAlongAxis(m.shape, [1, 4], 0, "takeAlongAxis");
  const i3 = alongAxisIndices(tensor([[2, 1, 0, 2]]), plan3, 3, "takeAlongAxis");
  assert.deepEqual(takeAlongAxisKernel(m, i3, plan3).toFlatArray(), [8, 5, 2, 11]);
});

test("takeAlongAxis shape errors", () => {
  assert.throws(
    () => planAlongAxis([3, 4], [3], 1, "takeAlongAxis"),
    /takeAlongAxis: indices must have as many dimensions as the tensor \(2\), got shape \[3\] for \[3, 4\]/,
  );
  assert.throws(
    () => planAlongAxis([3, 4], [2, 1], 1, "takeAlongAxis"),
    /takeAlongAxis: indices of shape \[2, 1\] do not broadcast against \[3, 4\] on axis 0/,
  );
  assert.throws(() => planAlongAxis([3, 4], [3, 1], 2, "takeAlongAxis"), /takeAlongAxis: axis 2 is out of range/);
});
