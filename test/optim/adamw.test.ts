import { test } from "node:test";
import assert from "node:assert/strict";
import { adam, adamW, tensor, zeros } from "../../src/index.js";
import { assertClose } from "../helpers/assert.js";
import { leafData } from "./problems.js";

// Loshchilov & Hutter (2019): decoupled decay p ← p − lr·(m̂/(√v̂ + eps) + λp), versus Adam
// with L2, where λp enters the gradient and is then divided by √v̂.
const p0 = tensor([1, -2]);
const g1 = tensor([0.5, 3]);
const lr = 0.1;
const eps = 1e-8;

test("adamW: one step applies the decay outside the adaptive scaling", () => {
  const opt = adamW({ learningRate: lr, weightDecay: 0.1 });
  const { params, state } = opt.update(g1, opt.init(p0), p0);
  // The moments see the raw gradient only.
  assertClose(leafData(state.m), [0.05, 0.3], { atol: 1e-15 });
  const expected = [1 - lr * (0.5 / (0.5 + eps) + 0.1 * 1), -2 - lr * (3 / (3 + eps) + 0.1 * -2)];
  assertClose(params.data, expected, { atol: 1e-14 }); // ≈ [0.89, −2.08]
});

test("adamW vs adam with L2: different updates from the same weightDecay", () => {
  const decoupled = adamW({ learningRate: lr, weightDecay: 0.1 });
  const coupled = adam({ learningRate: lr, weightDecay: 0.1 });
  const w = decoupled.update(g1, decoupled.init(p0), p0).params.data;
  const l2 = coupled.update(g1, coupled.init(p0), p0).params.data;
  // L2 at step 1: the step is lr·sign(g + λp) = lr·[1, 1] up to eps, so the decay is normalised away.
  assertClose(l2, [0.9, -2.1], { atol: 1e-8 });
  assertClose(w, [0.89, -2.08], { atol: 1e-8 });
});

test("adamW with a zero gradient shrinks the weights by exactly (1 − lr·λ)", () => {
  const opt = adamW({ learningRate: lr, weightDecay: 0.5 });
  let params = p0;
  let state = opt.init(p0);
  for (let i = 0; i < 3; i++) ({ params, state } = opt.update(zeros([2]), state, params));
  assertClose(params.data, [0.95 ** 3, -2 * 0.95 ** 3], { atol: 1e-15 });
  // Adam with L2 instead takes sign-like steps of size ≈ lr whatever λ is.
  const l2 = adam({ learningRate: lr, weightDecay: 0.5 });
  const r = l2.update(zeros([2]), l2.init(p0), p0).params.data;
  assertClose(r, [0.9, -1.9], { atol: 1e-8 });
});

test("adamW defaults to weightDecay 0.01 and equals adam when weightDecay is 0", () => {
  const dflt = adamW({ learningRate: lr });
  assertClose(dflt.update(zeros([2]), dflt.init(p0), p0).params.data, [1 - lr * 0.01, -2 + lr * 0.02], { atol: 1e-15 });
  const w0 = adamW({ learningRate: lr, weightDecay: 0 });
  const a = adam({ learningRate: lr });
  assert.deepEqual(w0.update(g1, w0.init(p0), p0).params.data, a.update(g1, a.init(p0), p0).params.data);
});
