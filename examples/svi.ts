/**
 * Variational inference on eight schools: fit a full-rank Gaussian (on the unconstrained
 * scale) with SVI and compare it with the NUTS reference. `node dist/examples/svi.js`
 */
import { AutoMultivariateNormal, SVI, TraceELBO } from "../src/infer/vi/index.js";
import { adam } from "../src/optim/index.js";
import { key } from "../src/random/index.js";
import { data, eightSchools } from "./eight-schools.js";

export function main(numSteps = 3000, log: (s: string) => void = console.log) {
  const guide = AutoMultivariateNormal(eightSchools);
  const svi = new SVI(eightSchools, guide, adam({ learningRate: 0.01 }), TraceELBO({ numParticles: 4 }));
  const { params, losses } = svi.run(key(0), numSteps, data);
  const tail = losses.slice(-200);
  log(
    `SVI, ${numSteps} steps: mean negative ELBO over the last 200 steps ${(tail.reduce((a, b) => a + b, 0) / tail.length).toFixed(3)}`,
  );
  const draws = guide.samplePosterior(key(1), params, 4000);
  const stats = (name: string) => {
    const d = draws[name]!.data;
    const mean = d.reduce((a, b) => a + b, 0) / d.length;
    const sd = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / (d.length - 1));
    return { mean, sd };
  };
  const mu = stats("mu");
  const tau = stats("tau");
  log(`mu:  mean ${mu.mean.toFixed(2)}, sd ${mu.sd.toFixed(2)}   (NUTS reference: 4.41, 3.31)`);
  log(
    `tau: mean ${tau.mean.toFixed(2)}, sd ${tau.sd.toFixed(2)}   (NUTS reference: 3.60, 3.20; a Gaussian on log tau cannot match its shape exactly)`,
  );
  return { mu, tau, losses };
}

if (import.meta.url === `file://${process.argv[1]}`) main();
