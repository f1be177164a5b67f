import { test } from "node:test";
import assert from "node:assert/strict";
import { rmsProp, tensor } from "../../src/index.js";
import { assertClose } from "../helpers/assert.js";
import { leafData } from "./problems.js";

// s ← ρs + (1 − ρ)g²; centred: ḡ ← ρḡ + (1 − ρ)g, denominator √(s − ḡ²) + eps;
// momentum: b ← μb + g/denominator, p ← p − lr·b. Here ρ = 0.9 (the default), lr = 0.01.
const p0 = tensor([1, -2]);
const g1 = tensor([0.5, 3]);
const g2 = tensor([1, -1]);
const lr = 0.01;
const eps = 1e-8;

test("rmsProp: one plain step divides by the running RMS", () => {
  const opt = rmsProp({ learningRate: lr });
  const { params, state } = opt.update(g1, opt.init(p0), p0);
  // s1 = 0.1·g² = [0.025, 0.9]
  assertClose(leafData(state.meanSquare), [0.025, 0.9], { atol: 1e-15 });
  assert.equal(state.meanGrad, null);
  assert.equal(state.velocity, null);
  const expected = [1 - (lr * 0.5) / (Math.sqrt(0.025) + eps), -2 - (lr * 3) / (Math.sqrt(0.9) + eps)];
  assertClose(params.data, expected, { atol: 1e-15 });
});

test("rmsProp: decay 0.99 (PyTorch's default alpha) gives s1 = 0.01·g²", () => {
  const opt = rmsProp({ learningRate: lr, decay: 0.99 });
  const { params } = opt.update(g1, opt.init(p0), p0);
  // √(0.01·g²) = 0.1·|g|, so the step is lr·sign(g)/0.1 (up to eps).
  assertClose(params.data, [1 - 0.1, -2 - 0.1], { atol: 1e-7 });
});

test("rmsProp: centred step uses the variance s − ḡ²", () => {
  const opt = rmsProp({ learningRate: lr, centered: true });
  const { params, state } = opt.update(g1, opt.init(p0), p0);
  // ḡ1 = [0.05, 0.3]; s1 − ḡ1² = [0.0225, 0.81]; √ = [0.15, 0.9]; g/√ = [10/3, 10/3]
  assertClose(leafData(state.meanGrad), [0.05, 0.3], { atol: 1e-15 });
  assertClose(params.data, [1 - (lr * 0.5) / (0.15 + eps), -2 - (lr * 3) / (0.9 + eps)], { atol: 1e-14 });
});

test("rmsProp: centred with momentum over two steps", () => {
  const opt = rmsProp({ learningRate: lr, centered: true, momentum: 0.5 });
  const r1 = opt.update(g1, opt.init(p0), p0);
  const r2 = opt.update(g2, r1.state, r1.params);
  const b1 = [0.5 / (0.15 + eps), 3 / (0.9 + eps)];
  assertClose(leafData(r1.state.velocity), b1, { atol: 1e-14 });
  // s2 = 0.9·s1 + 0.1·g2² = [0.1225, 0.91]; ḡ2 = 0.9·ḡ1 + 0.1·g2 = [0.145, 0.17]
  assertClose(leafData(r2.state.meanSquare), [0.1225, 0.91], { atol: 1e-15 });
  assertClose(leafData(r2.state.meanGrad), [0.145, 0.17], { atol: 1e-15 });
  const variance = [0.1225 - 0.145 ** 2, 0.91 - 0.17 ** 2]; // [0.101475, 0.8811]
  const b2 = [0, 1].map((i) => 0.5 * b1[i]! + g2.data[i]! / (Math.sqrt(variance[i]!) + eps));
  assertClose(leafData(r2.state.velocity), b2, { atol: 1e-13 });
  const p1 = [1 - lr * b1[0]!, -2 - lr * b1[1]!];
  assertClose(r2.params.data, [p1[0]! - lr * b2[0]!, p1[1]! - lr * b2[1]!], { atol: 1e-14 });
});
