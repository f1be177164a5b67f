/**
 * Self-normalised importance sampling on conjugate models, against their closed-form
 * posteriors and evidences. Tolerances are 4 delta-method standard errors computed from the
 * draws themselves (Owen 2013, §9.2): for a posterior mean, se² = Σ ŵᵢ² (θᵢ − μ̂)²; for a
 * posterior variance, se² = Σ ŵᵢ² ((θᵢ − μ̂)² − σ̂²)²; for log p(y), se² = 1/ESS − 1/n (the
 * relative variance of the mean weight). A 4-se band holds with probability 0.9999 under
 * normality, and each check is asserted to be informative (se small against the quantity).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Beta,
  Binomial,
  Gamma,
  Normal,
  Poisson,
  factor,
  param,
  key,
  plate,
  sample,
  special,
  tensor,
  type Tensor,
} from "../../src/index.js";
import { type ImportanceResult, importanceSampling } from "../../src/infer/importance/index.js";

/** Weighted mean and variance of a scalar site with their delta-method standard errors. */
function weightedMoments(r: ImportanceResult, site: string) {
  const th = r.samples[site]!.data;
  const w = r.normalisedWeights.data;
  let m = 0;
  for (let i = 0; i < w.length; i++) m += w[i]! * th[i]!;
  let v = 0;
  for (let i = 0; i < w.length; i++) v += w[i]! * (th[i]! - m) ** 2;
  let seM = 0;
  let seV = 0;
  for (let i = 0; i < w.length; i++) {
    const d = (th[i]! - m) ** 2;
    seM += w[i]! ** 2 * d;
    seV += w[i]! ** 2 * (d - v) ** 2;
  }
  return { mean: m, variance: v, seMean: Math.sqrt(seM), seVariance: Math.sqrt(seV) };
}

function checkPosterior(r: ImportanceResult, site: string, mean: number, variance: number): void {
  const est = weightedMoments(r, site);
  assert.ok(est.seMean < 0.05 * Math.sqrt(variance), `se of the mean ${est.seMean} is too large to test anything`);
  assert.ok(Math.abs(est.mean - mean) < 4 * est.seMean, `${site} mean ${est.mean} vs ${mean} (se ${est.seMean})`);
  assert.ok(
    Math.abs(est.variance - variance) < 4 * est.seVariance,
    `${site} variance ${est.variance} vs ${variance} (se ${est.seVariance})`,
  );
  assert.ok(Math.abs(r.mean(site).item() - est.mean) < 1e-12, "mean() is the weighted mean");
}

function checkEvidence(r: ImportanceResult, logZ: number): void {
  const n = r.logWeights.size;
  const se = Math.sqrt(1 / r.ess - 1 / n);
  assert.ok(
    Math.abs(r.logMarginalLikelihood - logZ) < 4 * se,
    `log p(y) ${r.logMarginalLikelihood} vs ${logZ} (se ${se})`,
  );
}

// Normal–normal: θ ~ N(0, 2²), yᵢ ~ N(θ, 1).
const y = tensor([1.2, 0.4, 2.1, 1.7, 0.9]);
function normalModel({ y }: { y: Tensor }) {
  const theta = sample("theta", Normal(0, 2));
  plate("n", y.size, () => sample("y", Normal(theta, 1), { obs: y }));
}

test("importance sampling from the prior: normal–normal posterior mean, variance and evidence", () => {
  const r = importanceSampling(normalModel, { y }, key(1), { numSamples: 10_000 });
  const n = y.size;
  const sumY = y.data.reduce((a, b) => a + b, 0);
  const precision = 1 / 4 + n;
  checkPosterior(r, "theta", sumY / precision, 1 / precision);
  // y ~ N(0, I + 4·11ᵀ): det = 1 + 4n, inverse I − 4/(1 + 4n)·11ᵀ
  const sumSq = y.data.reduce((a, b) => a + b * b, 0);
  const logZ = -0.5 * (n * Math.log(2 * Math.PI) + Math.log(1 + 4 * n) + sumSq - (4 / (1 + 4 * n)) * sumY ** 2);
  checkEvidence(r, logZ);
  // the prior is 4.6× wider than the posterior: about a quarter of the draws are effective
  assert.ok(r.ess > 1500 && r.ess < 4000, `ESS ${r.ess}`);
  assert.equal(r.samples.theta!.shape.join(), "10000");
});

// Beta–binomial: p ~ Beta(2, 3), k ~ Binomial(20, p), k = 13 → p | k ~ Beta(15, 10).
function betaBinomial({ k }: { k: number }) {
  const p = sample("p", Beta(2, 3));
  sample("k", Binomial(20, { probs: p }), { obs: k });
}
const bbMean = 15 / 25;
const bbVar = (15 * 10) / (25 ** 2 * 26);
// p(k) = C(20, 13) B(15, 10) / B(2, 3)
const bbLogZ =
  special.lgamma(21) - special.lgamma(14) - special.lgamma(8) + special.logBeta(15, 10) - special.logBeta(2, 3);

