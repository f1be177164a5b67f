/**
 * Independent, TransformedDistribution and the mixtures: shapes and log-densities against
 * the independent computation they stand for.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Categorical,
  Independent,
  LogNormal,
  Mixture,
  MixtureSameFamily,
  Normal,
  StudentT,
  TransformedDistribution,
  key,
  logsumexp,
  stack,
  sum,
  tensor,
} from "../../src/index.js";
import { assertClose } from "../helpers/assert.js";
import { expBijector, mixingBijector } from "./testBijectors.js";

test("Independent sums the base log-density over the reinterpreted axes", () => {
  const base = Normal(
    tensor([
      [0, 1, 2],
      [3, 4, 5],
    ]),
    tensor([1, 2, 3]),
  );
  const d = Independent(base, 1);
  assert.deepEqual(d.batchShape, [2]);
  assert.deepEqual(d.eventShape, [3]);
  const x = tensor([
    [0.5, 1, 1.5],
    [2, 4, 9],
  ]);
  assertClose(d.logProb(x).data, sum(base.logProb(x), -1).data);
  assert.equal(d.support.eventDim, 1);
  assert.deepEqual(d.sample(key(0), [4]).shape, [4, 2, 3]);
  assertClose(d.entropy().data, sum(base.entropy(), -1).data);
  assert.deepEqual(d.expand([5, 2]).batchShape, [5, 2]);
  assert.throws(() => Independent(base, 3), /Independent: reinterpretedBatchNdims must be an integer in \[0, 2\]/);
});

test("TransformedDistribution: Normal through exp is LogNormal", () => {
  const t = TransformedDistribution(Normal(tensor([0.3, -1]), 0.8), expBijector);
  const l = LogNormal(tensor([0.3, -1]), 0.8);
  const x = tensor([
    [0.2, 1.5],
    [3, 0.01],
  ]);
  assertClose(t.logProb(x).data, l.logProb(x).data, { rtol: 1e-14 });
  assert.equal(t.support.kind, "positive");
  assert.ok(t.hasRsample);
  assert.deepEqual(t.sample(key(1), [3]).shape, [3, 2]);
});

test("TransformedDistribution: a vector bijector turns batch axes into an event", () => {
  const base = Normal(tensor([0.3, -1, 2]), tensor([0.8, 1, 2]));
  const t = TransformedDistribution(base, mixingBijector);
  assert.deepEqual(t.batchShape, []);
  assert.deepEqual(t.eventShape, [3]);
  const y = tensor([
    [0.2, 1, 3],
    [-1, 0.5, 2],
  ]);
  const x = mixingBijector.inverse(y);
  const expected = sum(base.logProb(x), -1).sub(Math.log(4) + Math.log(5)); // log|det(2I + 11ᵀ)| for d = 3
  assertClose(t.logProb(y).data, expected.data, { rtol: 1e-13 });
});

test("MixtureSameFamily and Mixture agree, and equal a logsumexp of weighted components", () => {
  const w = tensor([0.2, 0.5, 0.3]);
  const locs = tensor([-2, 0, 3]);
  const scales = tensor([0.5, 1, 2]);
  const msf = MixtureSameFamily(Categorical(w), Normal(locs, scales));
  const mix = Mixture(w, [Normal(-2, 0.5), Normal(0, 1), Normal(3, 2)]);
  const x = tensor([-3, -2, 0.1, 2.5, 100]);
  const comps = stack([Normal(-2, 0.5).logProb(x), Normal(0, 1).logProb(x), Normal(3, 2).logProb(x)], -1);
  const expected = logsumexp(comps.add(w.log()), -1);
  assertClose(msf.logProb(x).data, expected.data, { rtol: 1e-14 });
  assertClose(mix.logProb(x).data, expected.data, { rtol: 1e-14 });
  assertClose(msf.mean.data, mix.mean.data, { rtol: 1e-14 });
  assertClose(msf.variance.data, mix.variance.data, { rtol: 1e-14 });
  assert.ok(Number.isFinite(msf.logProb(1e4).item()), "logsumexp keeps far-out values finite");
});

test("mixtures with batch shapes and mixed families", () => {
  // batch [2] of 3-component mixtures
  const msf = MixtureSameFamily(
    Categorical(
      tensor([
        [0.2, 0.5, 0.3],
        [0.6, 0.2, 0.2],
      ]),
    ),
    Normal(tensor([[-2, 0, 3]]), 1),
  );
  assert.deepEqual(msf.batchShape, [2]);
  assert.deepEqual(msf.logProb(tensor([[0.5], [1], [2]])).shape, [3, 2]);
  assert.deepEqual(msf.sample(key(3), [7]).shape, [7, 2]);
  const mix = Mixture([0.5, 0.5], [Normal(tensor([0, 10]), 1), StudentT(3, tensor([5, 5]), 1)]);
  assert.deepEqual(mix.batchShape, [2]);
  assert.deepEqual(mix.sample(key(4), [6]).shape, [6, 2]);
  assert.throws(() => Mixture([0.5, 0.5], [Normal(0, 1)]), /Mixture: weights must have a last axis of 1/);
  assert.throws(
    () => MixtureSameFamily(Categorical(tensor([0.5, 0.5])), Normal(tensor([0, 1, 2]), 1)),
    /must end in the number of mixture components 2/,
  );
});
