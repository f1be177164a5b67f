/**
 * Splitting chains in half, so that R-hat and ESS also see non-stationarity within a chain
 * (Vehtari et al. 2021, Section 3.1: "split-R-hat ... applied to chains that have been split
 * in half so that M is twice the number of simulated chains").
 * @module
 */

/**
 * Each chain's first and last ⌊n/2⌋ draws as two chains (first halves of all chains, then second
 * halves, the order of NumPyro and of the posterior package). With an odd number of draws the
 * middle draw is dropped, as both do.
 */
export function splitChains(chains: readonly Float64Array[]): Float64Array[] {
  const n = chains[0]!.length;
  const half = Math.floor(n / 2);
  const first = chains.map((c) => c.subarray(0, half));
  const second = chains.map((c) => c.subarray(n - half));
  return [...first, ...second];
}
