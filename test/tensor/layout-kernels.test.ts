import { test } from "node:test";
import assert from "node:assert/strict";
import { Tensor, arange, tensor } from "../../src/index.js";
import {
  type SliceRange,
  concatKernel,
  expandDimsShape,
  flipKernel,
  reshapeKernel,
  resolveSlice,
  sliceKernel,
  splitKernel,
  squeezeShape,
  transposeKernel,
  unsliceKernel,
} from "../../src/tensor/kernels/layout.js";

const m = tensor([
  [0, 1, 2, 3],
  [4, 5, 6, 7],
  [8, 9, 10, 11],
]);
const cube = new Tensor(arange(24).data, [2, 3, 4]);

function sl(t: Tensor, ranges: (SliceRange | null)[]): Tensor {
  return sliceKernel(t, resolveSlice(t.shape, ranges));
}

test("slice follows Python's rules for start, stop, negative indices and steps", () => {
  assert.deepEqual(sl(m, [{ start: 1, stop: 3 }, { step: 2 }]).toArray(), [
    [4, 6],
    [8, 10],
  ]);
  assert.deepEqual(sl(m, [{ step: -1 }, { start: 1, stop: -1 }]).toArray(), [
    [9, 10],
    [5, 6],
    [1, 2],
  ]);
  assert.deepEqual(sl(m, [{ start: -2 }, { step: -3 }]).toArray(), [
    [7, 4],
    [11, 8],
  ]);
  // out-of-range bounds are clipped, as in Python: m[:-100:-1] is every row reversed
  assert.deepEqual(
    sl(m, [
      { stop: -100, step: -1 },
      { start: 2, stop: 100 },
    ]).toArray(),
    [
      [10, 11],
      [6, 7],
      [2, 3],
    ],
  );
  assert.deepEqual(sl(m, [{ start: 5 }]).shape, [0, 4]);
  assert.deepEqual(sl(m, [{ start: 2, stop: 1 }]).shape, [0, 4]);
  assert.deepEqual(sl(m, [null, { start: -1 }]).toArray(), [[3], [7], [11]]);
  assert.deepEqual(sl(m, []).toArray(), m.toArray());
});

test("slice of a 3-D tensor matches element-wise indexing", () => {
  const s = sl(cube, [{ start: 1 }, { step: -2 }, { start: 1, step: 2 }]);
  assert.deepEqual(s.shape, [1, 2, 2]);
  const expected: number[] = [];
  for (const j of [2, 0]) for (const k of [1, 3]) expected.push(cube.get(1, j, k));
  assert.deepEqual(s.toFlatArray(), expected);
});

test("unslice writes the slice back into zeros (the adjoint)", () => {
  const r = resolveSlice(m.shape, [{ start: 1 }, { step: -2 }]);
  const back = unsliceKernel(sliceKernel(m, r), m.shape, r);
  assert.deepEqual(back.toArray(), [
    [0, 0, 0, 0],
    [0, 5, 0, 7],
    [0, 9, 0, 11],
  ]);
});

test("slice rejects bad ranges with the axis named", () => {
  assert.throws(() => resolveSlice([3, 4], [{ step: 0 }]), /slice: step on axis 0 must not be 0/);
  assert.throws(
    () => resolveSlice([3, 4], [null, { start: 1.5 }]),
    /slice: start on axis 1 must be an integer, got 1.5/,
  );
  assert.throws(() => resolveSlice([3, 4], [null, null, null]), /slice: 3 ranges given for a tensor of shape \[3, 4\]/);
});

