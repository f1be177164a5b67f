import { test } from "node:test";
import assert from "node:assert/strict";
import { initLinear, key, linearLayer as linear, matmul, split, sum, square, Tensor, tanh } from "../../src/index.js";
import { normal } from "../../src/random/index.js";
import { assertClose, assertGradOk } from "../helpers/assert.js";

const [kw, kb, kx] = split(key(7), 3);
const params = { weight: normal(kw, [3, 4]), bias: normal(kb, [4]) };

test("linear: output shapes for unbatched, batched and doubly batched inputs", () => {
  assert.deepEqual(linear(params, normal(kx, [3])).shape, [4]);
  assert.deepEqual(linear(params, normal(kx, [5, 3])).shape, [5, 4]);
  assert.deepEqual(linear(params, normal(kx, [2, 5, 3])).shape, [2, 5, 4]);
});

test("linear: equals x·W + b computed by hand", () => {
  const x = normal(kx, [2, 3]);
  const y = linear(params, x);
  const W = params.weight.data;
  const b = params.bias.data;
  const expected: number[] = [];
  for (let r = 0; r < 2; r++)
    for (let j = 0; j < 4; j++) {
      let s = b[j]!;
      for (let i = 0; i < 3; i++) s += x.data[r * 3 + i]! * W[i * 4 + j]!;
      expected.push(s);
    }
  assertClose(y.data, expected, { atol: 1e-14 });
});

test("linear: without bias is x·W", () => {
  const p = initLinear(key(1), 3, 4, { bias: false });
  assert.deepEqual(Object.keys(p), ["weight"]);
  const x = normal(kx, [5, 3]);
  assertClose(linear(p, x).data, matmul(x, p.weight).data, { atol: 1e-14 });
});

test("initLinear: shapes, zero bias, reproducible from the key", () => {
  const p = initLinear(key(3), 6, 64);
  assert.deepEqual(p.weight.shape, [6, 64]);
  assert.deepEqual(p.bias!.shape, [64]);
  assert.ok(p.bias!.data.every((v) => v === 0));
  assert.deepEqual(initLinear(key(3), 6, 64).weight.data, p.weight.data);
  assert.notDeepEqual(initLinear(key(4), 6, 64).weight.data, p.weight.data);
});

test("linear: gradients in weight, bias and a batched input match finite differences", () => {
  const x = normal(kx, [2, 5, 3]);
  assertGradOk((p: { weight: Tensor; bias: Tensor }) => sum(tanh(linear(p, x))), params);
  assertGradOk((xx: Tensor) => sum(square(linear(params, xx))), x);
});

test("linear: shape errors name the sizes", () => {
  assert.throws(() => linear(params, normal(kx, [2, 5])), /Linear: input has 5 features, expected 3/);
  assert.throws(() => linear(params, 1), /Linear: input has no feature axis/);
  assert.throws(
    () => linear({ weight: normal(kw, [3]) }, normal(kx, [3])),
    /Linear: weight must be a tensor of shape \[in, out\], got \[3\]/,
  );
  assert.throws(
    () => linear({ weight: params.weight, bias: normal(kb, [3]) }, normal(kx, [3])),
    /Linear: bias must be a tensor of shape \[4\]/,
  );
  assert.throws(() => initLinear(key(0), 0, 3), /initLinear: inFeatures must be a positive integer, got 0/);
  assert.throws(
    () => initLinear(key(0), 2, 3, { init: "xavier" as never }),
    /initLinear: unknown initialiser "xavier", expected one of glorotUniform/,
  );
});
