/**
 * Bulk and tail effective sample sizes and the ESS of quantiles (Vehtari et al. 2021,
 * Sections 4.1 and 4.3): "localised" efficiency measures built on Stan's ESS estimator.
 * @module
 */
import { type ChainDraws, checkChains, pool } from "./chains.js";
import { isConstant } from "./moments.js";
import { quantileSorted, sorted } from "./quantile.js";
import { rankNormalize } from "./rank-normalize.js";
import { splitChains } from "./split-chains.js";
import { stanEss } from "./stan-ess.js";

/**
 * Bulk-ESS: the ESS (eqs. 10–13) of the rank-normalised (eq. 14) split chains. Measures the
 * sampling efficiency in the bulk of the distribution (for the mean and median), and is defined
 * even without a finite mean or variance. The posterior package's `ess_bulk`. NaN for constant
 * draws; NaN with fewer than 6 draws per chain (split chains shorter than 3).
 *
 * @param chains - draws of one scalar, chains × draws, at least 4 draws per chain.
 * @throws if chains are missing, of unequal length, shorter than 4 draws, or not finite.
 */
export function essBulk(chains: ChainDraws): number {
  const x = checkChains(chains, "essBulk", 4);
  if (isConstant(pool(x))) return NaN;
  return stanEss(rankNormalize(splitChains(x)));
}

/**
 * ESS of the prob-quantile of already checked chains: the ESS of the split indicator chains
 * I(θ ≤ θ̂_prob) (eq. 16), θ̂_prob the type-7 quantile of all draws, without rank normalisation
 * (an indicator is already invariant to monotone transformations). As in the posterior package,
 * prob = 1 is moved to (S − ½)/S, since every draw would lie below the maximum.
 */
export function quantileEss(x: readonly Float64Array[], prob: number): number {
  const all = pool(x);
  if (isConstant(all)) return NaN;
  const p = prob === 1 ? (all.length - 0.5) / all.length : prob;
  const threshold = quantileSorted(sorted(all), p);
  const indicators = x.map((chain) => chain.map((v) => (v <= threshold ? 1 : 0)));
  return stanEss(splitChains(indicators));
}

/**
 * ESS for estimating the prob-quantile: by Section 4.3, the ESS of the indicator I(θ ≤ θ̂_prob),
 * whose mean is the cumulative probability at θ̂_prob (eqs. 16–17). The posterior package's
 * `ess_quantile`. NaN for constant draws or a constant indicator.
 *
 * @param chains - draws of one scalar, chains × draws, at least 4 draws per chain.
 * @param prob - a probability in [0, 1].
 * @throws on bad draws (see `essBulk`) or a probability outside [0, 1].
 */
export function essQuantile(chains: ChainDraws, prob: number): number {
  checkProbability("essQuantile", prob);
  return quantileEss(checkChains(chains, "essQuantile", 4), prob);
}

/**
 * Tail-ESS: the smaller of the ESS of the 5% and 95% quantiles (Section 4.3), the efficiency in
 * the tails (for variances and tail quantiles). The posterior package's `ess_tail`.
 *
 * @param chains - draws of one scalar, chains × draws, at least 4 draws per chain.
 * @throws if chains are missing, of unequal length, shorter than 4 draws, or not finite.
 */
export function essTail(chains: ChainDraws): number {
  const x = checkChains(chains, "essTail", 4);
  return Math.min(quantileEss(x, 0.05), quantileEss(x, 0.95));
}

/** Throw unless `prob` is a number in [0, 1]. */
export function checkProbability(where: string, prob: number): void {
  if (typeof prob !== "number" || !(prob >= 0 && prob <= 1)) {
    throw new Error(`${where}: prob must be a probability in [0, 1], got ${String(prob)}`);
  }
}
