/**
 * Conjugate models with closed-form posteriors: the references for the samplers and for
 * variational inference. Module exports, so worker threads can load them.
 */
import { Beta, Binomial, Gamma, Normal, Poisson } from "../../../src/distributions/index.js";
import { plate, sample } from "../../../src/ppl/index.js";
import type { Tensor } from "../../../src/tensor/tensor.js";

/** mu ~ N(m0, s0); y_i ~ N(mu, s). */
export function normalNormal({ y, m0, s0, s }: { y: Tensor; m0: number; s0: number; s: number }): void {
  const mu = sample("mu", Normal(m0, s0));
  plate("data", y.size, () => sample("y", Normal(mu, s), { obs: y }));
}

/** Posterior N(mean, sd) of normalNormal. */
export function normalNormalPosterior(y: ArrayLike<number>, m0: number, s0: number, s: number) {
  const n = y.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += y[i]!;
  const precision = 1 / s0 ** 2 + n / s ** 2;
  return { mean: (m0 / s0 ** 2 + total / s ** 2) / precision, sd: Math.sqrt(1 / precision) };
}

/** p ~ Beta(a, b); k ~ Binomial(n, p). */
export function betaBinomial({ k, n, a, b }: { k: number; n: number; a: number; b: number }): void {
  const p = sample("p", Beta(a, b));
  sample("k", Binomial(n, p), { obs: k });
}

/** Posterior Beta(a + k, b + n − k): mean and sd. */
export function betaBinomialPosterior(k: number, n: number, a: number, b: number) {
  const A = a + k;
  const B = b + n - k;
  return { mean: A / (A + B), sd: Math.sqrt((A * B) / ((A + B) ** 2 * (A + B + 1))) };
}

/** rate ~ Gamma(alpha, beta); y_i ~ Poisson(rate). */
export function gammaPoisson({ y, alpha, beta }: { y: Tensor; alpha: number; beta: number }): void {
  const rate = sample("rate", Gamma(alpha, beta));
  plate("data", y.size, () => sample("y", Poisson(rate), { obs: y }));
}

/** Posterior Gamma(alpha + Σy, beta + n): mean and sd. */
export function gammaPoissonPosterior(y: ArrayLike<number>, alpha: number, beta: number) {
  let total = 0;
  for (let i = 0; i < y.length; i++) total += y[i]!;
  const A = alpha + total;
  const B = beta + y.length;
  return { mean: A / B, sd: Math.sqrt(A) / B };
}