test("importance sampling from the prior: beta–binomial posterior and evidence", () => {
  const r = importanceSampling(betaBinomial, { k: 13 }, key(2), { numSamples: 10_000 });
  checkPosterior(r, "p", bbMean, bbVar);
  checkEvidence(r, bbLogZ);
});

test("importance sampling with a Distribution over the unconstrained vector: beta–binomial", () => {
  // logit(p) ~ N(0.4, 0.6²): close to the posterior on the logit scale; the weight includes
  // the Jacobian of p = sigmoid(u), through the model's potential energy.
  const r = importanceSampling(betaBinomial, { k: 13 }, key(3), {
    numSamples: 3000,
    proposal: Normal(tensor([0.4]), 0.6),
  });
  checkPosterior(r, "p", bbMean, bbVar);
  checkEvidence(r, bbLogZ);
  assert.ok(r.ess > 0.7 * 3000, `a good proposal keeps most draws effective, ESS ${r.ess}`);
  assert.throws(
    () => importanceSampling(betaBinomial, { k: 13 }, key(3), { numSamples: 10, proposal: Normal(tensor([0, 0]), 1) }),
    /flat unconstrained vector of length 1, got one of shape \[2\]/,
  );
});

// Gamma–Poisson: λ ~ Gamma(3, rate 1), yᵢ ~ Poisson(λ) → λ | y ~ Gamma(3 + Σy, 1 + n).
const counts = tensor([4, 2, 5, 3, 6, 2, 4, 3]);
function gammaPoisson({ y }: { y: Tensor }) {
  const lam = sample("lam", Gamma(3, 1));
  plate("n", y.size, () => sample("y", Poisson(lam), { obs: y }));
}
const gpShape = 3 + counts.data.reduce((a, b) => a + b, 0);
const gpRate = 1 + counts.size;

test("importance sampling from the prior: gamma–Poisson posterior", () => {
  const r = importanceSampling(gammaPoisson, { y: counts }, key(4), { numSamples: 10_000 });
  checkPosterior(r, "lam", gpShape / gpRate, gpShape / gpRate ** 2);
});

test("importance sampling with a guide as proposal: gamma–Poisson posterior", () => {
  // A guide over the same site with a param: Gamma(α, 8), α = 28 (the posterior is Gamma(32, 9)).
  const guide = () => {
    sample("lam", Gamma(param("alpha", 1), 8));
  };
  const r = importanceSampling(gammaPoisson, { y: counts }, key(5), {
    numSamples: 3000,
    proposal: guide,
    guideParams: { alpha: 28 },
  });
  assert.ok(r.ess > 0.8 * 3000, `the guide's α = 28 is used (α = 1 would give a tiny ESS), ESS ${r.ess}`);
  checkPosterior(r, "lam", gpShape / gpRate, gpShape / gpRate ** 2);
  const missing = () => undefined;
  assert.throws(
    () => importanceSampling(gammaPoisson, { y: counts }, key(5), { numSamples: 3, proposal: missing }),
    /the guide does not sample the model's latent site 'lam'/,
  );
});

test("resample draws from the weighted empirical distribution; same key, same draws", () => {
  const r = importanceSampling(normalModel, { y }, key(1), { numSamples: 10_000 });
  const a = r.resample(key(9), 4000);
  const b = r.resample(key(9), 4000);
  assert.deepEqual(Array.from(a.theta!.data), Array.from(b.theta!.data));
  assert.equal(a.theta!.shape.join(), "4000");
  // 4000 iid draws from the weighted sample: mean within 4 · sd/√4000 of the weighted mean
  const est = weightedMoments(r, "theta");
  const m = a.theta!.data.reduce((s, v) => s + v, 0) / 4000;
  assert.ok(
    Math.abs(m - est.mean) < (4 * Math.sqrt(est.variance)) / Math.sqrt(4000),
    `resampled mean ${m} vs ${est.mean}`,
  );
});

test("importanceSampling rejects bad input and zero-weight runs with clear messages", () => {
  assert.throws(
    () => importanceSampling(normalModel, { y }, key(0), { numSamples: 0 }),
    /numSamples must be a positive integer, got 0/,
  );
  const impossible = () => {
    sample("x", Normal(0, 1));
    factor("never", -Infinity);
  };
  assert.throws(
    () => importanceSampling(impossible, null, key(0), { numSamples: 5 }),
    /every one of the 5 importance weights is 0/,
  );
  const r = importanceSampling(normalModel, { y }, key(0), { numSamples: 5 });
  assert.throws(() => r.mean("phi"), /no site 'phi' among the draws \(sites: theta\)/);
  assert.throws(() => r.resample(key(0), 0), /resample count must be a positive integer, got 0/);
});
