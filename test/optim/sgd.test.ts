import { test } from "node:test";
import assert from "node:assert/strict";
import { sgd, tensor, type Tensor } from "../../src/index.js";
import { assertClose } from "../helpers/assert.js";

// A two-coordinate example; every expected value below is worked out from PyTorch's SGD
// equations: d = g + λp; b ← μb + d; p ← p − lr·b (heavy ball) or p − lr·(d + μb) (Nesterov).
const p0 = tensor([1, -2]);
const g1 = tensor([0.5, 3]);
const g2 = tensor([1, -1]);

function twoSteps(opt: ReturnType<typeof sgd>): [Tensor, Tensor] {
  const s0 = opt.init(p0);
  const r1 = opt.update(g1, s0, p0);
  const r2 = opt.update(g2, r1.state, r1.params);
  return [r1.params, r2.params];
}

test("sgd: one plain step is p − lr·g", () => {
  const opt = sgd({ learningRate: 0.1 });
  const { params, state } = opt.update(g1, opt.init(p0), p0);
  assertClose(params.data, [0.95, -2.3], { atol: 1e-15 });
  assert.equal(state.step, 1);
  assert.equal(state.velocity, null);
});

test("sgd: coupled weight decay adds λp to the gradient", () => {
  const opt = sgd({ learningRate: 0.1, weightDecay: 0.1 });
  // d = [0.5 + 0.1, 3 − 0.2] = [0.6, 2.8]
  assertClose(opt.update(g1, opt.init(p0), p0).params.data, [1 - 0.06, -2 - 0.28], { atol: 1e-15 });
});

test("sgd: heavy-ball momentum over two steps", () => {
  const [p1, p2] = twoSteps(sgd({ learningRate: 0.1, momentum: 0.9 }));
  // b1 = g1 = [0.5, 3]; p1 = [0.95, −2.3]
  assertClose(p1.data, [0.95, -2.3], { atol: 1e-15 });
  // b2 = 0.9·[0.5, 3] + [1, −1] = [1.45, 1.7]; p2 = p1 − 0.1·b2 = [0.805, −2.47]
  assertClose(p2.data, [0.805, -2.47], { atol: 1e-15 });
});

test("sgd: Nesterov momentum over two steps", () => {
  const [p1, p2] = twoSteps(sgd({ learningRate: 0.1, momentum: 0.9, nesterov: true }));
  // b1 = [0.5, 3]; p1 = p0 − 0.1·(g1 + 0.9·b1) = p0 − 0.19·g1 = [0.905, −2.57]
  assertClose(p1.data, [0.905, -2.57], { atol: 1e-15 });
  // b2 = [1.45, 1.7]; p2 = p1 − 0.1·(g2 + 0.9·b2) = p1 − 0.1·[2.305, 0.53] = [0.6745, −2.623]
  assertClose(p2.data, [0.6745, -2.623], { atol: 1e-15 });
});

test("sgd: the learning rate may be a schedule of the step", () => {
  const opt = sgd({ learningRate: (step) => 0.1 / (step + 1) });
  const s0 = opt.init(p0);
  const r1 = opt.update(g1, s0, p0);
  const r2 = opt.update(g2, r1.state, r1.params);
  // step 0 uses lr 0.1, step 1 uses lr 0.05
  assertClose(r2.params.data, [0.95 - 0.05, -2.3 + 0.05], { atol: 1e-15 });
});