test("flip reverses the chosen axes", () => {
  assert.deepEqual(flipKernel(m, [1]).toArray(), [
    [3, 2, 1, 0],
    [7, 6, 5, 4],
    [11, 10, 9, 8],
  ]);
  assert.deepEqual(flipKernel(m, [0, 1]).toFlatArray(), [11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  assert.deepEqual(flipKernel(m, []).toFlatArray(), m.toFlatArray());
});

test("concat and split are inverse along any axis", () => {
  const a = tensor([[1, 2]]);
  const b = tensor([
    [3, 4],
    [5, 6],
  ]);
  assert.deepEqual(concatKernel([a, b], 0).toArray(), [
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  assert.deepEqual(concatKernel([b, b.reshape([2, 2])], -1).toArray(), [
    [3, 4, 3, 4],
    [5, 6, 5, 6],
  ]);
  const parts = splitKernel(cube, 1, [1, 2]);
  assert.deepEqual(
    parts.map((p) => p.shape),
    [
      [2, 1, 4],
      [2, 2, 4],
    ],
  );
  assert.deepEqual(concatKernel(parts, 1).toFlatArray(), cube.toFlatArray());
  assert.deepEqual(parts[0]!.toFlatArray(), [0, 1, 2, 3, 12, 13, 14, 15]);
});

test("concat errors name the offending tensor and shapes", () => {
  assert.throws(() => concatKernel([], 0), /concat: expected at least one tensor, got none/);
  assert.throws(
    () => concatKernel([m, tensor([[1, 2, 3]])], 0),
    /concat: tensor 1 has shape \[1, 3\], incompatible with \[3, 4\] along axis 0/,
  );
  assert.throws(() => concatKernel([m, m], 2), /concat: axis 2 is out of range for a tensor with 2 dimensions/);
  assert.throws(() => concatKernel([tensor(1)], 0), /concat: cannot concatenate 0-dimensional tensors; use stack/);
  assert.throws(() => splitKernel(m, 1, [1, 2]), /split: sizes \[1, 2\] do not partition axis 1 of shape \[3, 4\]/);
});

test("transpose permutes axes; reshape infers -1", () => {
  const t = transposeKernel(cube, [2, 0, 1]);
  assert.deepEqual(t.shape, [4, 2, 3]);
  for (const [i, j, k] of [
    [0, 0, 0],
    [3, 1, 2],
    [2, 0, 1],
  ] as const)
    assert.equal(t.get(i, j, k), cube.get(j, k, i));
  assert.deepEqual(transposeKernel(m).toArray(), [
    [0, 4, 8],
    [1, 5, 9],
    [2, 6, 10],
    [3, 7, 11],
  ]);
  assert.deepEqual(reshapeKernel(cube, [-1, 6]).shape, [4, 6]);
  assert.throws(() => transposeKernel(cube, [0, 0, 1]), /transpose: \[0, 0, 1\] is not a permutation of the 3 axes/);
  assert.throws(() => reshapeKernel(cube, [5, -1]), /reshape: cannot infer the -1 extent of \[5, -1\] for 24 values/);
});

test("squeeze and expandDims shapes, with NumPy's axis positions", () => {
  assert.deepEqual(squeezeShape([1, 3, 1, 2]), [3, 2]);
  assert.deepEqual(squeezeShape([1, 3, 1, 2], -2), [1, 3, 2]);
  assert.deepEqual(squeezeShape([1, 3, 1, 2], [0, 2]), [3, 2]);
  assert.deepEqual(expandDimsShape([3, 2], 0), [1, 3, 2]);
  assert.deepEqual(expandDimsShape([3, 2], -1), [3, 2, 1]);
  assert.deepEqual(expandDimsShape([3, 2], [0, 3]), [1, 3, 2, 1]);
  assert.deepEqual(expandDimsShape([], 0), [1]);
  assert.throws(() => squeezeShape([1, 3], 1), /squeeze: axis 1 of shape \[1, 3\] has extent 3, expected 1/);
  assert.throws(() => squeezeShape([1, 3], 2), /squeeze: axis 2 is out of range/);
  assert.throws(() => expandDimsShape([3, 2], 3), /expandDims: axis 3 is out of range for a tensor with 3 dimensions/);
  assert.throws(() => expandDimsShape([3, 2], [1, -3]), /expandDims: axes \[1, -3\] repeat a position/);
});
