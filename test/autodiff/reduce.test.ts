import { test } from "node:test";
import assert from "node:assert/strict";
import {
  type Axes,
  type Tensor,
  argmax,
  argmin,
  cumsum,
  logSoftmax,
  logsumexp,
  max,
  mean,
  min,
  prod,
  softmax,
  std,
  sum,
  tensor,
  valueAndGrad,
  variance,
} from "../../src/index.js";
import { assertClose, assertGradOk } from "../helpers/assert.js";
import { positive, probe, sample } from "./probe.js";

type Reduction = (a: Tensor, axes?: Axes, keepDims?: boolean) => Tensor;
const reductions: Record<string, Reduction> = {
  sum,
  mean,
  prod,
  max,
  min,
  logsumexp,
  variance,
  std,
  unbiasedVariance: (a, axes, keepDims) => variance(a, axes, keepDims, 1),
};

// single, negative, several, scattered (non-adjacent) and all axes
const axisCases: (Axes | undefined)[] = [undefined, 0, 1, -1, [0, 1], [0, 2], [-3, -1], [1, 2], [0, 1, 2]];

for (const [name, op] of Object.entries(reductions)) {
  test(`${name}: gradient matches finite differences over every kind of axes, with and without keepDims`, () => {
    const x = sample([2, 3, 4], 5);
    for (const axes of axisCases) {
      for (const keepDims of [false, true]) {
        assertGradOk((a: Tensor) => probe(op(a, axes, keepDims)), x);
      }
    }
  });
}

test("prod: gradient is exact with one zero and with two zeros in a group", () => {
  const x = tensor([
    [2, 0, 3, -1.5],
    [0, 4, 0, 2],
    [1.5, 2, -0.5, 3],
  ]);
  assertGradOk((a: Tensor) => probe(prod(a, 1)), x);
  assertGradOk((a: Tensor) => probe(prod(a, 0)), x);
  const [, g] = valueAndGrad((a: Tensor) => sum(prod(a, 1)))(x);
  assertClose(g.data, [0, -9, 0, 0, 0, 0, 0, 0, -3, -2.25, 9, -1.5]);
});

test("max and min split the gradient evenly among tied extremes", () => {
  const x = tensor([
    [1, 3, 3, 2],
    [5, 5, 5, 0],
  ]);
  const [, gmax] = valueAndGrad((a: Tensor) => sum(max(a, 1)))(x);
  assertClose(gmax.data, [0, 0.5, 0.5, 0, 1 / 3, 1 / 3, 1 / 3, 0]);
  const [, gmin] = valueAndGrad((a: Tensor) => sum(min(a, 0)))(
    tensor([
      [1, 2],
      [1, 0],
    ]),
  );
  assertClose(gmin.data, [0.5, 0, 0.5, 1]);
  const [, gall] = valueAndGrad((a: Tensor) => max(a))(x);
  assertClose(gall.data, [0, 0, 0, 0, 1 / 3, 1 / 3, 1 / 3, 0]);
});

test("cumsum: values and gradient along each axis", () => {
  const x = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assertClose(cumsum(x).data, [1, 3, 6, 4, 9, 15]);
  assertClose(cumsum(x, 0).data, [1, 2, 3, 5, 7, 9]);
  assertClose(cumsum(x, -2).data, [1, 2, 3, 5, 7, 9]);
  const [, g] = valueAndGrad((a: Tensor) => sum(cumsum(a)))(x);
  assertClose(g.data, [3, 2, 1, 3, 2, 1]);
  const y = sample([3, 4, 2]);
  for (const axis of [0, 1, 2, -1]) assertGradOk((a: Tensor) => probe(cumsum(a, axis)), y);
  assert.throws(() => cumsum(x, 2), /cumsum: axis 2 is out of range for a tensor with 2 dimensions/);
});

