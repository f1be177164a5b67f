/**
 * TraceMeanFieldELBO against closed forms: where every latent term is analytic the estimate
 * is the exact KL divergence (no Monte Carlo error at all); otherwise it is unbiased for the
 * same ELBO as Trace_ELBO, with a smaller spread.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  AutoMultivariateNormal,
  AutoNormal,
  Normal,
  type Tensor,
  TraceELBO,
  TraceMeanFieldELBO,
  key,
  plate,
  sample,
  scalar,
  tensor,
  valueAndGrad,
} from "../../../src/index.js";
import { assertClose } from "../../helpers/assert.js";
import { invert, varianceOf } from "./reference.js";

test("a model with one Normal latent and no data: the mean-field loss is KL(q ‖ p) exactly, with its exact gradient", () => {
  const prior = () => sample("mu", Normal(1, 2));
  const guide = AutoNormal(prior);
  const [a, s] = [0.3, 0.5];
  const loss = TraceMeanFieldELBO({ numParticles: 3 });
  const [value, g] = valueAndGrad(
    (p: Record<string, Tensor>) => loss.estimate(prior, guide, key(0), p, undefined).surrogateLoss,
  )({ mu_auto_loc: scalar(a), mu_auto_scale: scalar(s) });
  // KL(N(a, s²) ‖ N(1, 2²)) = log(2/s) + (s² + (a − 1)²)/8 − 1/2; ∂/∂a = (a − 1)/4, ∂/∂s = −1/s + s/4
  assertClose(value.item(), Math.log(2 / s) + (s * s + (a - 1) ** 2) / 8 - 0.5, { rtol: 1e-14 });
  assertClose(g.mu_auto_loc!.item(), (a - 1) / 4, { rtol: 1e-14 });
  assertClose(g.mu_auto_scale!.item(), -1 / s + s / 4, { rtol: 1e-14 });
});

test("AutoMultivariateNormal on a = N(0, 1), b | a ~ N(a, 0.5): the mean-field loss estimates the joint KL without bias", () => {
  // p(a, b) is Gaussian with covariance P = [[1, 1], [1, 1.25]]; q = N(μ, L Lᵀ). The ELBO is
  // −KL(q ‖ p) = −½[tr(P⁻¹Σ) + μᵀP⁻¹μ − 2 + log det P − log det Σ]. The b term is analytic given
  // the drawn a, so particles still vary; 4 standard errors of their mean.
  const model = () => {
    const a = sample("a", Normal(0, 1));
    sample("b", Normal(a, 0.5));
  };
  const guide = AutoMultivariateNormal(model);
  const mu = [0.4, -0.3];
  const L = [
    [0.6, 0],
    [0.5, 0.4],
  ];
  const params = { auto_loc: tensor(mu), auto_scale_tril: tensor(L) };
  const Sigma = [0, 1].flatMap((i) => [0, 1].map((j) => L[i]![0]! * L[j]![0]! + L[i]![1]! * L[j]![1]!));
  const Pinv = invert([1, 1, 1, 1.25], 2);
  const trace = Pinv[0]! * Sigma[0]! + Pinv[1]! * Sigma[2]! + Pinv[2]! * Sigma[1]! + Pinv[3]! * Sigma[3]!;
  const quad = mu[0]! * (Pinv[0]! * mu[0]! + Pinv[1]! * mu[1]!) + mu[1]! * (Pinv[2]! * mu[0]! + Pinv[3]! * mu[1]!);
  const logDetP = Math.log(1 * 1.25 - 1);
  const logDetSigma = 2 * Math.log(L[0]![0]! * L[1]![1]!);
  const kl = 0.5 * (trace + quad - 2 + logDetP - logDetSigma);
  const N = 1000;
  const mf = TraceMeanFieldELBO({ numParticles: N }).estimate(model, guide, key(3), params, undefined);
  const mc = TraceELBO({ numParticles: N }).estimate(model, guide, key(3), params, undefined);
  for (const [name, est] of [
    ["TraceMeanField_ELBO", mf],
    ["Trace_ELBO", mc],
  ] as const) {
    const se = Math.sqrt(varianceOf(est.particles) / N);
    assert.ok(Math.abs(est.loss - kl) < 4 * se, `${name}: ${est.loss} vs KL ${kl} (4 SE = ${4 * se})`);
  }
  // the analytic terms remove most of the spread
  assert.ok(varianceOf(mf.particles) < 0.5 * varianceOf(mc.particles), "mean-field particles vary less");
});

test("with data, the mean-field estimate of the normal–normal ELBO is unbiased and less noisy than Trace_ELBO's", () => {
  const y = [1.2, 0.4, 2.1, 1.5, 0.9];
  const model = ({ y }: { y: Tensor }) => {
    const mu = sample("mu", Normal(0, 2));
    plate("data", y.shape[0]!, () => sample("y", Normal(mu, 1), { obs: y }));
  };
  const guide = AutoNormal(model);
  const [a, s] = [0.5, 0.3];
  const params = { mu_auto_loc: scalar(a), mu_auto_scale: scalar(s) };
  // −ELBO = −Σ E_q log N(y_i; mu, 1) + KL(N(a, s²) ‖ N(0, 2²))
  const nll = y.reduce((t, yi) => t + 0.5 * Math.log(2 * Math.PI) + ((yi - a) ** 2 + s * s) / 2, 0);
  const exact = nll + Math.log(2 / s) + (s * s + a * a) / 8 - 0.5;
  const N = 1000;
  const mf = TraceMeanFieldELBO({ numParticles: N }).estimate(model, guide, key(4), params, { y: tensor(y) });
  const mc = TraceELBO({ numParticles: N }).estimate(model, guide, key(4), params, { y: tensor(y) });
  const se = Math.sqrt(varianceOf(mf.particles) / N);
  assert.ok(Math.abs(mf.loss - exact) < 4 * se, `${mf.loss} vs ${exact} (4 SE = ${4 * se})`);
  assert.ok(varianceOf(mf.particles) < varianceOf(mc.particles), "mean-field particles vary less");
});
