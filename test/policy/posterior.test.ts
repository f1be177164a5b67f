import { test } from "node:test";
import assert from "node:assert/strict";
import { PolicyPosteriorSampler } from "../../src/policy/sampler.js";
import { type DiscreteCalibration } from "../../src/policy/calibration.js";
import { fold, key, split } from "../../src/random/index.js";
import { priorWeights, rowsByName, softmaxData } from "./helpers.js";

const W = [[1.5], [-1.0], [0.3]];

test("no observation noise, N = 3000: the posterior concentrates on the true weights (within 4 sd, sd < 0.1)", async () => {
  const data = softmaxData(key(60), 3000, W, 0);
  const sampler = new PolicyPosteriorSampler({
    family: "linear-softmax",
    numActions: 2,
    numChains: 1,
    numWarmup: 150,
    parallelChains: false,
    seed: 3,
  });
  const post = await sampler.samplePosterior(data.obs, data.actions, 150);
  assert.equal(post.stateModel.mode, "known");
  const rows = rowsByName(post.summary.rows);
  W.forEach((row, f) => {
    const r = rows.get(`weights[${f},0]`)!;
    assert.ok(r.sd < 0.1, `weights[${f},0]: sd ${r.sd}`);
    assert.ok(Math.abs(r.mean - row[0]!) < 4 * r.sd, `weights[${f},0]: ${r.mean} ± ${r.sd}, true ${row[0]}`);
  });
});

test("held-out calibration: the posterior predictive beats the nominal MAP policy on ECE and Brier (10 data sets)", async () => {
  // The nominal fit overfits: N = 15 training transitions, a weak prior (variance 10, as both
  // fits use), noise 0.5; held-out data perturbed by the same noise.
  const reps = 10;
  const mean = { bayesEce: 0, nomEce: 0, bayesBrier: 0, nomBrier: 0 };
  for (let r = 0; r < reps; r++) {
    const [k0, k1, k2] = split(fold(key(600), r), 3);
    const w = priorWeights(k0!, 3, 1, 10);
    const train = softmaxData(k1!, 15, w, 0.5);
    const test = softmaxData(k2!, 400, w, 0.5);
    const sampler = new PolicyPosteriorSampler({
      family: "linear-softmax",
      numActions: 2,
      observationNoiseStd: 0.5,
      policyPriorVariance: 10,
      numChains: 1,
      numWarmup: 200,
      parallelChains: false,
      seed: r,
    });
    const post = await sampler.samplePosterior(train.obs, train.actions, 200);
    const bayes = sampler.evaluateCalibration(post, test.obs, test.actions) as DiscreteCalibration;
    const nominal = sampler.fitNominal(train.obs, train.actions);
    assert.ok(nominal.converged, `rep ${r}: nominal fit did not converge`);
    const nom = sampler.evaluateNominalCalibration(nominal, test.obs, test.actions) as DiscreteCalibration;
    mean.bayesEce += bayes.ece / reps;
    mean.nomEce += nom.ece / reps;
    mean.bayesBrier += bayes.brier / reps;
    mean.nomBrier += nom.brier / reps;
  }
  // Measured: ECE 0.074 vs 0.115, Brier 0.320 vs 0.343. Asserted margins: 0.02 and 0.01.
  assert.ok(mean.bayesEce < mean.nomEce - 0.02, `ECE ${mean.bayesEce} vs nominal ${mean.nomEce}`);
  assert.ok(mean.bayesBrier < mean.nomBrier - 0.01, `Brier ${mean.bayesBrier} vs nominal ${mean.nomBrier}`);
});

test("NUTS and SVI posteriors agree on a demo-like problem (N = 100, noise 0.3): means within 0.3 sd, sds within 20%", async () => {
  const data = softmaxData(key(80), 100, [[1.2], [-0.8], [0.3]], 0.3);
  const fit = async (engine: "nuts" | "svi") => {
    const sampler = new PolicyPosteriorSampler({
      family: "linear-softmax",
      numActions: 2,
      observationNoiseStd: 0.3,
      engine,
      numChains: 2,
      numWarmup: 300,
      parallelChains: false,
      numVariationalSamples: 500,
      sviSteps: 3000,
      seed: 5,
    });
    const post = await sampler.samplePosterior(data.obs, data.actions, 500);
    if (engine === "svi") assert.ok(post.diagnostics.converged, "SVI did not converge");
    return rowsByName(post.summary.rows);
  };
  const nuts = await fit("nuts");
  const svi = await fit("svi");
  for (const [name, a] of nuts) {
    const b = svi.get(name)!;
    // Measured: |Δmean| = 0.22, 0.09, 0.14 sd; SVI sd / NUTS sd = 0.97, 0.94, 0.89. The mean gap is
    // mostly SVI's last Adam iterate (no averaging): NUTS's MCSE is 0.035 sd, and a 20000-step SVI
    // run moves weights[0,0] to 0.38 sd away. Tolerances: 0.3 sd and 20%.
    assert.ok(Math.abs(a.mean - b.mean) < 0.3 * a.sd, `${name}: NUTS ${a.mean} ± ${a.sd}, SVI ${b.mean}`);
    assert.ok(Math.abs(b.sd / a.sd - 1) < 0.2, `${name}: sd NUTS ${a.sd}, SVI ${b.sd}`);
  }
});
