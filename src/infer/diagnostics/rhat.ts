/**
 * The rank-normalised split R-hat of Vehtari et al. (2021), Stan's and the posterior package's
 * default convergence diagnostic.
 * @module
 */
import { type ChainDraws, checkChains, pool } from "./chains.js";
import { potentialScaleReduction } from "./gelman-rubin.js";
import { isConstant } from "./moments.js";
import { fold, rankNormalize } from "./rank-normalize.js";
import { splitChains } from "./split-chains.js";

/**
 * R-hat = max(bulk R-hat, tail R-hat) (Vehtari et al. 2021, Section 4.2), where
 * - bulk R-hat is split-R-hat (eqs. 1–4) of the rank-normalised split chains (eq. 14), and
 * - tail R-hat is the same of the folded draws |θ − median θ| (eq. 15), which catches chains with
 *   equal locations but different scales.
 *
 * Invariant under monotone transformations and defined for heavy-tailed posteriors. The paper
 * recommends trusting the draws only when R-hat < 1.01 (and each split chain's ESS ≥ 50).
 * NaN for constant draws, as the posterior package's NA (a fixed quantity cannot be diagnosed).
 * Matches the posterior package's `rhat` (1.4.0).
 *
 * @param chains - draws of one scalar, chains × draws, at least 4 draws per chain.
 * @throws if chains are missing, of unequal length, shorter than 4 draws, or not finite.
 */
export function rhat(chains: ChainDraws): number {
  const x = checkChains(chains, "rhat", 4);
  if (isConstant(pool(x))) return NaN;
  const bulk = potentialScaleReduction(rankNormalize(splitChains(x)));
  const tail = potentialScaleReduction(rankNormalize(splitChains(fold(x))));
  return Math.max(bulk, tail);
}
