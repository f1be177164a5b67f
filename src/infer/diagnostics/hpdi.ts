/**
 * The highest posterior density interval of a set of draws, as NumPyro's `hpdi` computes it.
 * @module
 */
import { type ChainDraws, checkChains, pool } from "./chains.js";
import { sorted } from "./quantile.js";

/**
 * The shortest interval [x_(i), x_(i+k)] between sorted draws that spans k = ⌊prob · S⌋ gaps,
 * S the number of draws: an empirical highest-density interval for a unimodal posterior (Chen &
 * Shao 1999). Ties in length go to the leftmost interval, as NumPyro's `argmin`.
 *
 * @param draws - the draws, either one flat array or chains × draws (the chains are pooled).
 * @param prob - the probability mass of the interval, in (0, 1); 0.9 by default.
 * @returns [lower, upper].
 * @throws if there are no draws, a draw is not finite, or prob is outside (0, 1).
 */
export function hpdi(draws: ArrayLike<number> | ChainDraws, prob = 0.9): [number, number] {
  if (typeof prob !== "number" || !(prob > 0 && prob < 1)) {
    throw new Error(`hpdi: prob must lie in (0, 1), got ${String(prob)}`);
  }
  const s = sorted(flatten(draws));
  if (s.length === 0) throw new Error("hpdi: need at least one draw, got none");
  const width = Math.trunc(prob * s.length);
  let start = 0;
  for (let i = 1; i + width < s.length; i++) {
    if (s[i + width]! - s[i]! < s[start + width]! - s[start]!) start = i;
  }
  return [s[start]!, s[start + width]!];
}

function flatten(draws: ArrayLike<number> | ChainDraws): Float64Array {
  const nested = Array.isArray(draws) && draws.length > 0 && typeof draws[0] === "object";
  const chains = nested ? (draws as ChainDraws) : [draws as ArrayLike<number>];
  return pool(checkChains(chains, "hpdi", 0));
}
