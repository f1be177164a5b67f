import { test } from "node:test";
import assert from "node:assert/strict";
import { PolicyPosteriorSampler } from "../../src/policy/sampler.js";
import { fold, key, normal, split } from "../../src/random/index.js";
import { priorWeights, quantile, rowsByName, siteColumn, softmaxData } from "./helpers.js";

const W = [[1.5], [-1.0], [0.3]];

test("coverage: central 80% intervals cover weights drawn from the prior at rate 0.8 (40 data sets × 3 weights)", async () => {
  // Well specified: W ~ N(0, 1) (the prior), x ~ N(0, I) (Gaussian, as the empirical-Bayes state
  // prior assumes), o = x + 0.3·ε; NUTS with the quadrature marginal. Then P(W in the central 80%
  // posterior interval) = 0.8 exactly, up to MCMC error and the plug-in state prior.
  const reps = 40;
  let covered = 0;
  let total = 0;
  for (let r = 0; r < reps; r++) {
    const [kw, kd] = split(fold(key(1000), r));
    const w = priorWeights(kw!, 3, 1);
    const data = softmaxData(kd!, 30, w, 0.3);
    const sampler = new PolicyPosteriorSampler({
      family: "linear-softmax",
      numActions: 2,
      observationNoiseStd: 0.3,
      numChains: 1,
      numWarmup: 150,
      parallelChains: false,
      seed: r,
    });
    const post = await sampler.samplePosterior(data.obs, data.actions, 150);
    for (let j = 0; j < 3; j++) {
      const col = siteColumn(post.samples["weights"]!, j);
      const lo = quantile(col, 0.1);
      const hi = quantile(col, 0.9);
      total++;
      if (w[j]![0]! >= lo && w[j]![0]! <= hi) covered++;
    }
  }
  const rate = covered / total;
  const se = Math.sqrt((0.8 * 0.2) / total);
  // Measured: 97/120 = 0.808.
  assert.ok(Math.abs(rate - 0.8) < 3 * se, `coverage ${rate} (${covered}/${total}), 3 s.e. = ${3 * se}`);
});

test("posterior width grows with the observation noise (0 < 0.3 < 0.6), data generated with matching noise", async () => {
  const widths: number[] = [];
  for (const noise of [0, 0.3, 0.6]) {
    let total = 0;
    for (const rep of [0, 1]) {
      // The same clean states and actions at every noise level (same keys): only the noise differs.
      const data = softmaxData(key(70 + rep), 100, W, noise);
      const sampler = new PolicyPosteriorSampler({
        family: "linear-softmax",
        numActions: 2,
        observationNoiseStd: noise,
        numChains: 1,
        numWarmup: 150,
        parallelChains: false,
        seed: 1,
      });
      const post = await sampler.samplePosterior(data.obs, data.actions, 250);
      const rows = rowsByName(post.summary.rows);
      total += rows.get("weights[0,0]")!.sd + rows.get("weights[1,0]")!.sd;
    }
    widths.push(total / 2);
  }
  // Measured: 0.660, 0.737, 0.845 (sum of the two state weights' sds, mean of 2 data sets).
  assert.ok(widths[0]! < widths[1]! && widths[1]! < widths[2]!, `widths ${widths}`);
});

test("linear-gaussian: held-out predictive intervals cover at the nominal rates (parameters drawn from the prior)", async () => {
  // W ~ N(0, 1), action_scale ~ HalfNormal(1), x ~ N(0, I), o = x + 0.3·ε: the model is well
  // specified, so averaged over data sets the posterior predictive's central intervals for new
  // (o, a) pairs cover at their nominal levels.
  const reps = 8;
  const nTest = 300;
  const hits: Record<string, number> = { "0.5": 0, "0.8": 0, "0.95": 0 };
  for (let r = 0; r < reps; r++) {
    const [kw, ks, kx, ke, ka] = split(fold(key(3000), r), 5);
    const w = normal(kw!, [3]).data;
    const sigma = Math.abs(normal(ks!, []).data[0]!);
    const n = 40 + nTest;
    const x = normal(kx!, [n, 2]).data;
    const e = normal(ke!, [n, 2]).data;
    const z = normal(ka!, [n]).data;
    const obs = Array.from({ length: n }, (_, i) => [x[2 * i]! + 0.3 * e[2 * i]!, x[2 * i + 1]! + 0.3 * e[2 * i + 1]!]);
    const act = Array.from({ length: n }, (_, i) => [
      w[0]! * x[2 * i]! + w[1]! * x[2 * i + 1]! + w[2]! + sigma * z[i]!,
    ]);
    const sampler = new PolicyPosteriorSampler({
      family: "linear-gaussian",
      actionDim: 1,
      observationNoiseStd: 0.3,
      numChains: 1,
      numWarmup: 150,
      parallelChains: false,
      seed: r,
    });
    const post = await sampler.samplePosterior(obs.slice(0, 40), act.slice(0, 40), 150);
    const cal = sampler.evaluateCalibration(post, obs.slice(40), act.slice(40));
    assert.equal(cal.kind, "continuous");
    if (cal.kind !== "continuous") return;
    for (const level of Object.keys(hits)) hits[level] += (cal.coverage[level]! * nTest) / (reps * nTest);
  }
  // Measured: 0.533, 0.818, 0.960. Rows of one data set share its parameters, so the s.e. is inflated: 3 s.e. of 2400 independent
  // rows is 0.03 at 0.5; we allow 0.05.
  for (const [level, got] of Object.entries(hits))
    assert.ok(Math.abs(got - Number(level)) < 0.05, `coverage at ${level}: ${got}`);
});
