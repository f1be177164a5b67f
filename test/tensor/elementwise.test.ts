import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor } from "../../src/index.js";
import {
  addKernel,
  divKernel,
  expandTo,
  mapBinary,
  mapTernary,
  mapUnary,
  mulKernel,
  scaleKernel,
  subKernel,
} from "../../src/tensor/kernels/elementwise.js";
import { maximumKernel, minimumKernel, whereKernel } from "../../src/tensor/kernels/compare.js";

const col = tensor([[1], [2], [3]]);
const row = tensor([10, 20]);

test("binary kernels broadcast per NumPy: column × row, rank difference, scalars", () => {
  assert.deepEqual(addKernel(col, row).toArray(), [
    [11, 21],
    [12, 22],
    [13, 23],
  ]);
  assert.deepEqual(subKernel(row, col).toArray(), [
    [9, 19],
    [8, 18],
    [7, 17],
  ]);
  assert.deepEqual(mulKernel(tensor(2), col).toFlatArray(), [2, 4, 6]);
  assert.deepEqual(divKernel(col, tensor(2)).toFlatArray(), [0.5, 1, 1.5]);
  const a = tensor(
    Array.from({ length: 6 }, (_, i) => i),
    [2, 1, 3],
  );
  const b = tensor([[100], [200]]);
  const r = mapBinary(a, b, (x, y) => x + y);
  assert.deepEqual(r.shape, [2, 2, 3]);
  assert.deepEqual(r.toFlatArray(), [100, 101, 102, 200, 201, 202, 103, 104, 105, 203, 204, 205]);
  assert.deepEqual(scaleKernel(row, -0.5).toFlatArray(), [-5, -10]);
  assert.deepEqual(mapUnary(row, (x) => x * x).toFlatArray(), [100, 400]);
});

test("expandTo materialises a broadcast and rejects impossible targets", () => {
  assert.deepEqual(expandTo(row, [2, 2]).toFlatArray(), [10, 20, 10, 20]);
  assert.deepEqual(expandTo(col, [3, 2]).toFlatArray(), [1, 1, 2, 2, 3, 3]);
  assert.deepEqual(expandTo(tensor(4), [2]).toFlatArray(), [4, 4]);
  assert.equal(expandTo(row, [2]), row);
  assert.throws(() => expandTo(col, [2, 2]), /cannot broadcast shapes \[3, 1\] and \[2, 2\]/);
  assert.throws(() => expandTo(col, [3]), /cannot broadcast shape \[3, 1\] to \[3\]/);
});

test("ternary, where, maximum and minimum kernels broadcast all operands", () => {
  const r = mapTernary(col, row, tensor(1), (x, y, z) => x * y + z);
  assert.deepEqual(r.toFlatArray(), [11, 21, 21, 41, 31, 61]);
  assert.deepEqual(whereKernel(tensor([1, 0]), col, row).toArray(), [
    [1, 20],
    [2, 20],
    [3, 20],
  ]);
  assert.deepEqual(maximumKernel(col, tensor([2])).toFlatArray(), [2, 2, 3]);
  assert.deepEqual(minimumKernel(col, tensor([2])).toFlatArray(), [1, 2, 2]);
});
