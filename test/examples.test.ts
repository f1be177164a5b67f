/**
 * The examples run in CI, each checked against an independent reference.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { TRUE_WEIGHTS, runDemo as runSoftmaxExample } from "../examples/softmax-policy.js";
import { main as eightSchools } from "../examples/eight-schools.js";
import { main as gradients } from "../examples/gradients.js";

const quiet = () => undefined;

test("softmax-policy example: with noise-free states the policy posterior covers the true weights", () => {
  // Without sensor noise the model is correctly specified, so the 90% intervals should cover
  // the truth (6 weights: at least 5 is the binomial expectation within two standard errors).
  const { table, covered } = runSoftmaxExample({
    noiseStd: 0,
    numDecisions: 1000,
    numWarmup: 300,
    numSamples: 300,
    numChains: 2,
    log: quiet,
  });
  assert.ok(covered >= 5, `only ${covered} of 6 covered`);
  for (const row of table.rows) assert.ok(row.rHat < 1.05, `${row.name}: R-hat ${row.rHat}`);
  assert.equal(table.rows.length, TRUE_WEIGHTS.flat().length);
});

test("eight-schools example agrees with the posteriordb reference means (within 4 MCSE)", () => {
  const path = fileURLToPath(
    new URL("../../../shared/fixtures/posteriordb/eight_schools-eight_schools_noncentered.json", import.meta.url),
  );
  const ref = JSON.parse(readFileSync(path, "utf8")) as { reference: { summary: Record<string, { mean: number }> } };
  const table = eightSchools(500, quiet);
  const mu = table.rows.find((r) => r.name === "mu")!;
  const theta0 = table.rows.find((r) => r.name === "theta[0]")!;
  assert.ok(Math.abs(mu.mean - ref.reference.summary.mu!.mean) < 4 * mu.mcseMean, `mu ${mu.mean}`);
  assert.ok(
    Math.abs(theta0.mean - ref.reference.summary["theta[1]"]!.mean) < 4 * theta0.mcseMean,
    `theta[0] ${theta0.mean}`,
  );
});

test("gradients example: gradient check passes and Adam recovers the least-squares weights", () => {
  const { check, fit } = gradients(quiet);
  assert.ok(check.ok);
  const w = fit.params.w.toFlatArray();
  // true weights 1.5, -2, 0.5 with noise sd 0.1 on 200 points: least-squares error ≈ 0.01
  [1.5, -2, 0.5].forEach((t, i) => assert.ok(Math.abs(w[i]! - t) < 0.05, `w[${i}] = ${w[i]}`));
});

test("svi example: the variational posterior of mu matches the NUTS reference", async () => {
  const { main } = await import("../examples/svi.js");
  const { mu, losses } = main(2000, quiet);
  // The full-rank Gaussian family nearly contains mu's posterior (reference mean 4.41, sd 3.31);
  // 0.5 allows the optimiser's noise and 4000 Monte Carlo draws (standard error 0.05).
  assert.ok(Math.abs(mu.mean - 4.41) < 0.5, `mu mean ${mu.mean}`);
  assert.ok(Math.abs(mu.sd - 3.31) < 0.5, `mu sd ${mu.sd}`);
  assert.ok(losses[losses.length - 1]! < losses[0]!, "the loss decreased");
});

test("networks-and-flows example: the MLP fits sin(2x) and the flow nears the true density", async () => {
  const { main } = await import("../examples/networks-and-flows.js");
  const { mse, flowLogLik, trueLogLik } = main({ epochs: 25, log: quiet });
  // A 32-32 tanh network fits sin(2x) on [−2, 2] to well under 1e-2 MSE in 100 epochs.
  assert.ok(mse < 1e-2, `MLP held-out MSE ${mse}`);
  // The banana is exactly representable by one affine autoregressive layer; 25 epochs get
  // within 0.15 nats of the true held-out log-likelihood.
  assert.ok(trueLogLik - flowLogLik < 0.15, `flow ${flowLogLik} vs true ${trueLogLik}`);
});

test("generate-data example: FGSM stays in its ε-ball and beats uniform noise in that box; the data set reads back consistently", async () => {
  const { main } = await import("../examples/generate-data.js");
  const r = await main({ log: quiet });
  assert.ok(r.fgsmMaxAbsDelta <= 0.05, `max |δ| ${r.fgsmMaxAbsDelta}`);
  // 800 draws per coordinate: the sample sd of N(0, 0.1²) has s.e. 0.1/√1600 = 0.0025; 4 s.e. = 0.01
  r.gaussianResidualStd.forEach((s, j) => assert.ok(Math.abs(s - 0.1) < 0.01, `dimension ${j}: sd ${s}`));
  // measured 0.131 vs 0.0182 (7.2×)
  assert.ok(r.meanKL.fgsm > 3 * r.meanKL.uniformBox, `FGSM ${r.meanKL.fgsm} vs uniform ${r.meanKL.uniformBox}`);
  // 10 episodes × 200 steps, round(0.2·10) = 2 held out
  assert.equal(r.trainRows, 1600);
  assert.equal(r.heldOutRows, 400);
  assert.ok(r.deltaConsistent);
  assert.equal(r.provenanceRecords, 1);
});

test("report example: every section of a full report, no scripts", async () => {
  const { main } = await import("../examples/report.js");
  const html = await main(undefined, quiet);
  assert.equal(html.match(/<section id=/g)?.length, 10);
  assert.ok(!html.includes("<script"));
});

test("demo (small settings): posterior near the true CartPole weights, calibration, regret and PPC computed, files written", async () => {
  const { main } = await import("../examples/demo.js");
  const { mkdtemp, readFile, rm } = await import("node:fs/promises");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const dir = await mkdtemp(join(tmpdir(), "pp-demo-"));
  try {
    const r = await main(
      {
        outDir: dir,
        numEpisodes: 8,
        maxTransitions: 600,
        numWarmup: 200,
        numSamples: 200,
        numChains: 2,
        parallelChains: false,
        sviSteps: 600,
        regretEpisodes: 4,
        ppcEpisodes: 4,
        progress: { milestone() {}, start() {}, update() {}, finish() {} },
      },
      quiet,
    );
    // The posterior of the policy weights (standardised coordinates) against the pretrained truth:
    // every true weight within 4 posterior sd of the mean.
    r.coverage90.forEach((c) => {
      const row = r.nuts.summary.rows.find((x) => x.name === c.name)!;
      assert.ok(Math.abs(row.mean - c.truth) < 4 * row.sd, `${c.name}: ${row.mean} ± ${row.sd} vs ${c.truth}`);
    });
    assert.equal(r.nuts.diagnostics.divergences, 0);
    assert.equal(r.calibration.length, 6);
    for (const c of r.calibration) assert.ok(c.ece >= 0 && c.ece < 0.2 && c.brier < 0.5, JSON.stringify(c));
    // The oracle plays the pretrained policy (return 500 in every episode over 100 evaluation episodes).
    assert.ok(r.regret.filter((x) => x.method === "oracle").every((x) => x.meanReturn > 450));
    assert.ok(r.ppc.every((p) => p.ksPValue >= 0 && p.ksPValue <= 1));
    const html = await readFile(r.files.report, "utf8");
    assert.ok(html.includes("Policy posterior") && !html.includes("<script"));
    const log = (await readFile(r.files.provenanceLog, "utf8")).trim().split("\n");
    assert.deepEqual(
      log.map((l) => (JSON.parse(l) as { kind: string }).kind),
      ["dataset", "posterior", "posterior", "demo"],
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
