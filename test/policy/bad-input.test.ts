import { test } from "node:test";
import assert from "node:assert/strict";
import { PolicyPosteriorSampler, type PolicyPosteriorConfig } from "../../src/policy/index.js";

const OBS = [
  [0.1, 0.2],
  [0.3, -0.4],
  [-0.5, 0.6],
  [0.7, 0.1],
];
const ACTIONS = [0, 1, 1, 0];
const BASE: PolicyPosteriorConfig = { family: "linear-softmax", numActions: 2 };

function sampler(extra: Record<string, unknown> = {}): PolicyPosteriorSampler {
  return new PolicyPosteriorSampler({ ...BASE, ...extra } as PolicyPosteriorConfig);
}

test("configuration errors name the field, the expectation and the value", () => {
  assert.throws(() => sampler({ engine: "gibbs" }), /engine must be one of nuts, hmc, svi, got "gibbs"/);
  assert.throws(
    () => sampler({ policyPriorVariance: 0.05 }),
    /policyPriorVariance must be a number in \[0.1, 10\], got 0.05/,
  );
  assert.throws(
    () => sampler({ policyPriorVariance: 11 }),
    /policyPriorVariance must be a number in \[0.1, 10\], got 11/,
  );
  assert.throws(() => sampler({ policyPriorVariance: NaN }), /policyPriorVariance/);
  assert.throws(() => sampler({ learningRate: 0.1 }), /field "learningRate" must be one of family, numActions/);
  assert.throws(
    () => sampler({ observationNoiseStd: 1.5 }),
    /observationNoiseStd must be a number in \[0, 1\], got 1.5/,
  );
  assert.throws(() => sampler({ observationNoiseStd: [0.1, -1] }), /observationNoiseStd\[1\] must be/);
  assert.throws(() => sampler({ marginalization: "laplace" }), /marginalization must be one of auto, quadrature/);
  assert.throws(() => sampler({ hierarchy: "agents" }), /hierarchy must be one of none, episode, agent/);
  assert.throws(() => sampler({ numActions: 1 }), /numActions must be an integer in \[2, 1000\], got 1/);
  assert.throws(() => new PolicyPosteriorSampler({ family: "linear-softmax" }), /numActions/);
  assert.throws(
    () => new PolicyPosteriorSampler({ numActions: 2 } as PolicyPosteriorConfig),
    /family must be one of linear-softmax, linear-gaussian, got undefined/,
  );
  assert.throws(() => sampler({ numChains: 0 }), /numChains must be an integer in \[1, 64\], got 0/);
  assert.throws(() => sampler({ hmcSteps: 5 }), /hmcSteps must be an integer in \[10, 100\], got 5/);
});

test("data errors name the field: mismatched lengths, NaN, action out of range, groups", async () => {
  const s = sampler();
  assert.throws(() => s.checkData(OBS, [0, 1, 1]), /actions: length 3 does not match observations \(4 rows\)/);
  assert.throws(
    () =>
      s.checkData(
        [
          [0.1, 0.2],
          [NaN, 0],
          [0, 0],
          [1, 1],
        ],
        ACTIONS,
      ),
    /observations: value at row 1, column 0 is NaN; observations must be finite/,
  );
  assert.throws(() => s.checkData(OBS, [0, 1, 2, 0]), /actions: entry 2 is 2; expected an integer in \[0, 1\]/);
  assert.throws(() => s.checkData(OBS, [0, 1, -1, 0]), /actions: entry 2 is -1/);
  assert.throws(() => s.checkData(OBS, [0, 0.5, 1, 0]), /actions: entry 1 is 0.5/);
  assert.throws(() => s.checkData([[0.1, 0.2], [0.3]], [0, 1]), /observations: row 1 has 1 values but row 0 has 2/);
  const h = sampler({ hierarchy: "episode" });
  assert.throws(() => h.checkData(OBS, ACTIONS), /groups: hierarchy "episode" needs a group/);
  assert.throws(() => h.checkData(OBS, ACTIONS, [0, 1]), /groups: length 2 does not match observations \(4 rows\)/);
  assert.throws(() => h.checkData(OBS, ACTIONS, [0, 1, 0.5, 1]), /groups: entry 2 is 0.5/);
  // samplePosterior rejects with the same messages, before any engine runs.
  await assert.rejects(() => s.samplePosterior(OBS, [0, 1, 1], 10), /actions: length 3/);
  await assert.rejects(() => h.samplePosterior(OBS, ACTIONS, 10), /groups: hierarchy "episode"/);
  await assert.rejects(
    () => s.samplePosterior(OBS, ACTIONS, 2),
    /numSamples: must be an integer in \[4, 10000000\], got 2/,
  );
  // Continuous actions: width and finiteness.
  const c = new PolicyPosteriorSampler({ family: "linear-gaussian", actionDim: 2 });
  assert.throws(() => c.checkData(OBS, [[1], [2], [3], [4]]), /actions: 1 columns; expected actionDim = 2/);
  assert.throws(
    () =>
      c.checkData(OBS, [
        [1, 2],
        [2, Infinity],
        [3, 0],
        [4, 0],
      ]),
    /actions: value at row 1 is Infinity; actions must be finite/,
  );
  // A per-dimension noise std of the wrong length names the state dimension.
  const n = sampler({ observationNoiseStd: [0.1, 0.2, 0.3] });
  await assert.rejects(
    () => n.samplePosterior(OBS, ACTIONS, 10),
    /observationNoiseStd: expected 2 per-dimension values/,
  );
});

test("predict errors: no posterior yet, wrong width, non-finite observations", async () => {
  const s = sampler({ engine: "svi", sviSteps: 50, numVariationalSamples: 50 });
  assert.throws(() => s.predict(OBS), /predict: no posterior yet/);
  const post = await s.samplePosterior(OBS, ACTIONS, 50);
  assert.throws(
    () => s.predict([[1, 2, 3]], { posterior: post }),
    /observations: 3 columns; the posterior was fitted on 2-dimensional states/,
  );
  assert.throws(() => s.predict([[1, NaN]], { posterior: post }), /observations: value at row 0, column 1 is NaN/);
});
