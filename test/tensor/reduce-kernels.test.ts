import { test } from "node:test";
import assert from "node:assert/strict";
import { type Tensor, arange, tensor } from "../../src/index.js";
import {
  argmaxKernel,
  argminKernel,
  maxKernel,
  minKernel,
  normalizeAxes,
  prodKernel,
  reduce,
  sumKernel,
  sumToShape,
} from "../../src/tensor/kernels/reduce.js";
import { assertClose } from "../helpers/assert.js";

// An independent reference: enumerate every multi-index with Tensor.get and fold by key.
function naiveReduce(t: Tensor, axes: number[], keepDims: boolean, init: number, f: (a: number, x: number) => number) {
  const nd = t.ndim;
  const ax = axes.map((a) => (a < 0 ? a + nd : a));
  const outShape = t.shape.flatMap((d, i) => (ax.includes(i) ? (keepDims ? [1] : []) : [d]));
  const acc = new Map<string, number>();
  const idx = new Array<number>(nd).fill(0);
  for (let flat = 0; flat < t.size; flat++) {
    let r = flat;
    for (let d = nd - 1; d >= 0; d--) {
      idx[d] = r % t.shape[d]!;
      r = Math.floor(r / t.shape[d]!);
    }
    const key = idx.filter((_, d) => !ax.includes(d)).join(",");
    acc.set(key, f(acc.get(key) ?? init, t.get(...idx)));
  }
  return { shape: outShape, values: [...acc.values()] };
}

const x = tensor(
  Array.from({ length: 60 }, (_, i) => Math.round(10 * Math.sin(2.1 * i + 1)) / 4),
  [3, 4, 5],
);

const axisCases: number[][] = [[0], [1], [2], [-1], [0, 1], [1, 2], [0, 2], [-3, -1], [0, 1, 2], []];

test("sum, prod, max, min over single, several, negative, scattered and no axes match a naive fold", () => {
  for (const axes of axisCases) {
    for (const keepDims of [false, true]) {
      const cases: [string, Tensor, number, (a: number, v: number) => number][] = [
        ["sum", sumKernel(x, axes, keepDims), 0, (a, v) => a + v],
        ["prod", prodKernel(x, axes, keepDims), 1, (a, v) => a * v],
        ["max", maxKernel(x, axes, keepDims), -Infinity, Math.max],
        ["min", minKernel(x, axes, keepDims), Infinity, Math.min],
      ];
      for (const [name, got, init, f] of cases) {
        const ref = naiveReduce(x, axes, keepDims, init, f);
        const what = `${name} axes [${axes}] keepDims ${keepDims}`;
        assert.deepEqual(got.shape, ref.shape, what);
        assertClose(got.data, ref.values, { what, rtol: 1e-13 });
      }
    }
  }
});

test("reducing all axes gives a scalar, or all-ones extents with keepDims", () => {
  assert.deepEqual(sumKernel(x).shape, []);
  assert.deepEqual(sumKernel(x, undefined, true).shape, [1, 1, 1]);
  assertClose(sumKernel(arange(5)).data, [10]);
  assertClose(maxKernel(x).data, [Math.max(...x.data)]);
});

test("the generic reduce agrees with the dedicated kernels and passes the count to finish", () => {
  const meanOf = reduce(
    x,
    [0, 2],
    false,
    0,
    (a, v) => a + v,
    (a, n) => a / n,
  );
  assertClose(
    meanOf.data,
    sumKernel(x, [0, 2]).data.map((v) => v / 15),
    { rtol: 1e-14 },
  );
});

test("max and min propagate NaN; empty reductions are errors", () => {
  const t = tensor([
    [1, NaN, 3],
    [4, 5, 6],
  ]);
  assert.deepEqual(maxKernel(t, 1).toFlatArray(), [NaN, 6]);
  assert.deepEqual(minKernel(t, 1).toFlatArray(), [NaN, 4]);
  assert.throws(
    () => maxKernel(tensor(new Float64Array(0), [2, 0]), 1),
    /max: cannot reduce over empty axes \[1\] of shape \[2, 0\]/,
  );
  assert.deepEqual(sumKernel(tensor(new Float64Array(0), [2, 0]), 1).toFlatArray(), [0, 0]);
  assert.deepEqual(prodKernel(tensor(new Float64Array(0), [0, 3]), 0).toFlatArray(), [1, 1, 1]);
});

test("argmax and argmin: first index on ties, flat index without an axis", () => {
  const t = tensor([
    [3, 7, 7, 1],
    [2, 2, 0, 0],
  ]);
  assert.deepEqual(argmaxKernel(t, 1).toFlatArray(), [1, 0]);
  assert.deepEqual(argminKernel(t, 1).toFlatArray(), [3, 2]);
  assert.deepEqual(argmaxKernel(t, 0).toFlatArray(), [0, 0, 0, 0]);
  assert.deepEqual(argminKernel(t, -2).toFlatArray(), [1, 1, 1, 1]);
  assert.deepEqual(argmaxKernel(t).toFlatArray(), [1]);
  assert.deepEqual(argminKernel(t).toFlatArray(), [6]);
  assert.deepEqual(argmaxKernel(t, 1, true).shape, [2, 1]);
  assert.deepEqual(argmaxKernel(tensor([1, NaN, 5, NaN])).toFlatArray(), [1]);
  assert.throws(
    () => argmaxKernel(tensor(new Float64Array(0), [0])),
    /argmax: cannot take the argmax of an empty tensor/,
  );
});

test("sumToShape is the adjoint of broadcasting", () => {
  const g = arange(24).reshape([2, 3, 4]);
  assertClose(sumToShape(g, [3, 1]).data, naiveReduce(g, [0, 2], true, 0, (a, v) => a + v).values);
  assertClose(sumToShape(g, [4]).data, naiveReduce(g, [0, 1], false, 0, (a, v) => a + v).values);
  assertClose(sumToShape(g, [2, 1, 4]).data, naiveReduce(g, [1], true, 0, (a, v) => a + v).values);
  assertClose(sumToShape(g, []).data, [276]);
  assert.equal(sumToShape(g, [2, 3, 4]), g);
  assert.throws(() => sumToShape(g, [5]), /cannot broadcast shapes \[5\] and \[2, 3, 4\]/);
});

test("bad axes raise errors naming the axis", () => {
  assert.throws(() => sumKernel(x, 3), /sum: axis 3 is out of range for a tensor with 3 dimensions/);
  assert.throws(() => maxKernel(x, -4), /max: axis -4 is out of range/);
  assert.throws(() => sumKernel(x, [0, -3]), /sum: axis -3 is repeated in \[0, -3\]/);
  assert.throws(() => prodKernel(x, 1.5), /prod: axis must be an integer, got 1.5/);
  assert.throws(() => argminKernel(x, 5), /argmin: axis 5 is out of range/);
  assert.deepEqual(normalizeAxes([-1, 0], 3), [0, 2]);
});
