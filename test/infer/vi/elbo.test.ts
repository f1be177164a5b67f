/**
 * The ELBO estimator against closed forms: the value and pathwise gradient for a conjugate
 * normal–normal model with an AutoNormal guide (Gaussian expectations of Gaussian
 * log-densities), and the score-function gradient for a Bernoulli latent (a two-point
 * expectation, computed exactly), with and without baselines.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  AutoNormal,
  Bernoulli,
  Normal,
  type Tensor,
  TraceELBO,
  elbo,
  key,
  param,
  plate,
  sample,
  scalar,
  split,
  tensor,
  unitInterval,
  valueAndGrad,
} from "../../../src/index.js";
import { meanOf, varianceOf } from "./reference.js";

// y_i ~ N(mu, sigma), mu ~ N(m0, s0)
const y = [1.2, 0.4, 2.1, 1.5, 0.9];
const [m0, s0, sigma] = [0, 2, 1];
const data = { y: tensor(y) };
function normalModel({ y }: { y: Tensor }) {
  const mu = sample("mu", Normal(m0, s0));
  plate("data", y.shape[0]!, () => sample("y", Normal(mu, sigma), { obs: y }));
}

/** −ELBO of q = N(a, s²): −(E_q log p(y | mu) + E_q log p(mu) + H(q)), all Gaussian expectations. */
function closedFormLoss(a: number, s: number): number {
  const ll = y.reduce(
    (t, yi) => t - Math.log(sigma * Math.sqrt(2 * Math.PI)) - ((yi - a) ** 2 + s * s) / (2 * sigma ** 2),
    0,
  );
  const lp = -Math.log(s0 * Math.sqrt(2 * Math.PI)) - ((a - m0) ** 2 + s * s) / (2 * s0 ** 2);
  const h = 0.5 * Math.log(2 * Math.PI * Math.E * s * s);
  return -(ll + lp + h);
}

test("ELBO of a normal–normal model with AutoNormal: value and pathwise gradient match the closed form", () => {
  const [a, s] = [0.5, 0.3];
  const guide = AutoNormal(normalModel);
  const N = 2000;
  const estimate = elbo(normalModel, guide, { numParticles: N });
  const [, g] = valueAndGrad((p: Record<string, Tensor>) => {
    const est = estimate(key(7), p, data);
    // value: within 4 standard errors of the per-particle spread (false alarm rate 6e-5)
    const se = Math.sqrt(varianceOf(est.particles) / N);
    const exact = closedFormLoss(a, s);
    assert.ok(Math.abs(est.loss - exact) < 4 * se, `loss ${est.loss} vs closed form ${exact} (4 SE = ${4 * se})`);
    assert.ok(se < 0.05, `standard error ${se} too large for the check to mean anything`);
    assert.equal(est.scoreFunctionSites.length, 0);
    return est.surrogateLoss;
  })({ mu_auto_loc: scalar(a), mu_auto_scale: scalar(s) });
  // Exact gradient of −ELBO, with P = n/σ² + 1/s0² and c = Σ(y_i − a)/σ² − (a − m0)/s0²:
  // ∂/∂a = −c, ∂/∂s = P s − 1/s. Per particle (z = a + sε) the pathwise estimates are
  // −c + P s ε and −εc + P s ε² − 1/s, with variances P²s² and c² + 2P²s²: 4 SE of the mean.
  const P = y.length / sigma ** 2 + 1 / s0 ** 2;
  const c = y.reduce((t, yi) => t + (yi - a) / sigma ** 2, 0) - (a - m0) / s0 ** 2;
  const ga = g.mu_auto_loc!.item();
  const gs = g.mu_auto_scale!.item();
  assert.ok(Math.abs(ga - -c) < 4 * Math.sqrt((P * P * s * s) / N), `d/d loc: ${ga} vs ${-c}`);
  assert.ok(
    Math.abs(gs - (P * s - 1 / s)) < 4 * Math.sqrt((c * c + 2 * P * P * s * s) / N),
    `d/d scale: ${gs} vs ${P * s - 1 / s}`,
  );
});

// z ~ Bernoulli(π0); y ~ N(μ_z, 1). Guide: z ~ Bernoulli(p) with p a param in (0, 1).
const [pi0, mu0, mu1, yObs] = [0.3, -1, 1.5, 2.5];
function mixtureModel() {
  const z = sample("z", Bernoulli(pi0));
  sample("y", Normal(z.mul(mu1 - mu0).add(mu0), 1), { obs: yObs });
}
function bernoulliGuide() {
  const p = param("p", 0.5, { constraint: unitInterval });
  sample("z", Bernoulli(p));
}
/** log p(y, z) for z = 0, 1. */
const logJoint = (z: 0 | 1) =>
  Math.log(z === 1 ? pi0 : 1 - pi0) - 0.5 * Math.log(2 * Math.PI) - 0.5 * (yObs - (z === 1 ? mu1 : mu0)) ** 2;
