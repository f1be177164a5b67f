/**
 * SVI with a discrete latent: the guide's Bernoulli site has no reparameterisation, so its
 * gradient comes from the score-function estimator with the decaying-average baseline.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Bernoulli,
  Normal,
  SVI,
  TraceELBO,
  adam,
  exponentialDecay,
  key,
  param,
  sample,
  unitInterval,
} from "../../../src/index.js";

test("a learnable Bernoulli guide converges to the exact posterior probability of a discrete latent", () => {
  // z ~ Bernoulli(0.3), y | z ~ N(μ_z, 1) with μ_0 = −1, μ_1 = 1.5, y = 0.5. The family
  // {Bernoulli(p)} contains the posterior, so the ELBO optimum is p* = P(z = 1 | y) =
  // 0.3 N(y; 1.5, 1) / (0.3 N(y; 1.5, 1) + 0.7 N(y; −1, 1)) = 0.4447.
  const [pi0, mu0, mu1, y] = [0.3, -1, 1.5, 0.5];
  const model = () => {
    const z = sample("z", Bernoulli(pi0));
    sample("y", Normal(z.mul(mu1 - mu0).add(mu0), 1), { obs: y });
  };
  const guide = () => {
    const p = param("p", 0.5, { constraint: unitInterval });
    sample("z", Bernoulli(p));
  };
  const like = (m: number) => Math.exp(-0.5 * (y - m) ** 2);
  const exact = (pi0 * like(mu1)) / (pi0 * like(mu1) + (1 - pi0) * like(mu0));
  const steps = 1000;
  const learningRate = exponentialDecay({ initialValue: 0.05, decayRate: 0.01, decaySteps: steps });
  const svi = new SVI(model, guide, adam({ learningRate }), TraceELBO({ numParticles: 4 }));
  const { params, state } = svi.run(key(0), steps, undefined);
  // Largest error over 10 seeds: 0.016 with this baseline (0.058 without one); tolerance 0.04.
  const p = params.p!.item();
  assert.ok(Math.abs(p - exact) < 0.04, `p = ${p}, exact posterior probability ${exact}`);
  // The baseline state travelled with the SVI state: after 1000 steps it is close to the
  // ELBO at the optimum, log p(y) = log(0.3 N(y; 1.5) + 0.7 N(y; −1)) (the KL term vanishes),
  // within the spread of a 10-step average of 4-particle estimates (about 0.3 here).
  const logEvidence = Math.log((pi0 * like(mu1) + (1 - pi0) * like(mu0)) / Math.sqrt(2 * Math.PI));
  assert.ok(
    Math.abs(state.baseline.average! - logEvidence) < 0.3,
    `baseline ${state.baseline.average} vs log p(y) ${logEvidence}`,
  );
});
