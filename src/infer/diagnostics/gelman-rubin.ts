/**
 * The potential scale reduction factor R-hat of Gelman & Rubin (1992), whole-chain and split,
 * computed as NumPyro's `gelman_rubin` and `split_gelman_rubin` do.
 * @module
 */
import { type ChainDraws, checkChains } from "./chains.js";
import { splitChains } from "./split-chains.js";
import { varianceComponents } from "./variance-components.js";

/** R-hat = √(var̂⁺ / W) of already checked chains (Vehtari et al. 2021, eq. 4). */
export function potentialScaleReduction(chains: readonly Float64Array[]): number {
  const { within, pooled } = varianceComponents(chains);
  return Math.sqrt(pooled / within);
}

/**
 * The classic potential scale reduction factor R-hat = √(var̂⁺ / W) over whole chains
 * (Gelman & Rubin 1992; Vehtari et al. 2021, eqs. 1–4), as NumPyro's `gelman_rubin`.
 * Exactly 1 for a single chain; NaN when every chain is constant (W = 0).
 *
 * @param chains - draws of one scalar, chains × draws, at least 2 draws per chain.
 * @throws if chains are missing, of unequal length, shorter than 2 draws, or not finite.
 */
export function gelmanRubin(chains: ChainDraws): number {
  return potentialScaleReduction(checkChains(chains, "gelmanRubin", 2));
}

/**
 * Split-R-hat: R-hat after splitting each chain in half, which also detects a trend within a
 * chain (Vehtari et al. 2021, Section 3.1), as NumPyro's `split_gelman_rubin`. Without rank
 * normalisation; see `rhat` for the recommended version.
 *
 * @param chains - draws of one scalar, chains × draws, at least 4 draws per chain.
 * @throws if chains are missing, of unequal length, shorter than 4 draws, or not finite.
 */
export function splitGelmanRubin(chains: ChainDraws): number {
  return potentialScaleReduction(splitChains(checkChains(chains, "splitGelmanRubin", 4)));
}