/** f(z) = log p(y, z) − log q(z) under q = Bernoulli(p). */
const fOf = (p: number, z: 0 | 1) => logJoint(z) - Math.log(z === 1 ? p : 1 - p);

/** Single-particle gradients wrt p of the surrogate, over `k` keys, with the given options and baseline average. */
function scoreGradients(k: number, options: Parameters<typeof TraceELBO>[0], average: number | null): number[] {
  const loss = TraceELBO(options);
  return split(key(11), k).map((kk) => {
    const [, g] = valueAndGrad(
      (p: Record<string, Tensor>) =>
        loss.estimate(mixtureModel, bernoulliGuide, kk, p, undefined, { average }).surrogateLoss,
    )({ p: scalar(0.5) });
    return g.p!.item();
  });
}

test("score-function gradient for a Bernoulli latent: unbiased, and the baseline cuts its variance as the two-point formula says", () => {
  const p = 0.5;
  const [f0, f1] = [fOf(p, 0), fOf(p, 1)];
  const exactLoss = -(p * f1 + (1 - p) * f0);
  // d(−ELBO)/dp = −[(f1 − 1) − (f0 − 1)] = f0 − f1 (the −1s are the derivative of −log q).
  const exactGrad = f0 - f1;
  // The per-particle surrogate gradient is g(z) = −(f_z − b − 1) s_z with s_1 = 1/p,
  // s_0 = −1/(1 − p): a two-point variable with variance p(1 − p)(g(1) − g(0))².
  const twoPointVariance = (b: number) => {
    const g1 = -(f1 - b - 1) / p;
    const g0 = (f0 - b - 1) / (1 - p);
    return p * (1 - p) * (g1 - g0) ** 2;
  };
  const K = 400;
  const plain = scoreGradients(K, { baseline: "none" }, null);
  const withBaseline = scoreGradients(K, { baseline: "decaying-average" }, -exactLoss);
  for (const [name, g, b] of [
    ["no baseline", plain, 0],
    ["baseline = ELBO", withBaseline, -exactLoss],
  ] as const) {
    const v = twoPointVariance(b);
    // mean within 4 SE; the sample variance of a two-point variable is v·p̂(1 − p̂)/(p(1 − p))·K/(K − 1),
    // and p̂ from 400 fair draws is within 0.5 ± 0.1 with probability 1 − 1e-4: variance within 5%.
    assert.ok(Math.abs(meanOf(g) - exactGrad) < 4 * Math.sqrt(v / K), `${name}: mean ${meanOf(g)} vs ${exactGrad}`);
    assert.ok(Math.abs(varianceOf(g) / v - 1) < 0.05, `${name}: variance ${varianceOf(g)} vs two-point ${v}`);
  }
  assert.ok(twoPointVariance(-exactLoss) < 0.1 * twoPointVariance(0), "the example must show a reduction");
  assert.ok(
    varianceOf(withBaseline) < 0.1 * varianceOf(plain),
    "the baseline reduces the variance tenfold here (two-point prediction: 28-fold)",
  );
});

test("leave-one-out baseline keeps the score-function gradient unbiased", () => {
  const p = 0.5;
  const exactGrad = fOf(p, 0) - fOf(p, 1);
  const g = scoreGradients(300, { baseline: "leave-one-out", numParticles: 4 }, null);
  // 4 SE of the mean of 300 estimates, the SE from their own spread
  const se = Math.sqrt(varianceOf(g) / g.length);
  assert.ok(Math.abs(meanOf(g) - exactGrad) < 4 * se, `mean ${meanOf(g)} vs ${exactGrad} (SE ${se})`);
});

test("the decaying-average baseline state is explicit: it starts empty and follows avg ← 0.9 avg + 0.1 mean(f)", () => {
  const loss = TraceELBO({ numParticles: 3 });
  const p = { p: scalar(0.5) };
  const first = loss.estimate(mixtureModel, bernoulliGuide, key(1), p, undefined);
  assert.equal(first.baseline.average, meanOf(first.particles));
  const second = loss.estimate(mixtureModel, bernoulliGuide, key(2), p, undefined, first.baseline);
  assert.ok(
    Math.abs(second.baseline.average! - (0.9 * first.baseline.average! + 0.1 * meanOf(second.particles))) < 1e-12,
  );
  assert.deepEqual(second.scoreFunctionSites, ["z"]);
});

test("TraceELBO rejects bad options with a clear message", () => {
  assert.throws(() => TraceELBO({ numParticles: 0 }), /numParticles must be a positive integer, got 0/);
  assert.throws(() => TraceELBO({ baseline: "leave-one-out" }), /leave-one-out baseline needs numParticles >= 2/);
  assert.throws(() => TraceELBO({ baselineDecay: 1 }), /baselineDecay must be in \[0, 1\), got 1/);
  assert.throws(() => TraceELBO({ particles: 3 } as never), /unknown option 'particles'/);
});
