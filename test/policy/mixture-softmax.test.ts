import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose, assertGradOk } from "../helpers/assert.js";
import { mixtureSoftmaxLogLik } from "../../src/policy/mixture-softmax.js";
import { key, normal, split, uniform } from "../../src/random/index.js";
import { Tensor } from "../../src/tensor/tensor.js";

/** Σᵢ log Σₛ wᵢₛ softmax([μᵢ + δ(ᵢ)ₛ, 0])[aᵢ], computed naively in probability space. */
function naive(mu: Tensor, offsets: Tensor, actions: Float64Array, logWeights: Float64Array): number {
  const [n, c] = mu.shape as [number, number];
  const perRow = offsets.ndim === 3;
  const s = offsets.shape[perRow ? 1 : 0]!;
  const rowW = logWeights.length === n * s;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let p = 0;
    for (let k = 0; k < s; k++) {
      const logits: number[] = [];
      for (let j = 0; j < c; j++) logits.push(mu.data[i * c + j]! + offsets.data[(perRow ? i * s + k : k) * c + j]!);
      logits.push(0);
      const z = logits.reduce((acc, v) => acc + Math.exp(v), 0);
      p += Math.exp(logWeights[rowW ? i * s + k : k]!) * (Math.exp(logits[actions[i]!]!) / z);
    }
    total += Math.log(p);
  }
  return total;
}

/** Random log weights `[rows, s]` normalised per row. */
function logWeightsOf(k: ReturnType<typeof key>, rows: number, s: number): Float64Array {
  const u = uniform(k, [rows, s], 0.1, 1).data;
  const out = new Float64Array(rows * s);
  for (let i = 0; i < rows; i++) {
    let z = 0;
    for (let k2 = 0; k2 < s; k2++) z += u[i * s + k2]!;
    for (let k2 = 0; k2 < s; k2++) out[i * s + k2] = Math.log(u[i * s + k2]! / z);
  }
  return out;
}

const N = 6;
const S = 5;

for (const c of [1, 2, 3]) {
  const [k1, k2, k3, k4, k5] = split(key(100 + c), 5);
  const mu = new Tensor(normal(k1!, [N, c]).data, [N, c]);
  const shared = new Tensor(normal(k2!, [S, c]).data, [S, c]);
  const perRow = new Tensor(
    normal(k3!, [N, S, c]).data.map((v) => 1.5 * v),
    [N, S, c],
  );
  // Every action, including the reference action c, appears.
  const actions = Float64Array.from({ length: N }, (_, i) => i % (c + 1));
  const sharedW = logWeightsOf(k4!, 1, S);
  const rowW = logWeightsOf(k5!, N, S);

  test(`mixtureSoftmaxLogLik (C = ${c}): value equals the naive sum, shared and per-row offsets and weights`, () => {
    for (const [off, lw, what] of [
      [shared, sharedW, "shared offsets, shared weights"],
      [shared, rowW, "shared offsets, per-row weights"],
      [perRow, sharedW, "per-row offsets, shared weights"],
      [perRow, rowW, "per-row offsets, per-row weights"],
    ] as const) {
      const got = mixtureSoftmaxLogLik(mu, off, actions, lw).data[0]!;
      assertClose(got, naive(mu, off, actions, lw), { atol: 1e-12, rtol: 1e-12, what });
    }
  });

  test(`mixtureSoftmaxLogLik (C = ${c}): gradients in mu and offsets match central differences`, () => {
    for (const [off, lw] of [
      [shared, sharedW],
      [perRow, rowW],
    ] as const) {
      assertGradOk((p: { mu: Tensor; off: Tensor }) => mixtureSoftmaxLogLik(p.mu, p.off, actions, lw), {
        mu,
        off,
      });
    }
  });
}

test("mixtureSoftmaxLogLik is stable for large logits (no overflow) and equals the one-node softmax log-likelihood", () => {
  const mu = new Tensor(new Float64Array([800, -800, 30, 700]), [2, 2]);
  const off = new Tensor(new Float64Array([0, 0]), [1, 2]);
  const actions = new Float64Array([0, 2]);
  const v = mixtureSoftmaxLogLik(mu, off, actions, new Float64Array([0])).data[0]!;
  // Row 0: log softmax([800, −800, 0])[0] ≈ −e^{−800} ≈ 0; row 1: log softmax([30, 700, 0])[2] = −700 − log(1 + e^{−670} + e^{−700}).
  assertClose(v, -700, { atol: 1e-9 });
  assert.ok(Number.isFinite(v));
});

test("mixtureSoftmaxLogLik rejects offsets or weights of the wrong size", () => {
  const mu = new Tensor(new Float64Array(6), [3, 2]);
  assert.throws(
    () => mixtureSoftmaxLogLik(mu, new Tensor(new Float64Array(9), [3, 3]), new Float64Array(3), new Float64Array(3)),
    /do not fit mu \[3, 2\]/,
  );
  assert.throws(
    () => mixtureSoftmaxLogLik(mu, new Tensor(new Float64Array(8), [4, 2]), new Float64Array(3), new Float64Array(3)),
    /3 log weights for 4 nodes/,
  );
});

test("mixtureSoftmaxLogLik (C = 1): the reference action's probability keeps full precision for large logits", () => {
  // log σ(−u) = −u − log1p(e^{−u}); computing it as log(1 − σ(u)) loses everything past u ≈ 30
  // (the error was 5e-2 nats at u = 35 before the fix).
  for (const u of [5, 20, 30, 35, 36, 45]) {
    const mu = new Tensor(new Float64Array([u, -u]), [2, 1]);
    const off = new Tensor(new Float64Array([-0.5, 0, 0.5]), [3, 1]);
    const lw = new Float64Array([Math.log(0.25), Math.log(0.5), Math.log(0.25)]);
    const got = mixtureSoftmaxLogLik(mu, off, new Float64Array([1, 0]), lw).data[0]!;
    // Row 0 takes the reference action at logit u + δ, row 1 action 0 at logit −u + δ: both log σ(−(u + δ)).
    let p = 0;
    for (const [d, w] of [
      [-0.5, 0.25],
      [0, 0.5],
      [0.5, 0.25],
    ] as const)
      p += w * Math.exp(-(u + d) - Math.log1p(Math.exp(-(u + d))));
    assertClose(got, 2 * Math.log(p), { rtol: 1e-13, atol: 0, what: `u = ${u}` });
  }
});
