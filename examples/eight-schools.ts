/**
 * Eight schools (Rubin 1981), the classic hierarchical model: write it, run NUTS with four
 * chains, read the diagnostics. `node dist/examples/eight-schools.js`
 */
import { add, mul } from "../src/autodiff/index.js";
import { HalfCauchy, Normal } from "../src/distributions/index.js";
import { formatSummary } from "../src/infer/diagnostics/index.js";
import { MCMC, NUTS, mcmcSummary } from "../src/infer/mcmc/index.js";
import { deterministic, plate, sample } from "../src/ppl/index.js";
import { key } from "../src/random/index.js";
import { type Tensor, tensor } from "../src/tensor/tensor.js";

export const data = {
  y: tensor([28, 8, -3, 7, -1, 1, 18, 12]),
  sigma: tensor([15, 10, 16, 11, 9, 11, 10, 18]),
};

/** The non-centred parameterisation: theta = mu + tau * thetaTilde avoids the funnel. */
export function eightSchools({ y, sigma }: { y: Tensor; sigma: Tensor }): void {
  const mu = sample("mu", Normal(0, 5));
  const tau = sample("tau", HalfCauchy(5));
  plate("school", y.size, () => {
    const thetaTilde = sample("theta_tilde", Normal(0, 1));
    const theta = deterministic("theta", add(mu, mul(tau, thetaTilde)));
    sample("y", Normal(theta, sigma), { obs: y });
  });
}

export function main(numSamples = 1000, log: (s: string) => void = console.log) {
  const result = new MCMC(NUTS(eightSchools, { targetAccept: 0.9 }), { numWarmup: 1000, numSamples, numChains: 4 }).run(
    key(0),
    data,
  );
  const table = mcmcSummary(result, ["mu", "tau", "theta"]);
  log(formatSummary(table));
  return table;
}

if (import.meta.url === `file://${process.argv[1]}`) main();
