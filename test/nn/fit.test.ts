import { test } from "node:test";
import assert from "node:assert/strict";
import {
  type Dataset,
  type MLPConfig,
  type MLPParams,
  type Optimizer,
  type OptimizerState,
  Tensor,
  adam,
  fit,
  fold,
  initMLP,
  key,
  mean,
  mlp,
  mul,
  sgd,
  square,
  sub,
  sum,
  treeLeaves,
} from "../../src/index.js";
import { permutation } from "../../src/random/index.js";
import { assertClose } from "../helpers/assert.js";

/** `n` points of sin(2x) on [lo, hi]: a smooth function with two periods on [−2, 2]. */
function sine(n: number, lo: number, hi: number): Dataset {
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = lo + ((hi - lo) * i) / (n - 1);
    y[i] = Math.sin(2 * x[i]!);
  }
  return { inputs: new Tensor(x, [n, 1]), targets: new Tensor(y, [n, 1]) };
}

const config: MLPConfig = { inFeatures: 1, hidden: [32, 32], outFeatures: 1, activation: "swish" };
const mse = (p: MLPParams, b: Dataset) => mean(square(sub(mlp(p, b.inputs, config), b.targets)));
// 256 training points on [−2, 2]; validation on 64 points between them (none coincide).
const train = sine(256, -2, 2);
const validation = sine(64, -2 + 2 / 64, 2 - 2 / 64);
const run = (epochs: number, seed = 1) =>
  fit({
    loss: mse,
    params: initMLP(key(0), config),
    data: train,
    validation,
    batchSize: 32,
    epochs,
    optimizer: adam({ learningRate: 0.01 }),
    key: key(seed),
  });

test("fit: an MLP 1→32→32→1 (swish) learns sin(2x) on [−2, 2] to a validation MSE below 1e-3", () => {
  const result = run(200);
  assert.equal(result.history.length, 200);
  assert.equal(result.stopReason, "epochs");
  // The measure: mean squared error of the returned (best) parameters against sin(2x) on
  // 1001 fresh points of [−2, 2], computed here from the known function (1.4e-4 when
  // written; the best validation MSE was 1.3e-4).
  const grid = sine(1001, -2, 2);
  const err = mse(result.params, grid).item();
  assert.ok(err < 1e-3, `MSE on a fresh grid ${err}`);
  const best = result.history[result.bestEpoch]!.validationLoss!;
  assert.equal(best, Math.min(...result.history.map((h) => h.validationLoss!)));
  assert.equal(mse(result.params, validation).item(), best);
  assert.ok(result.history[0]!.trainLoss > 100 * best, "the loss fell by two orders of magnitude");
});

test("fit: training is bit-reproducible from the key, and another key shuffles differently", () => {
  const a = run(5);
  const b = run(5);
  assert.deepEqual(a.history, b.history);
  treeLeaves(a.params).forEach((t, i) => assert.deepEqual(t.data, treeLeaves(b.params)[i]!.data));
  assert.notDeepEqual(run(5, 2).history, a.history);
});

test("fit: each epoch visits every example once, in the order permutation(fold(key, epoch), n)", () => {
  const n = 10;
  const data = {
    inputs: new Tensor(
      Float64Array.from({ length: n }, (_, i) => i),
      [n],
    ),
    targets: new Tensor(new Float64Array(n), [n]),
  };
  const seen: number[][] = [];
  fit({
    loss: (p: { w: Tensor }, b) => {
      seen.push(Array.from(b.inputs.data));
      return sum(mul(p.w, b.inputs));
    },
    params: { w: new Tensor(new Float64Array(1), [1]) },
    data,
    batchSize: 4,
    epochs: 3,
    optimizer: sgd({ learningRate: 0.1 }),
    key: key(5),
  });
  assert.deepEqual(
    seen.map((s) => s.length),
    [4, 4, 2, 4, 4, 2, 4, 4, 2],
  );
  for (let e = 0; e < 3; e++)
    assert.deepEqual(seen.slice(3 * e, 3 * e + 3).flat(), Array.from(permutation(fold(key(5), e), n)));
});

test("fit: trainLoss is the mean of minibatch losses weighted by their sizes", () => {
  // An optimiser that never moves the parameters: every minibatch loss is then taken at the
  // same point, and the weighted mean must equal the full-data loss (10 examples, batches 4, 4, 2).
  const still: Optimizer<OptimizerState> = {
    name: "still",
    init: () => ({ step: 0 }),
    update: (_g, state, params) => ({ params, state: { step: state.step + 1 } }),
  };
  const x = Float64Array.from({ length: 10 }, (_, i) => i / 3);
  const y = x.map((v) => v * v);
  const data = { inputs: new Tensor(x, [10]), targets: new Tensor(y, [10]) };
  const loss = (p: { w: Tensor }, b: Dataset) => mean(square(sub(mul(p.w, b.inputs), b.targets)));
  const params = { w: new Tensor(Float64Array.of(0.7), [1]) };
  const { history } = fit({ loss, params, data, batchSize: 4, epochs: 2, optimizer: still, key: key(0) });
  const full = loss(params, data).item();
  assertClose(history[0]!.trainLoss, full, { rtol: 1e-14 });
  assertClose(history[1]!.trainLoss, full, { rtol: 1e-14 });
});

