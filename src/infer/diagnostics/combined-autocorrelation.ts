/**
 * The multi-chain autocorrelation ρ̂_t of Vehtari et al. (2021, eq. 10), which every ESS
 * estimator here truncates and sums.
 * @module
 */
import { autocovariance } from "./autocovariance.js";
import { type VarianceComponents, varianceComponents } from "./variance-components.js";

/**
 * ρ̂_t = 1 − (W − (1/M) Σ_m γ_{t,m}) / var̂⁺ for t = 0 … N−1, where γ_{t,m} = s_m² ρ̂_{t,m} is the
 * biased lag-t autocovariance of chain m (eq. 10). When the chains mix well this is the average
 * within-chain autocorrelation; when they do not, it tends to 1 − 1/R̂², so poorly mixing chains
 * count as strongly correlated (the NumPyro / Stan formula, not BDA3's).
 *
 * ρ̂_0 is whatever the formula gives; the callers overwrite it with 1 as their references do.
 */
export function combinedAutocorrelation(
  chains: readonly Float64Array[],
  components: VarianceComponents = varianceComponents(chains),
): Float64Array {
  const n = chains[0]!.length;
  const meanAutocov = new Float64Array(n);
  for (const chain of chains) {
    const gamma = autocovariance(chain);
    for (let t = 0; t < n; t++) meanAutocov[t] = meanAutocov[t]! + gamma[t]!;
  }
  const rho = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    rho[t] = 1 - (components.within - meanAutocov[t]! / chains.length) / components.pooled;
  }
  return rho;
}
