/**
 * The effective sample size with Geyer's (1992) initial monotone sequence estimator over the
 * multi-chain autocorrelation, computed as NumPyro's `effective_sample_size` does.
 * @module
 */
import { type ChainDraws, checkChains } from "./chains.js";
import { combinedAutocorrelation } from "./combined-autocorrelation.js";

/**
 * ESS = M·N / τ̂ with τ̂ = −1 + 2 Σ_{t'} P̂_{t'} (Vehtari et al. 2021, eqs. 12–13), over whole
 * (unsplit) chains, exactly as NumPyro computes it:
 *
 * - ρ̂_t is the multi-chain autocorrelation of eq. 10, with ρ̂_0 = 1;
 * - P̂_{t'} = ρ̂_{2t'} + ρ̂_{2t'+1} over all ⌊N/2⌋ complete pairs of lags (Geyer 1992);
 * - from the second pair on, each P̂ is clipped at 0 and lowered to the minimum of the preceding
 *   ones (Geyer's initial monotone sequence). A zero pair makes all later pairs zero, so this
 *   also truncates at the first non-positive pair (the initial positive sequence).
 *
 * Unlike Stan and the posterior package (`essMean`), it neither averages in the next even lag nor
 * bounds τ̂: the first pair is not clipped, so for strongly antithetic chains (ρ̂_1 near −1) τ̂
 * can be ≤ 0 and the result negative or infinite, exactly as NumPyro's. `essMean` and `essBulk`
 * cap the estimate at M·N·log₁₀(M·N) instead. NaN when the draws are constant.
 *
 * @param chains - draws of one scalar, chains × draws, at least 2 draws per chain.
 * @throws if chains are missing, of unequal length, shorter than 2 draws, or not finite.
 */
export function effectiveSampleSize(chains: ChainDraws): number {
  const x = checkChains(chains, "effectiveSampleSize", 2);
  const rho = combinedAutocorrelation(x);
  rho[0] = 1;
  const numPairs = Math.floor(rho.length / 2);
  let tau = -1 + 2 * (rho[0]! + rho[1]!);
  let bound = Infinity;
  for (let k = 1; k < numPairs; k++) {
    bound = Math.min(bound, Math.max(0, rho[2 * k]! + rho[2 * k + 1]!));
    tau += 2 * bound;
  }
  return (x.length * x[0]!.length) / tau;
}
