/**
 * Diagnostics of a Hamiltonian sampler's own per-draw statistics: divergent transitions,
 * saturation of the maximum tree depth, and the energy Bayesian fraction of missing
 * information (E-BFMI).
 * @module
 */

/**
 * The per-draw statistics of one chain that these diagnostics read (the sampler's `SampleStats`
 * has these fields, among others). All arrays have one entry per kept draw.
 */
export interface ChainSamplerStats {
  /** Non-zero (or true) where the transition diverged. */
  readonly diverging: ArrayLike<number | boolean>;
  /** NUTS tree depth of each transition (number of trajectory doublings). */
  readonly treeDepth: ArrayLike<number>;
  /** Hamiltonian (total energy) at each draw. */
  readonly energy: ArrayLike<number>;
}

/** Summary of the sampler diagnostics over all chains. */
export interface SamplerDiagnostics {
  /** Draws over all chains. */
  numDraws: number;
  /** Divergent transitions over all chains. */
  divergences: number;
  /** Divergent transitions per chain. */
  divergencesPerChain: number[];
  /** The maximum tree depth saturation is measured against. */
  maxTreeDepth: number;
  /** Transitions whose tree depth reached `maxTreeDepth`, over all chains. */
  treeDepthSaturated: number;
  /** E-BFMI of each chain. */
  ebfmi: number[];
  /** Indices of the chains whose E-BFMI is below the warning threshold. */
  lowEbfmiChains: number[];
  /** The E-BFMI warning threshold used. */
  ebfmiThreshold: number;
}

/** Conventional warning threshold for E-BFMI (Betancourt 2016; Stan, ArviZ). */
export const EBFMI_WARNING_THRESHOLD = 0.3;

/** Stan's default maximum NUTS tree depth. */
export const DEFAULT_MAX_TREE_DEPTH = 10;

/** Number of divergent transitions in one chain. */
export function countDivergences(diverging: ArrayLike<number | boolean>): number {
  let n = 0;
  for (let i = 0; i < diverging.length; i++) if (diverging[i]) n++;
  return n;
}

/**
 * Number of transitions whose tree depth reached `maxTreeDepth`: trajectories cut short by the
 * depth limit rather than by a U-turn, a sign that the step size is small or the posterior long
 * and narrow (Stan counts depth ≥ max as saturated).
 */
export function countTreeDepthSaturation(treeDepth: ArrayLike<number>, maxTreeDepth: number): number {
  if (!Number.isInteger(maxTreeDepth) || maxTreeDepth < 0) {
    throw new Error(`countTreeDepthSaturation: maxTreeDepth must be a non-negative integer, got ${maxTreeDepth}`);
  }
  let n = 0;
  for (let i = 0; i < treeDepth.length; i++) if (treeDepth[i]! >= maxTreeDepth) n++;
  return n;
}

/**
 * The energy Bayesian fraction of missing information of one chain (Betancourt 2016):
 *
 *   E-BFMI = Σ_{n=1}^{N−1} (E_n − E_{n−1})² / Σ_{n=0}^{N−1} (E_n − Ē)²,
 *
 * the empirical ratio of the variance of the energy change between transitions to the marginal
 * energy variance. Small values (below 0.3) mean the momentum resampling moves the energy too
 * little to explore the energy distribution, typically in heavy tails. (ArviZ divides the mean
 * squared difference by the variance instead, which is larger by N/(N − 1).)
 *
 * @throws if fewer than 2 energies are given or one is not finite.
 */
export function ebfmi(energy: ArrayLike<number>): number {
  if (energy.length < 2) throw new Error(`ebfmi: need at least 2 energies, got ${energy.length}`);
  let total = 0;
  for (let i = 0; i < energy.length; i++) {
    if (!Number.isFinite(energy[i])) throw new Error(`ebfmi: energies must be finite, got ${energy[i]} at draw ${i}`);
    total += energy[i]!;
  }
  const average = total / energy.length;
  let squaredJumps = 0;
  let squaredDeviations = (energy[0]! - average) ** 2;
  for (let i = 1; i < energy.length; i++) {
    squaredJumps += (energy[i]! - energy[i - 1]!) ** 2;
    squaredDeviations += (energy[i]! - average) ** 2;
  }
  return squaredJumps / squaredDeviations;
}

/**
 * Divergences, tree-depth saturation and E-BFMI over all chains.
 *
 * @param stats - per-draw statistics of each chain.
 * @param options.maxTreeDepth - the sampler's maximum tree depth (default 10).
 * @param options.ebfmiThreshold - flag chains with E-BFMI below this (default 0.3).
 * @throws if no chains are given or a chain's statistics have unequal lengths.
 */
export function samplerDiagnostics(
  stats: readonly ChainSamplerStats[],
  { maxTreeDepth = DEFAULT_MAX_TREE_DEPTH, ebfmiThreshold = EBFMI_WARNING_THRESHOLD } = {},
): SamplerDiagnostics {
  if (!Array.isArray(stats) || stats.length === 0) {
    throw new Error("samplerDiagnostics: expected the per-draw statistics of at least one chain");
  }
  stats.forEach(checkChainStats);
  const divergencesPerChain = stats.map((s) => countDivergences(s.diverging));
  const ebfmiPerChain = stats.map((s) => ebfmi(s.energy));
  return {
    numDraws: stats.reduce((n, s) => n + s.energy.length, 0),
    divergences: divergencesPerChain.reduce((a, b) => a + b, 0),
    divergencesPerChain,
    maxTreeDepth,
    treeDepthSaturated: stats.reduce((n, s) => n + countTreeDepthSaturation(s.treeDepth, maxTreeDepth), 0),
    ebfmi: ebfmiPerChain,
    lowEbfmiChains: ebfmiPerChain.flatMap((e, c) => (e < ebfmiThreshold ? [c] : [])),
    ebfmiThreshold,
  };
}

function checkChainStats(s: ChainSamplerStats, c: number): void {
  const lengths = [s?.diverging?.length, s?.treeDepth?.length, s?.energy?.length];
  if (!lengths.every((n) => typeof n === "number") || lengths.some((n) => n !== lengths[2])) {
    throw new Error(
      `samplerDiagnostics: chain ${c} needs diverging, treeDepth and energy arrays of equal length, got lengths ${lengths.join(", ")}`,
    );
  }
}
