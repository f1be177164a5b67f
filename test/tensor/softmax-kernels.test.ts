import { test } from "node:test";
import assert from "node:assert/strict";
import { tensor } from "../../src/index.js";
import {
  logSoftmaxBackwardKernel,
  logSoftmaxKernel,
  logsumexpKernel,
  softmaxBackwardKernel,
  softmaxKernel,
} from "../../src/tensor/kernels/softmax.js";
import { cumsumKernel } from "../../src/tensor/kernels/scan.js";
import { assertClose } from "../helpers/assert.js";

const naiveLse = (xs: number[]): number => Math.log(xs.reduce((s, x) => s + Math.exp(x), 0));

test("logsumexp does not overflow or underflow", () => {
  assertClose(logsumexpKernel(tensor([1000, 1000])).item(), 1000 + Math.LN2, { rtol: 2e-16 });
  assertClose(logsumexpKernel(tensor([-1000, -1000])).item(), -1000 + Math.LN2, { rtol: 2e-16 });
  assertClose(logsumexpKernel(tensor([800, 0])).item(), 800, { rtol: 1e-16 });
  assertClose(logsumexpKernel(tensor([1, 2, 3])).item(), naiveLse([1, 2, 3]), { rtol: 1e-15 });
});

test("logsumexp over axes matches the direct formula on moderate inputs", () => {
  const x = tensor(
    Array.from({ length: 24 }, (_, i) => Math.sin(i)),
    [2, 3, 4],
  );
  const over02 = logsumexpKernel(x, [0, 2]);
  assert.deepEqual(over02.shape, [3]);
  for (let j = 0; j < 3; j++) {
    const xs: number[] = [];
    for (let i = 0; i < 2; i++) for (let k = 0; k < 4; k++) xs.push(x.get(i, j, k));
    assertClose(over02.get(j), naiveLse(xs), { rtol: 1e-14 });
  }
  const last = logsumexpKernel(x, -1, true);
  assert.deepEqual(last.shape, [2, 3, 1]);
  assertClose(last.get(1, 2, 0), naiveLse([20, 21, 22, 23].map(Math.sin)), { rtol: 1e-14 });
});

test("logsumexp of infinite and NaN groups", () => {
  const r = logsumexpKernel(
    tensor([
      [-Infinity, -Infinity],
      [Infinity, 1],
      [NaN, 1],
      [-Infinity, 2],
    ]),
    1,
  );
  assert.deepEqual(r.toFlatArray(), [-Infinity, Infinity, NaN, 2]);
});

test("softmax and logSoftmax values, stable for large and infinite inputs", () => {
  const e = [1, 2, 3].map(Math.exp);
  const z = e[0]! + e[1]! + e[2]!;
  assertClose(
    softmaxKernel(tensor([1, 2, 3])).data,
    e.map((v) => v / z),
    { rtol: 1e-15 },
  );
  assertClose(softmaxKernel(tensor([1000, 1000])).data, [0.5, 0.5]);
  assertClose(softmaxKernel(tensor([-Infinity, 0, 0])).data, [0, 0.5, 0.5]);
  assertClose(softmaxKernel(tensor([Infinity, 0, Infinity])).data, [0.5, 0, 0.5]);
  assertClose(logSoftmaxKernel(tensor([0, -1000])).data, [0, -1000]);
  assertClose(
    logSoftmaxKernel(tensor([1, 2, 3])).data,
    [1, 2, 3].map((v) => v - Math.log(z)),
    { rtol: 1e-15 },
  );
  const cols = softmaxKernel(
    tensor([
      [0, 10],
      [0, 10],
    ]),
    0,
  );
  assertClose(cols.data, [0.5, 0.5, 0.5, 0.5]);
  assert.throws(
    () => softmaxKernel(tensor([1, 2]), 1),
    /softmax: axis 1 is out of range for a tensor with 1 dimensions/,
  );
});

test("fused softmax backward equals the cotangent times the Jacobian diag(y) − y yᵀ", () => {
  const y = softmaxKernel(tensor([0.3, -1.2, 2.0, 0.7]));
  const g = tensor([1, -2, 0.5, 3]);
  const yd = y.data;
  const expected = Array.from(yd, (yi, i) => {
    let s = 0;
    for (let j = 0; j < yd.length; j++) s += g.data[j]! * ((i === j ? yi : 0) - yi * yd[j]!);
    return s;
  });
  assertClose(softmaxBackwardKernel(y, g, 0).data, expected, { rtol: 1e-14, atol: 1e-15 });
  // log-softmax: J = I − 1 yᵀ (rows: outputs), so dx_i = g_i − y_i Σ g
  const ly = logSoftmaxKernel(tensor([0.3, -1.2, 2.0, 0.7]));
  const sg = 1 - 2 + 0.5 + 3;
  assertClose(
    logSoftmaxBackwardKernel(ly, g, -1).data,
    Array.from(g.data, (gi, i) => gi - yd[i]! * sg),
    {
      rtol: 1e-14,
      atol: 1e-15,
    },
  );
});

test("cumsum forward and reverse along each axis", () => {
  const x = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.deepEqual(cumsumKernel(x, 1).toFlatArray(), [1, 3, 6, 4, 9, 15]);
  assert.deepEqual(cumsumKernel(x, 0).toFlatArray(), [1, 2, 3, 5, 7, 9]);
  assert.deepEqual(cumsumKernel(x, 1, true).toFlatArray(), [6, 5, 3, 15, 11, 6]);
  assert.deepEqual(cumsumKernel(x, -2, true).toFlatArray(), [5, 7, 9, 4, 5, 6]);
  assert.deepEqual(cumsumKernel(tensor(7), 0).toFlatArray(), [7]);
});
