/**
 * The within-chain variance W and the pooled variance estimate var⁺ shared by R-hat and ESS
 * (Vehtari et al. 2021, eqs. 1–3; Gelman & Rubin 1992).
 * @module
 */
import { chainMeans, variance } from "./moments.js";

/** W and var̂⁺ of a set of equally long chains. */
export interface VarianceComponents {
  /** W = (1/M) Σ s_m², the mean of the unbiased within-chain variances (eq. 2). */
  within: number;
  /** var̂⁺ = (N−1)/N · W + B/N, with B/N the unbiased variance of the chain means (eqs. 1, 3). */
  pooled: number;
}

/**
 * W and var̂⁺ for M chains of N draws each. With a single chain there is no between-chain term,
 * and, following NumPyro, W is then replaced by (N−1)/N · W so that R-hat is exactly 1.
 */
export function varianceComponents(chains: readonly Float64Array[]): VarianceComponents {
  const n = chains[0]!.length;
  let within = 0;
  for (const chain of chains) within += variance(chain, 1);
  within /= chains.length;
  const shrunk = (within * (n - 1)) / n;
  if (chains.length === 1) return { within: shrunk, pooled: shrunk };
  return { within, pooled: shrunk + variance(chainMeans(chains), 1) };
}
