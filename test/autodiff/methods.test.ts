import { test } from "node:test";
import assert from "node:assert/strict";
import * as P from "../../src/index.js";
import { type Tensor, tensor } from "../../src/index.js";
import { sample } from "./probe.js";

const x = sample([2, 3, 4], 2);
const y = sample([3, 4], 3);

// [method call, equivalent function call]
const pairs: [string, Tensor, Tensor][] = [
  ["add", x.add(y), P.add(x, y)],
  ["sub", x.sub(2), P.sub(x, 2)],
  ["mul", x.mul(y), P.mul(x, y)],
  ["div", x.div(y), P.div(x, y)],
  ["pow", x.abs().pow(1.5), P.pow(P.abs(x), 1.5)],
  ["neg", x.neg(), P.neg(x)],
  ["scale", x.scale(3), P.scale(x, 3)],
  ["square", x.square(), P.square(x)],
  ["exp", x.exp(), P.exp(x)],
  ["log", x.abs().log(), P.log(P.abs(x))],
  ["sqrt", x.abs().sqrt(), P.sqrt(P.abs(x))],
  ["tanh", x.tanh(), P.tanh(x)],
  ["sigmoid", x.sigmoid(), P.sigmoid(x)],
  ["relu", x.relu(), P.relu(x)],
  ["clip", x.clip(-1, 1), P.clip(x, -1, 1)],
  ["maximum", x.maximum(y), P.maximum(x, y)],
  ["minimum", x.minimum(0), P.minimum(x, 0)],
  ["eq", x.eq(y), P.eq(x, y)],
  ["ne", x.ne(y), P.ne(x, y)],
  ["lt", x.lt(y), P.lt(x, y)],
  ["le", x.le(0), P.le(x, 0)],
  ["gt", x.gt(y), P.gt(x, y)],
  ["ge", x.ge(0), P.ge(x, 0)],
  ["sum", x.sum([0, 2], true), P.sum(x, [0, 2], true)],
  ["mean", x.mean(-1), P.mean(x, -1)],
  ["prod", x.prod(1), P.prod(x, 1)],
  ["max", x.max(0), P.max(x, 0)],
  ["min", x.min(), P.min(x)],
  ["logsumexp", x.logsumexp(1, true), P.logsumexp(x, 1, true)],
  ["variance", x.variance(2, false, 1), P.variance(x, 2, false, 1)],
  ["std", x.std(), P.std(x)],
  ["argmax", x.argmax(2), P.argmax(x, 2)],
  ["argmin", x.argmin(), P.argmin(x)],
  ["cumsum", x.cumsum(1), P.cumsum(x, 1)],
  ["softmax", x.softmax(0), P.softmax(x, 0)],
  ["logSoftmax", x.logSoftmax(), P.logSoftmax(x)],
  ["reshape", x.reshape([6, 4]), P.reshape(x, [6, 4])],
  ["transpose", x.transpose([1, 0, 2]), P.transpose(x, [1, 0, 2])],
  ["squeeze", x.reshape([2, 1, 12]).squeeze(1), P.squeeze(P.reshape(x, [2, 1, 12]), 1)],
  ["expandDims", x.expandDims(1), P.expandDims(x, 1)],
  ["broadcastTo", y.broadcastTo([2, 3, 4]), P.broadcastTo(y, [2, 3, 4])],
  ["flip", x.flip(1), P.flip(x, 1)],
  ["slice", x.slice([null, { start: 1 }]), P.slice(x, [null, { start: 1 }])],
  ["take", x.take([1, 0], 2), P.take(x, [1, 0], 2)],
  ["takeAlongAxis", x.takeAlongAxis(tensor([[[0], [3], [1]]]), 2), P.takeAlongAxis(x, tensor([[[0], [3], [1]]]), 2)],
];

test("every method agrees with its function", () => {
  for (const [name, viaMethod, viaFunction] of pairs) {
    assert.deepEqual(viaMethod.shape, viaFunction.shape, name);
    assert.deepEqual(viaMethod.toFlatArray(), viaFunction.toFlatArray(), name);
  }
});

test("methods are differentiable", () => {
  const [, g] = P.valueAndGrad((a: Tensor) => a.softmax().mul(y).sum().add(a.max(1).sum()))(y);
  const [, h] = P.valueAndGrad((a: Tensor) => P.add(P.sum(P.mul(P.softmax(a), y)), P.sum(P.max(a, 1))))(y);
  assert.deepEqual(g.toFlatArray(), h.toFlatArray());
});
