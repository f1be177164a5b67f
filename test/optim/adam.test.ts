import { test } from "node:test";
import assert from "node:assert/strict";
import { adam, tensor } from "../../src/index.js";
import { assertClose } from "../helpers/assert.js";
import { leafData } from "./problems.js";

// Kingma & Ba (2015), Algorithm 1, with β1 = 0.9, β2 = 0.999, eps = 1e-8, lr = 0.1.
const p0 = tensor([1, -2]);
const g1 = tensor([0.5, 3]);
const g2 = tensor([1, -1]);
const lr = 0.1;
const eps = 1e-8;

test("adam: step 1 — bias correction makes the first step lr·g/(|g| + eps)", () => {
  const opt = adam({ learningRate: lr });
  const { params, state } = opt.update(g1, opt.init(p0), p0);
  // m1 = 0.1·g1, v1 = 0.001·g1²; m̂ = m1/(1 − 0.9) = g1, v̂ = v1/(1 − 0.999) = g1².
  assertClose(leafData(state.m), [0.05, 0.3], { atol: 1e-15 });
  assertClose(leafData(state.v), [0.00025, 0.009], { atol: 1e-15 });
  assertClose(params.data, [1 - (lr * 0.5) / (0.5 + eps), -2 - (lr * 3) / (3 + eps)], { atol: 1e-14 });
  assert.equal(state.step, 1);
});

test("adam: step 2 — moments and bias correction 1 − β^2", () => {
  const opt = adam({ learningRate: lr });
  const r1 = opt.update(g1, opt.init(p0), p0);
  const r2 = opt.update(g2, r1.state, r1.params);
  // m2 = 0.9·m1 + 0.1·g2 = [0.145, 0.17]; v2 = 0.999·v1 + 0.001·g2² = [0.00124975, 0.009991]
  assertClose(leafData(r2.state.m), [0.145, 0.17], { atol: 1e-15 });
  assertClose(leafData(r2.state.v), [0.00124975, 0.009991], { atol: 1e-15 });
  const mHat = [0.145 / (1 - 0.9 ** 2), 0.17 / (1 - 0.9 ** 2)];
  const vHat = [0.00124975 / (1 - 0.999 ** 2), 0.009991 / (1 - 0.999 ** 2)];
  const p1 = r1.params.data;
  const expected = [0, 1].map((i) => p1[i]! - (lr * mHat[i]!) / (Math.sqrt(vHat[i]!) + eps));
  assertClose(r2.params.data, expected, { atol: 1e-14 });
  // Numerically (computed independently in Python): the steps are 0.0965182 and 0.0400219.
  assertClose([p1[0]! - r2.params.data[0]!, p1[1]! - r2.params.data[1]!], [0.0965182014, 0.040021857], { atol: 1e-10 });
});

test("adam: non-default betas and eps enter as in the equations", () => {
  const opt = adam({ learningRate: 0.01, beta1: 0.5, beta2: 0.75, eps: 0.1 });
  const { params } = opt.update(g1, opt.init(p0), p0);
  // m̂ = g, v̂ = g² at step 1 whatever the betas; eps = 0.1 now matters.
  assertClose(params.data, [1 - (0.01 * 0.5) / (0.5 + 0.1), -2 - (0.01 * 3) / (3 + 0.1)], { atol: 1e-15 });
});

test("adam: weightDecay is an L2 term added to the gradient", () => {
  const opt = adam({ learningRate: lr, weightDecay: 0.1 });
  const { params, state } = opt.update(g1, opt.init(p0), p0);
  // d = g + 0.1·p = [0.6, 2.8]; m1 = 0.1·d
  assertClose(leafData(state.m), [0.06, 0.28], { atol: 1e-15 });
  assertClose(params.data, [1 - (lr * 0.6) / (0.6 + eps), -2 - (lr * 2.8) / (2.8 + eps)], { atol: 1e-14 });
});