test("softmax and logSoftmax: gradients match finite differences along every axis", () => {
  const x = sample([3, 4, 2], 7);
  for (const axis of [0, 1, 2, -1, -3]) {
    assertGradOk((a: Tensor) => probe(softmax(a, axis)), x);
    assertGradOk((a: Tensor) => probe(logSoftmax(a, axis)), x);
  }
  assertGradOk((a: Tensor) => probe(softmax(a)), sample([5]));
});

test("softmax composes: logSoftmax equals log of softmax, gradients agree", () => {
  const x = sample([2, 5], 3);
  const [v1, g1] = valueAndGrad((a: Tensor) => probe(logSoftmax(a, 1)))(x);
  const [v2, g2] = valueAndGrad((a: Tensor) => probe(softmax(a, 1).log()))(x);
  assertClose(v1.data, v2.data, { rtol: 1e-12 });
  assertClose(g1.data, g2.data, { rtol: 1e-9, atol: 1e-12 });
});

test("logsumexp gradient is the softmax, also for huge inputs", () => {
  const x = tensor([
    [1000, 1000, 999],
    [-1000, -1001, -1002],
  ]);
  const [, g] = valueAndGrad((a: Tensor) => sum(logsumexp(a, 1)))(x);
  assertClose(g.data, softmax(x, 1).data, { rtol: 1e-14 });
  assert.ok(g.data.every(Number.isFinite));
  assertGradOk((a: Tensor) => probe(logsumexp(a, -1)), x, { rtol: 1e-6 });
});

test("variance and std: values against the definition", () => {
  const x = tensor([
    [1, 2, 3, 4],
    [2, 2, 2, 8],
  ]);
  assertClose(variance(x, 1).data, [1.25, 6.75]);
  assertClose(variance(x, 1, false, 1).data, [5 / 3, 9]);
  assertClose(std(x, 1, true).data, [Math.sqrt(1.25), Math.sqrt(6.75)]);
  assert.deepEqual(std(x, 1, true).shape, [2, 1]);
  assertClose(variance(x).data, [4.25]);
  assert.throws(() => variance(tensor([1]), 0, false, 1), /variance: need more than ddof = 1 elements, got 1/);
});

test("argmax and argmin accept tracked tensors and contribute no gradient", () => {
  const x = tensor([
    [0.2, 1.5, -1],
    [3, -2, 0.5],
  ]);
  const [, g] = valueAndGrad((a: Tensor) =>
    sum(argmax(a, 1))
      .add(sum(argmin(a, 1)))
      .add(sum(a)),
  )(x);
  assertClose(g.data, [1, 1, 1, 1, 1, 1]);
  assert.deepEqual(argmax(x, 1).toFlatArray(), [1, 0]);
  assert.deepEqual(argmin(x, 0).toFlatArray(), [0, 1, 0]);
});

test("reductions report bad axes by op name", () => {
  const x = sample([2, 3]);
  assert.throws(() => max(x, 2), /max: axis 2 is out of range for a tensor with 2 dimensions/);
  assert.throws(() => logsumexp(x, [1, 1]), /logsumexp: axis 1 is repeated/);
  assert.throws(() => softmax(x, -3), /softmax: axis -3 is out of range/);
  assert.throws(() => logSoftmax(tensor(1)), /logSoftmax: expected a tensor with at least 1 dimension/);
  assert.throws(() => mean(x, [0, 5]), /mean: axis 5 is out of range/);
  assert.throws(() => prod(x, 0.5), /prod: axis must be an integer, got 0.5/);
  assert.throws(() => prod(x, "a" as unknown as number), /prod: axes must be a number or an array of numbers, got "a"/);
});

test("reductions work on positive data with mixed keepDims shapes", () => {
  const x = positive([2, 3, 4]);
  assert.deepEqual(sum(x, [0, 2], true).shape, [1, 3, 1]);
  assert.deepEqual(logsumexp(x, [0, 2]).shape, [3]);
  assert.deepEqual(max(x, -1, true).shape, [2, 3, 1]);
});
