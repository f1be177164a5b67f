import { test } from "node:test";
import assert from "node:assert/strict";
import {
  type Tensor,
  abs,
  ceil,
  clip,
  cos,
  elu,
  exp,
  floor,
  leakyRelu,
  log,
  reciprocal,
  relu,
  round,
  sigmoid,
  sign,
  sin,
  sqrt,
  sum,
  swish,
  tanh,
  tensor,
  valueAndGrad,
} from "../../src/index.js";
import { assertClose, assertGradOk } from "../helpers/assert.js";
import { positive, probe, sample } from "./probe.js";

// Inputs on both sides of every kink (0 for abs/relu/leakyRelu/elu), none within 0.05 of it.
const mixed = tensor([-2.3, -1.1, -0.4, -0.06, 0.07, 0.5, 1.3, 2.9]);

const smooth: Record<string, (a: Tensor) => Tensor> = {
  exp,
  sin,
  cos,
  tanh,
  abs,
  sigmoid,
  relu,
  swish,
  leakyRelu: (a) => leakyRelu(a, 0.2),
  elu: (a) => elu(a, 1.5),
  eluDefault: (a) => elu(a),
  leakyReluDefault: (a) => leakyRelu(a),
};

for (const [name, op] of Object.entries(smooth)) {
  test(`${name}: gradient matches finite differences`, () => {
    assertGradOk((a: Tensor) => probe(op(a)), mixed);
    assertGradOk((a: Tensor) => probe(op(a)), sample([2, 3]));
  });
}

const positiveOnly: Record<string, (a: Tensor) => Tensor> = { log, sqrt, reciprocal };
for (const [name, op] of Object.entries(positiveOnly)) {
  test(`${name}: gradient matches finite differences on positive inputs`, () => {
    assertGradOk((a: Tensor) => probe(op(a)), positive([2, 4]));
  });
}

test("clip: gradient passes strictly inside the interval only", () => {
  const x = tensor([-2, -0.5, 0.3, 0.9, 1.4]);
  assertGradOk((a: Tensor) => probe(clip(a, -1, 1)), x);
  const [, g] = valueAndGrad((a: Tensor) => sum(clip(a, -1, 1)))(x);
  assert.deepEqual(g.toFlatArray(), [0, 1, 1, 1, 0]);
  assert.throws(() => clip(x, 1, -1), /lower bound 1 must not exceed upper bound -1/);
});

test("leakyRelu and elu: values", () => {
  const x = tensor([-2, 0, 3]);
  assertClose(leakyRelu(x, 0.1).data, [-0.2, 0, 3]);
  assertClose(leakyRelu(x).data, [-0.02, 0, 3]);
  assertClose(elu(x, 2).data, [2 * (Math.exp(-2) - 1), 0, 3]);
  // expm1 keeps full relative accuracy for tiny negative inputs
  assertClose(elu(tensor([-1e-12])).data, [-1e-12 + 5e-25], { rtol: 1e-15 });
  assert.throws(() => leakyRelu(x, NaN), /leakyRelu: alpha must be a finite number, got NaN/);
  assert.throws(() => elu(x, Infinity), /elu: alpha must be a finite number, got Infinity/);
});

test("sign, floor, ceil, round: values, halves rounded to even", () => {
  const x = tensor([-2.5, -1.5, -0.5, -0.2, 0, 0.5, 1.5, 2.5, 2.6, 3.5]);
  assert.deepEqual(sign(x).toFlatArray(), [-1, -1, -1, -1, 0, 1, 1, 1, 1, 1]);
  assert.deepEqual(floor(x).toFlatArray(), [-3, -2, -1, -1, 0, 0, 1, 2, 2, 3]);
  assert.deepEqual(ceil(x).toFlatArray(), [-2, -1, -0, -0, 0, 1, 2, 3, 3, 4]);
  assert.deepEqual(round(x).toFlatArray(), [-2, -2, -0, -0, 0, 0, 2, 2, 3, 4]);
  assert.ok(Number.isNaN(sign(tensor([NaN])).item()));
});

test("piecewise-constant ops have zero gradient, also when combined with smooth paths", () => {
  const x = tensor([-1.3, 0.4, 2.7]);
  for (const op of [sign, floor, ceil, round]) {
    const [, g] = valueAndGrad((a: Tensor) => sum(op(a)))(x);
    assert.deepEqual(g.toFlatArray(), [0, 0, 0], op.name);
    // d/dx (x · floor(x)) = floor(x) away from integers
    const [, g2] = valueAndGrad((a: Tensor) => sum(a.mul(op(a))))(x);
    assertClose(g2.data, op(x).data, { what: op.name });
  }
});

test("unary ops keep shapes and accept numbers", () => {
  assert.deepEqual(exp(sample([2, 1, 3])).shape, [2, 1, 3]);
  assertClose(exp(0).data, [1]);
  assertClose(sigmoid(tensor([-800, 0, 800])).data, [0, 0.5, 1]);
});
