/** GVI's bookkeeping: early stopping, best-state tracking, progress, reproducibility, input errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Gamma,
  Normal,
  type Optimizer,
  type OptimizerState,
  type Tensor,
  add,
  adam,
  key,
  neg,
  scalar,
  sum,
  tensor,
  treeMap,
} from "../../../src/index.js";
import { GVI, type GVIProgress } from "../../../src/infer/vi/gvi.js";
import { type DiagonalNormalParams, diagonalNormalFamily } from "../../../src/infer/vi/gvi-gaussian-family.js";

/** Gradient *ascent*: every step makes the objective worse, so the first state stays the best. */
const ascent: Optimizer<OptimizerState> = {
  name: "ascent",
  init: () => ({ step: 0 }),
  update: (grads, state, params) => ({
    params: treeMap((p, g) => add(p, g!.mul(0.1)), params, grads),
    state: { step: state.step + 1 },
  }),
};

const constantLoss = () => scalar(3);

test("GVI stops after `patience` epochs without a lower total, and keeps the first (best) state", () => {
  // loss constant, regulariser the exact KL: the total is deterministic and rises every epoch.
  const family = diagonalNormalFamily([2], { initLoc: 0.5, initScale: 1 });
  const seen: GVIProgress<DiagonalNormalParams>[] = [];
  const r = new GVI({
    loss: constantLoss,
    prior: Normal(0, 1),
    posterior: family,
    optimizer: ascent,
    maxEpochs: 100,
    patience: 5,
    key: key(1),
  }).run(null, { onProgress: (p) => void seen.push(p) });
  assert.equal(r.epochs, 6, "epoch 0 is the best, epochs 1..5 are the 5 without improvement");
  assert.equal(r.stoppedEarly, true);
  assert.equal(r.bestEpoch, 0);
  assert.equal(r.bestParams, seen[0]!.params);
  assert.deepEqual(Array.from(r.bestParams.loc.data), [0.5, 0.5]);
  assert.ok(
    r.history.every((h, i) => i === 0 || h.total > r.history[i - 1]!.total),
    "the total rises",
  );
  assert.equal(r.bestLoss, r.history[0]!.total);
  // KL(N(0.5, 1) ‖ N(0, 1)) = 0.125 per coordinate, plus the constant loss
  assert.ok(Math.abs(r.bestLoss - (3 + 0.25)) < 1e-12);
  assert.notDeepEqual(Array.from(r.lastParams.loc.data), [0.5, 0.5], "the last state moved away");
  assert.deepEqual(
    seen.map((p) => p.epochsWithoutImprovement),
    [0, 1, 2, 3, 4, 5],
  );
  // the posterior returned is q at the best parameters
  assert.deepEqual(Array.from(r.posterior.mean.data), [0.5, 0.5]);
});

test("GVI: the best state is the one with the lowest total seen, not the last", () => {
  // Descend for a while with a large step: the totals are noisy, so the lowest one is some
  // epoch before the end; its parameters are those that epoch was evaluated at.
  const params: DiagonalNormalParams[] = [];
  const r = new GVI({
    loss: (theta: Tensor, y: Tensor) => neg(sum(Normal(theta, 1).logProb(y))),
    prior: Normal(0, 2),
    posterior: diagonalNormalFamily([]),
    optimizer: adam({ learningRate: 0.05 }),
    maxEpochs: 300,
    patience: 300,
    key: key(2),
  }).run(tensor([1, 2, 0.5, 1.5]), { onProgress: (p) => void params.push(p.params) });
  const totals = r.history.map((h) => h.total);
  assert.equal(r.bestEpoch, totals.indexOf(Math.min(...totals)));
  assert.ok(r.bestEpoch < r.epochs - 1, "in this run the best is not the last epoch");
  assert.equal(r.bestParams, params[r.bestEpoch]);
  assert.equal(r.lastParams !== r.bestParams, true);
});

test("GVI stops when onProgress returns false; same key, same run", () => {
  const make = () =>
    new GVI({
      loss: (theta: Tensor) => theta.square(),
      prior: Normal(0, 1),
      posterior: diagonalNormalFamily([]),
      optimizer: adam({ learningRate: 0.05 }),
      clipNorm: 1,
      maxEpochs: 50,
      key: key(3),
    });
  const a = make().run(null, { onProgress: (p) => p.epoch < 9 });
  assert.equal(a.epochs, 10);
  assert.equal(a.stoppedEarly, true);
  const b = make().run(null, { onProgress: (p) => p.epoch < 9 });
  assert.deepEqual(a.history, b.history);
  assert.deepEqual(Array.from(a.lastParams.loc.data), Array.from(b.lastParams.loc.data));
});

test("GVI rejects bad input with messages naming the value", () => {
  const base = { loss: constantLoss, prior: Normal(0, 1), posterior: diagonalNormalFamily([]), key: key(0) };
  assert.throws(() => new GVI({ ...base, w: -1 }), /w must be a finite number >= 0, got -1/);
  assert.throws(
    () => new GVI({ ...base, gradientEstimation: "score", samplesPerEpoch: 1 }),
    /samplesPerEpoch must be an integer >= 2, got 1/,
  );
  assert.throws(() => new GVI({ ...base, patience: 0 }), /patience must be an integer >= 1, got 0/);
  assert.throws(
    () => new GVI({ ...base, gradientEstimation: "exact" as "score" }),
    /gradientEstimation must be "pathwise" or "score", got "exact"/,
  );
  assert.throws(
    () => new GVI({ ...base, prior: Normal(tensor([0, 0, 0]), 1) }),
    /prior Normal has shape \[3\], which does not broadcast to the variational family's shape \[\]/,
  );
  assert.throws(
    () => new GVI({ ...base, prior: Gamma(2, 1) }),
    /support positive, but the diagonal Normal family is over the real line/,
  );
  assert.throws(
    () =>
      new GVI({
        ...base,
        kl: "closed-form",
        prior: Normal(0, 1),
        posterior: { ...base.posterior, distribution: () => Gamma(2, 2) },
      }),
    /kl "closed-form" needs Gaussian q and prior/,
  );
  assert.throws(
    () => new GVI({ ...base, loss: () => tensor([1, 2]) }).run(null),
    /the loss must return a scalar, got shape \[2\]/,
  );
  assert.throws(
    () => new GVI({ ...base, loss: () => scalar(NaN) }).run(null),
    /the loss is NaN at θ = .*; it must be finite/,
  );
  assert.throws(() => diagonalNormalFamily([2], { initScale: 0 }), /initScale must be a finite number > 0, got 0/);
  assert.throws(
    () => diagonalNormalFamily([2], { initLoc: tensor([1, 2, 3]) }),
    /initLoc of shape \[3\] does not broadcast to the family's shape \[2\]/,
  );
});
