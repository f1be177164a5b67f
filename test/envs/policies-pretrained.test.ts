import { test } from "node:test";
import assert from "node:assert/strict";
import { envIds } from "../../src/envs/registry.js";
import { evaluatePolicy } from "../../src/envs/rollout.js";
import {
  LinearGaussianPolicy,
  LinearSoftmaxPolicy,
  PRETRAINED_EVALUATION_SEED,
  pretrainedPolicy,
  pretrainedSpec,
} from "../../src/envs/policies/index.js";
import { key } from "../../src/random/index.js";

// Every registered environment has a pretrained policy that meets its stated threshold over 100
// episodes of the fixed evaluation key (about 1.5 s in all).
for (const id of envIds) {
  test(`pretrained ${id}: mean return over 100 episodes meets the stated threshold`, () => {
    const spec = pretrainedSpec(id);
    const policy = pretrainedPolicy(id);
    assert.equal(spec.params.length, spec.numParams);
    const ev = evaluatePolicy(id, policy, key(PRETRAINED_EVALUATION_SEED), 100);
    assert.ok(
      ev.mean >= spec.threshold,
      `${id}: mean ${ev.mean} ± ${ev.standardError} below threshold ${spec.threshold}`,
    );
    // The policy is stochastic (a behaviour policy for data sets), and serialises.
    assert.equal(
      policy instanceof LinearSoftmaxPolicy ? policy.greedy : (policy as LinearGaussianPolicy).deterministic,
      false,
    );
    const json = JSON.parse(JSON.stringify(policy.toJSON()));
    const back =
      policy instanceof LinearSoftmaxPolicy ? LinearSoftmaxPolicy.fromJSON(json) : LinearGaussianPolicy.fromJSON(json);
    assert.deepEqual(back.params, policy.params);
  });
}

test("pretrainedPolicy: unknown ids get a clear error", () => {
  assert.throws(() => pretrainedPolicy("Nope-v0"), /no pretrained policy for "Nope-v0"; available: CartPole-v1/);
});
