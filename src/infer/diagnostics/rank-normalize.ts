/**
 * Rank normalisation and folding (Vehtari et al. 2021, Sections 4.1–4.2), the transformations
 * that make R-hat and ESS robust to heavy tails and sensitive to differences in scale.
 * @module
 */
import { ndtri } from "../../tensor/special/normal.js";
import { pool } from "./chains.js";
import { sorted } from "./quantile.js";

/** Blom's (1958) fractional offset c in (r − c)/(S − 2c + 1). */
const BLOM_OFFSET = 3 / 8;

/**
 * Ranks 1 … S of the values, ties receiving the average of the ranks they span (R's
 * `rank(ties.method = "average")`), which keeps the number of distinct values of a discrete
 * quantity (Section 4.1).
 */
export function averageRanks(x: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: x.length }, (_, i) => i).sort((a, b) => x[a]! - x[b]!);
  const ranks = new Float64Array(x.length);
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && x[order[end]!] === x[order[start]!]) end++;
    const rank = (start + 1 + end) / 2; // mean of the 1-based ranks start+1 … end
    for (let k = start; k < end; k++) ranks[order[k]!] = rank;
    start = end;
  }
  return ranks;
}

/**
 * Normal scores of the pooled draws of all chains, returned in the same chains × draws layout:
 * z = Φ⁻¹((r − 3/8) / (S + 1/4)), r the average rank among all S draws (Vehtari et al. 2021,
 * eq. 14; the offset is Blom's). The posterior package's `z_scale`.
 */
export function rankNormalize(chains: readonly Float64Array[]): Float64Array[] {
  const all = pool(chains);
  const ranks = averageRanks(all);
  const denominator = all.length - 2 * BLOM_OFFSET + 1;
  const n = chains[0]!.length;
  return chains.map((_, c) => {
    const z = new Float64Array(n);
    for (let i = 0; i < n; i++) z[i] = ndtri((ranks[c * n + i]! - BLOM_OFFSET) / denominator);
    return z;
  });
}

/**
 * The median of the pooled draws, the mean of the two middle values for an even count computed
 * as (a + b)/2 like R's and NumPy's `median` (the type-7 form a + ½(b − a) can differ in the last
 * bit, which would change ties among the folded draws).
 */
export function pooledMedian(chains: readonly Float64Array[]): number {
  const s = sorted(pool(chains));
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Folded draws ζ = |θ − median(θ)|, the median taken over all chains (Vehtari et al. 2021,
 * eq. 15). R-hat of the folded draws compares the chains' scales rather than their locations.
 */
export function fold(chains: readonly Float64Array[]): Float64Array[] {
  const median = pooledMedian(chains);
  return chains.map((chain) => chain.map((v) => Math.abs(v - median)));
}
