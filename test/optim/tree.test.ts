import { test } from "node:test";
import assert from "node:assert/strict";
import {
  adam,
  adamW,
  minimize,
  optimizerStateToJSON,
  rmsProp,
  scalar,
  sgd,
  square,
  sub,
  sum,
  add,
  tensor,
  valueAndGrad,
  type Optimizer,
  type Tensor,
} from "../../src/index.js";
import { maxAbsDiff, snapshot } from "./problems.js";

type Params = { w: [Tensor, Tensor]; b: Tensor };

const targets = {
  w0: tensor([
    [1, 2, 3],
    [-1, 0, 0.5],
  ]),
  w1: tensor([0.25, -4, 2]),
  b: 2,
};

/** Separable loss with minimum at the targets: Σ(w0 − T0)² + Σ(w1 − T1)² + (b − 2)². */
function loss(p: Params): Tensor {
  return add(
    add(sum(square(sub(p.w[0], targets.w0))), sum(square(sub(p.w[1], targets.w1)))),
    square(sub(p.b, targets.b)),
  );
}

function start(): Params {
  return {
    w: [
      tensor([
        [0, 0, 0],
        [0, 0, 0],
      ]),
      tensor([1, 1, 1]),
    ],
    b: scalar(-1),
  };
}

const optimisers: [string, () => Optimizer][] = [
  ["sgd", () => sgd({ learningRate: 0.1, momentum: 0.5, nesterov: true, weightDecay: 0.01 })],
  ["adam", () => adam({ learningRate: 0.1 })],
  ["adamW", () => adamW({ learningRate: 0.1 })],
  ["rmsProp", () => rmsProp({ learningRate: 0.01, centered: true, momentum: 0.9 })],
];

for (const [name, make] of optimisers) {
  test(`tree: ${name} updates { w: [Tensor, Tensor], b } leaf by leaf, as if each leaf were alone`, () => {
    const params = start();
    const [, grads] = valueAndGrad(loss)(params);
    const opt = make();
    const { params: next } = opt.update(grads, opt.init(params), params);
    assert.deepEqual(Object.keys(next).sort(), ["b", "w"]);
    assert.ok(Array.isArray(next.w) && next.w.length === 2);
    assert.deepEqual(next.w[0].shape, [2, 3]);
    assert.deepEqual(next.w[1].shape, [3]);
    assert.deepEqual(next.b.shape, []);
    // Every optimiser here is per-coordinate (no clipNorm), so each leaf alone gives the same result.
    const alone = (p: Tensor, g: Tensor) => {
      const o = make();
      return o.update(g, o.init(p), p).params;
    };
    assert.deepEqual(next.w[0].data, alone(params.w[0], grads.w[0]).data);
    assert.deepEqual(next.w[1].data, alone(params.w[1], grads.w[1]).data);
    assert.deepEqual(next.b.data, alone(params.b, grads.b).data);
  });

  test(`tree: ${name} does not mutate the params, the gradient or the state`, () => {
    const params = start();
    const [, grads] = valueAndGrad(loss)(params);
    const opt = make();
    let state = opt.init(params);
    ({ state } = opt.update(grads, state, params)); // a state with non-zero moments
    const before = [snapshot(params), snapshot(grads), JSON.stringify(optimizerStateToJSON(state))];
    const r = opt.update(grads, state, params);
    assert.deepEqual([snapshot(params), snapshot(grads), JSON.stringify(optimizerStateToJSON(state))], before);
    assert.notEqual(r.params.w[0].data, params.w[0].data);
  });
}

test("tree: adam drives every leaf of a tree to its target", () => {
  const { params } = minimize(loss, start(), adam({ learningRate: 0.05 }), { steps: 1000 });
  assert.ok(maxAbsDiff(params.w[0].data, targets.w0.data) < 1e-8);
  assert.ok(maxAbsDiff(params.w[1].data, targets.w1.data) < 1e-8);
  assert.ok(Math.abs(params.b.item() - 2) < 1e-8);
});