test("fit: early stopping returns the parameters of the best validation epoch", () => {
  // Least squares for y = 2x with SGD from w = 0: w rises monotonically towards 2. The
  // validation targets are y = x, so the validation loss falls until w passes 1, then rises.
  const x = Float64Array.from({ length: 16 }, (_, i) => (i - 7.5) / 4);
  const data = {
    inputs: new Tensor(x, [16]),
    targets: new Tensor(
      x.map((v) => 2 * v),
      [16],
    ),
  };
  const val = { inputs: new Tensor(x, [16]), targets: new Tensor(x, [16]) };
  const loss = (p: { w: Tensor }, b: Dataset) => mean(square(sub(mul(p.w, b.inputs), b.targets)));
  const perEpoch: number[] = [];
  const result = fit({
    loss,
    params: { w: new Tensor(new Float64Array(1), [1]) },
    data,
    validation: val,
    batchSize: 16,
    epochs: 100,
    patience: 3,
    optimizer: sgd({ learningRate: 0.05 }),
    key: key(0),
    onEpoch: ({ params }) => void perEpoch.push(params.w.item()),
  });
  assert.equal(result.stopReason, "patience");
  assert.equal(result.stoppedEarly, true);
  const losses = result.history.map((h) => h.validationLoss!);
  const best = losses.indexOf(Math.min(...losses));
  assert.equal(result.bestEpoch, best);
  assert.equal(result.history.length, best + 1 + 3, "stopped after 3 epochs without improvement");
  assert.equal(result.params.w.item(), perEpoch[best]);
  assert.ok(perEpoch[best]! > 0.8 && perEpoch[best]! < 1.2, `best w ${perEpoch[best]} is near 1`);
  assert.equal(result.lastParams.w.item(), perEpoch.at(-1));
  assert.ok(result.lastParams.w.item() > result.params.w.item());
});

test("fit: onEpoch returning false stops training", () => {
  const result = fit({
    loss: (p: { w: Tensor }, b) => mean(square(sub(mul(p.w, b.inputs), b.targets))),
    params: { w: new Tensor(new Float64Array(1), [1]) },
    data: { inputs: new Tensor(Float64Array.of(1, 2), [2]), targets: new Tensor(Float64Array.of(1, 2), [2]) },
    batchSize: 1,
    epochs: 50,
    optimizer: sgd({ learningRate: 0.1 }),
    key: key(0),
    onEpoch: ({ epoch }) => epoch < 4,
  });
  assert.equal(result.history.length, 5);
  assert.equal(result.stopReason, "callback");
  assert.equal(result.bestEpoch, 4, "without validation the last epoch's parameters are returned");
});

test("fit: bad input and a non-finite loss give errors naming the value", () => {
  const params = { w: new Tensor(new Float64Array(1), [1]) };
  const data = { inputs: new Tensor(new Float64Array(4), [4]), targets: new Tensor(new Float64Array(3), [3]) };
  const base = {
    loss: (p: { w: Tensor }) => sum(p.w),
    params,
    batchSize: 2,
    epochs: 1,
    optimizer: sgd({ learningRate: 0.1 }),
    key: key(0),
  };
  assert.throws(
    () => fit({ ...base, data }),
    /fit: data.inputs \[4\] and data.targets \[3\] must have the same number of examples/,
  );
  const ok = { inputs: new Tensor(new Float64Array(4), [4]), targets: new Tensor(new Float64Array(4), [4]) };
  assert.throws(() => fit({ ...base, data: ok, patience: 2 }), /fit: patience needs a validation set/);
  assert.throws(() => fit({ ...base, data: ok, batchSize: 0 }), /fit: batchSize must be an integer >= 1, got 0/);
  assert.throws(() => fit({ ...base, data: ok, lr: 1 } as never), /fit: unknown option "lr"/);
  assert.throws(
    () => fit({ ...base, data: ok, epochs: 3, loss: (p: { w: Tensor }, b) => sum(mul(p.w, sub(b.inputs, NaN))) }),
    /fit: the loss is NaN at epoch 0, minibatch 0/,
  );
  assert.throws(
    () => fit({ ...base, data: ok, loss: (p: { w: Tensor }, b) => mul(p.w, b.inputs) }),
    /fit: the loss must be a scalar, got shape \[2\]/,
  );
});
