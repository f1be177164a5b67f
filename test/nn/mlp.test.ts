import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ACTIVATIONS,
  type Activation,
  type MLPConfig,
  type MLPParams,
  MLP,
  initMLP,
  key,
  mlp,
  split,
  sum,
  square,
  Tensor,
  treeMap,
  add,
} from "../../src/index.js";
import { normal } from "../../src/random/index.js";
import { assertClose, assertGradOk } from "../helpers/assert.js";

const config: MLPConfig = { inFeatures: 3, hidden: [5, 4], outFeatures: 2, activation: "swish" };
const [kp, kx, kn] = split(key(11), 3);
// Non-zero biases, so their gradients are checked away from a special point.
const params = treeMap((t) => add(t, normal(kn, t.shape)), initMLP(kp, config)) as MLPParams;

test("initMLP: one dense layer per hidden width plus the output layer", () => {
  const p = initMLP(key(0), { inFeatures: 6, hidden: [64, 64, 64], outFeatures: 1, activation: "swish" });
  assert.deepEqual(
    p.layers.map((l) => [l.weight.shape, l.bias!.shape]),
    [
      [[6, 64], [64]],
      [[64, 64], [64]],
      [[64, 64], [64]],
      [[64, 1], [1]],
    ],
  );
  const single = initMLP(key(0), { inFeatures: 2, hidden: [], outFeatures: 3, activation: "relu" });
  assert.equal(single.layers.length, 1);
});

test("mlp: output shapes, batched and unbatched", () => {
  assert.deepEqual(mlp(params, normal(kx, [3]), config).shape, [2]);
  assert.deepEqual(mlp(params, normal(kx, [7, 3]), config).shape, [7, 2]);
  assert.deepEqual(mlp(params, normal(kx, [2, 7, 3]), config).shape, [2, 7, 2]);
});

test("mlp: a batch is the stack of the single-input results", () => {
  const x = normal(kx, [4, 3]);
  const batched = mlp(params, x, config).data;
  for (let r = 0; r < 4; r++) {
    const row = new Tensor(x.data.slice(3 * r, 3 * r + 3), [3]);
    assertClose(mlp(params, row, config).data, batched.slice(2 * r, 2 * r + 2), { atol: 1e-14 });
  }
});

test("mlp: gradients in every parameter and in the input match finite differences, for every activation", () => {
  const x = normal(kx, [6, 3]);
  for (const activation of ACTIVATIONS as Activation[]) {
    const c: MLPConfig = { ...config, activation, outputActivation: "tanh" };
    assertGradOk((p: MLPParams) => sum(square(mlp(p, x, c))), params);
  }
  assertGradOk((xx: Tensor) => sum(mlp(params, xx, config)), x);
});

test("MLP: the closure form equals initMLP and mlp", () => {
  const net = MLP(config);
  const p = net.init(kp);
  const x = normal(kx, [4, 3]);
  assert.deepEqual(net.apply(p, x).data, mlp(initMLP(kp, config), x, config).data);
});

test("mlp: errors name the layer, the sizes and the bad option", () => {
  assert.throws(() => mlp(params, normal(kx, [4, 2]), config), /MLP layer 0: Linear: input has 2 features, expected 3/);
  assert.throws(
    () => mlp({ layers: params.layers.slice(0, 2) }, normal(kx, [4, 3]), config),
    /mlp: params.layers must hold 3 layers for hidden \[5,4\], got 2/,
  );
  assert.throws(() => MLP({ ...config, activation: "gelu" as never }), /MLP: activation: unknown activation "gelu"/);
  assert.throws(() => MLP({ ...config, hidden: [4, 0] }), /MLP: hidden\[1\] must be a positive integer, got 0/);
});
