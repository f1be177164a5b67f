/**
 * NUTS and static HMC recover closed-form conjugate posteriors. Tolerances: the mean within
 * 4 Monte Carlo standard errors (computed from the draws' bulk ESS, so a correct sampler
 * fails with probability ≈ 6e-5 per check, and a bias larger than ~4 MCSE ≈ 0.05 sd is caught);
 * the sd within 6% (relative standard error of an sd from ≥ 1500 effective draws is ≈ 2%).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { HMC, MCMC, NUTS, type KernelSpec } from "../../src/infer/mcmc/index.js";
import { mcseMean } from "../../src/infer/diagnostics/index.js";
import { key } from "../../src/random/index.js";
import { type Tensor, tensor } from "../../src/tensor/tensor.js";
import {
  betaBinomial,
  betaBinomialPosterior,
  gammaPoisson,
  gammaPoissonPosterior,
  normalNormal,
  normalNormalPosterior,
} from "./models/conjugate-models.js";

function check(samples: Tensor, exact: { mean: number; sd: number }, what: string): void {
  const [chains, draws] = samples.shape as [number, number];
  const per = Array.from({ length: chains }, (_, c) => samples.data.subarray(c * draws, (c + 1) * draws));
  const all = Array.from(samples.data);
  const mean = all.reduce((a, b) => a + b, 0) / all.length;
  const sd = Math.sqrt(all.reduce((a, b) => a + (b - mean) ** 2, 0) / (all.length - 1));
  const mcse = mcseMean(per);
  assert.ok(Math.abs(mean - exact.mean) < 4 * mcse, `${what}: mean ${mean} vs exact ${exact.mean} (MCSE ${mcse})`);
  assert.ok(Math.abs(sd - exact.sd) < 0.06 * exact.sd, `${what}: sd ${sd} vs exact ${exact.sd}`);
}

const settings = { numWarmup: 500, numSamples: 2000, numChains: 2 };
const kernels: [string, <A>(m: (a: A) => void) => KernelSpec<A>][] = [
  ["NUTS", (m) => NUTS(m)],
  ["HMC", (m) => HMC(m, { numSteps: 10 })],
];

for (const [name, kernel] of kernels) {
  test(`${name}: normal–normal posterior`, () => {
    const y = tensor([2.1, 1.4, 3.3, 2.8, 0.9, 2.2]);
    const args = { y, m0: 0, s0: 2, s: 1.5 };
    const r = new MCMC(kernel(normalNormal), settings).run(key(1), args);
    check(r.samples.mu!, normalNormalPosterior(y.data, 0, 2, 1.5), `${name} mu`);
  });

  test(`${name}: beta–binomial posterior (constrained to (0, 1) by a logit transform)`, () => {
    const r = new MCMC(kernel(betaBinomial), settings).run(key(2), { k: 7, n: 20, a: 2, b: 3 });
    check(r.samples.p!, betaBinomialPosterior(7, 20, 2, 3), `${name} p`);
  });

  test(`${name}: gamma–Poisson posterior (constrained to (0, ∞) by a log transform)`, () => {
    const y = tensor([3, 5, 2, 4, 6, 1, 3]);
    const r = new MCMC(kernel(gammaPoisson), settings).run(key(3), { y, alpha: 2, beta: 0.5 });
    check(r.samples.rate!, gammaPoissonPosterior(y.data, 2, 0.5), `${name} rate`);
  });
}
