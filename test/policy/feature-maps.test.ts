/**
 * Non-affine feature maps in the policy posterior: the Pendulum swing-up features of the
 * behaviour-policy library, with the pretrained linear-Gaussian policy as the truth.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import type { LinearGaussianPolicy } from "../../src/envs/policies/linear-gaussian.js";
import { pretrainedPolicy } from "../../src/envs/policies/pretrained.js";
import { rollout } from "../../src/envs/rollout.js";
import { resolveConfig } from "../../src/policy/config.js";
import { featureDim } from "../../src/policy/features.js";
import { posteriorPredictiveCheck } from "../../src/policy/ppc.js";
import type { WeightDraws } from "../../src/policy/predictive.js";
import { PolicyPosteriorSampler } from "../../src/policy/sampler.js";
import { key } from "../../src/random/index.js";

const truth = pretrainedPolicy("Pendulum-v1") as LinearGaussianPolicy;

test("pendulum features: the posterior of a linear-Gaussian policy recovers the pretrained weights and action noise", async () => {
  const data = rollout("Pendulum-v1", truth, key(11), { numEpisodes: 3 });
  const obs = Array.from({ length: data.numTransitions }, (_, i) => Array.from(data.states.subarray(i * 3, i * 3 + 3)));
  const actions = Array.from(data.actions);
  const sampler = new PolicyPosteriorSampler({
    family: "linear-gaussian",
    actionDim: 1,
    features: { name: "pendulum" },
    policyPriorVariance: 10,
    numWarmup: 300,
    numChains: 2,
    parallelChains: false,
  });
  const weights = Array.from(truth.weightsTensor().data);
  assert.equal(featureDim({ name: "pendulum" }, 3), weights.length);
  const posterior = await sampler.samplePosterior(obs, actions, 300);
  const rows = posterior.summary.rows;
  weights.forEach((w, j) => {
    const r = rows.find((x) => x.name === `weights[${j},0]`)!;
    assert.ok(Math.abs(r.mean - w) < 4 * r.sd + 1e-9, `weight ${j}: ${r.mean} ± ${r.sd} vs ${w}`);
  });
  const s = rows.find((x) => x.name === "action_scale[0]")!;
  assert.ok(Math.abs(s.mean - Math.exp(-1)) < 4 * s.sd, `action scale ${s.mean} ± ${s.sd} vs ${Math.exp(-1)}`);
});

test("an unknown feature map is refused with the valid names", () => {
  assert.throws(
    () =>
      new PolicyPosteriorSampler({ family: "linear-softmax", numActions: 2, features: { name: "fourier" } }).checkData(
        [[0], [1]],
        [0, 1],
      ),
    /unknown feature map "fourier"; valid: affine, pendulum/,
  );
});

test("posterior predictive check for a continuous policy: the true Pendulum policy passes, a wrong one fails", () => {
  const config = resolveConfig({ family: "linear-gaussian", actionDim: 1, features: { name: "pendulum" } });
  const w = Float64Array.from(truth.weightsTensor().data);
  const draws = (weights: Float64Array): WeightDraws => ({
    numDraws: 1,
    numFeatures: weights.length,
    numOutputs: 1,
    weights,
    actionScale: Float64Array.of(Math.exp(-1)),
  });
  const real = rollout("Pendulum-v1", truth, key(21), { numEpisodes: 12 });
  const check = (weights: Float64Array) =>
    posteriorPredictiveCheck({
      envId: "Pendulum-v1",
      config,
      stateDim: 3,
      weights: draws(weights),
      observed: {
        episodeReturns: real.episodeReturns,
        actions: real.actions,
        episode: real.episode,
        observations: real.states,
      },
      numEpisodes: 12,
      key: key(22),
    });
  const good = check(w);
  const bad = check(Float64Array.from(w, (v) => -v));
  const q = (r: ReturnType<typeof check>, name: string) => r.find((x) => x.quantity === name)!;
  for (const name of ["episode return", "action[0] episode mean"])
    assert.ok(q(good, name).ksPValue > 0.01, `${name}: p = ${q(good, name).ksPValue}`);
  // Negated weights never swing the pendulum up: returns far below the true policy's −155.
  assert.ok(q(bad, "episode return").ksPValue < 1e-4, `p = ${q(bad, "episode return").ksPValue}`);
  assert.equal(good.length, 1 + 1 + 3 + 3);
});
