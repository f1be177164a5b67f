/**
 * The effective sample size estimator of Stan and the R posterior package (Vehtari et al. 2021,
 * Section 3.2), on which bulk-ESS, tail-ESS and the Monte Carlo standard errors are built.
 * @module
 */
import { type ChainDraws, checkChains, pool } from "./chains.js";
import { combinedAutocorrelation } from "./combined-autocorrelation.js";
import { isConstant } from "./moments.js";
import { splitChains } from "./split-chains.js";

/**
 * ESS = M·N / τ̂ (Vehtari et al. 2021, eqs. 12–13) of already checked (and, by the callers,
 * already split) chains, step for step as the posterior package's internal `.ess` (1.4.0):
 *
 * 1. ρ̂_t by eq. 10, ρ̂_0 = 1.
 * 2. Initial positive sequence (Geyer 1992): pairs P̂_{t'} = ρ̂_{2t'} + ρ̂_{2t'+1} are taken while
 *    positive, and only while the next pair lies below lag N − 3 (the loop guard `t < N − 5`).
 * 3. "Improved" estimate (Section 3.2, antithetic chains): the truncated sum ending at the last odd
 *    lag is averaged with the one ending at the next even lag, by adding ρ̂ of that even lag when
 *    it is positive.
 * 4. Initial monotone sequence (Geyer 1992): a pair larger than the one before is replaced by it.
 * 5. τ̂ is bounded below by 1/log₁₀(M·N), i.e. ESS ≤ M·N·log₁₀(M·N) (the paper's software cap).
 *
 * With fewer than 6 draws per chain no pair is ever accumulated (R evaluates `1:0` as `c(1, 0)`),
 * and τ̂ = −1 + 2ρ̂_0 + ρ̂_0 = 2; this is reproduced. NaN for fewer than 3 draws per chain or
 * constant draws, where the posterior package returns NA.
 */
export function stanEss(chains: readonly Float64Array[]): number {
  const n = chains[0]!.length;
  if (n < 3 || isConstant(pool(chains))) return NaN;
  const rho = combinedAutocorrelation(chains);
  const rhoHat = new Float64Array(n);
  rhoHat[0] = 1;
  rhoHat[1] = rho[1]!;
  let even = 1;
  let odd = rho[1]!;
  let t = 0;
  while (t < n - 5 && !Number.isNaN(even + odd) && even + odd > 0) {
    t += 2;
    even = rho[t]!;
    odd = rho[t + 1]!;
    if (even + odd >= 0) {
      rhoHat[t] = even;
      rhoHat[t + 1] = odd;
    }
  }
  const maxT = t;
  if (even > 0) rhoHat[maxT] = even;
  for (let s = 2; s <= maxT - 2; s += 2) {
    const previous = rhoHat[s - 2]! + rhoHat[s - 1]!;
    if (rhoHat[s]! + rhoHat[s + 1]! > previous) {
      rhoHat[s] = previous / 2;
      rhoHat[s + 1] = previous / 2;
    }
  }
  let head = rhoHat[0]!;
  for (let s = 1; s < maxT; s++) head += rhoHat[s]!;
  const total = chains.length * n;
  const tau = Math.max(-1 + 2 * head + rhoHat[maxT]!, 1 / Math.log10(total));
  return total / tau;
}

/**
 * The effective sample size for estimating the posterior mean: Stan's estimator (see above) on
 * split chains, without rank normalisation; the posterior package's `ess_mean` (= `ess_basic`).
 * It is the ESS behind `mcseMean`. NaN for constant draws.
 *
 * @param chains - draws of one scalar, chains × draws, at least 4 draws per chain.
 * @throws if chains are missing, of unequal length, shorter than 4 draws, or not finite.
 */
export function essMean(chains: ChainDraws): number {
  return stanEss(splitChains(checkChains(chains, "essMean", 4)));
}
