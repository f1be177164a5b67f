import { test } from "node:test";
import assert from "node:assert/strict";
import { LinearSoftmaxPolicy, affineFeatures, trainCEM } from "../../src/envs/policies/index.js";
import { evaluatePolicy } from "../../src/envs/rollout.js";
import { key } from "../../src/random/index.js";

const featureMap = affineFeatures(4);
const makePolicy = (p: Float64Array) => LinearSoftmaxPolicy.fromParams(featureMap, 2, p);
// Settings that reached ≥ 475 for each of 16 training keys tried (0.1–0.7 s each).
const options = {
  numParams: 5,
  populationSize: 60,
  eliteFraction: 0.2,
  iterations: 30,
  episodesPerCandidate: 3,
  initialStd: 5,
  extraStd: (i: number) => Math.max(0.1, 1 - i / 10),
  l2Penalty: 0.01,
  evaluateMeanEpisodes: 20,
  targetReturn: 500,
};

test("CEM trains a stochastic softmax CartPole-v1 policy from scratch to >= 475 over 100 held-out episodes", () => {
  const result = trainCEM("CartPole-v1", makePolicy, key(7), options);
  // Evaluation with a key unrelated to training.
  const ev = evaluatePolicy("CartPole-v1", makePolicy(result.params), key(12345), 100);
  assert.ok(ev.mean >= 475, `mean return ${ev.mean} ± ${ev.standardError}`);
  // Random (zero-weight) policy for contrast: far below.
  assert.ok(evaluatePolicy("CartPole-v1", makePolicy(new Float64Array(5)), key(12345), 100).mean < 50);
  // The weights stay moderate (the L2 penalty), so the policy is not saturated.
  assert.ok(
    result.params.every((w) => Math.abs(w) < 30),
    `weights ${Array.from(result.params)}`,
  );
  assert.ok(result.history.length >= 1 && result.history.length <= 30);
});

test("CEM is deterministic given the key and validates its options", () => {
  const short = { ...options, iterations: 2, populationSize: 10, evaluateMeanEpisodes: 0 };
  const a = trainCEM("CartPole-v1", makePolicy, key(3), short);
  const b = trainCEM("CartPole-v1", makePolicy, key(3), short);
  assert.deepEqual(a, b);
  assert.throws(
    () => trainCEM("CartPole-v1", makePolicy, key(3), { ...short, eliteFraction: 0 }),
    /eliteFraction must be in \(0, 1\], got 0/,
  );
  assert.throws(
    () => trainCEM("CartPole-v1", makePolicy, key(3), { ...short, initialStd: -1 }),
    /initialStd\[0\] must be finite and > 0, got -1/,
  );
  assert.throws(
    () => trainCEM("CartPole-v1", makePolicy, key(3), { ...short, numParams: undefined }),
    /give numParams or initialMean/,
  );
});
