/**
 * The posterior summary table, one row per parameter, like Stan's `print`, ArviZ's `summary`
 * and the posterior package's `summarise_draws`.
 * @module
 */
import { checkChains, pool } from "./chains.js";
import { essBulk, essTail } from "./ess-bulk-tail.js";
import { mcseMean, mcseSd } from "./mcse.js";
import { mean, variance } from "./moments.js";
import { type ParameterDraws, checkParameterDraws, parameterChains, parameterName } from "./parameter-draws.js";
import { quantiles } from "./quantile.js";
import { rhat } from "./rhat.js";
import { type ChainSamplerStats, type SamplerDiagnostics, samplerDiagnostics } from "./sampler-diagnostics.js";

/**
 * One parameter's summary. Plain numbers and a string, so `JSON.stringify` works on it; an
 * undefined diagnostic (constant draws) is NaN, which JSON writes as null.
 */
export interface SummaryRow {
  name: string;
  /** Posterior mean over all draws. */
  mean: number;
  /** Posterior standard deviation over all draws (divisor S − 1). */
  sd: number;
  /** 5%, 50% and 95% quantiles of all draws (type 7, NumPy's default linear interpolation). */
  q5: number;
  q50: number;
  q95: number;
  /** Monte Carlo standard errors of the mean and of the sd. */
  mcseMean: number;
  mcseSd: number;
  /** Bulk and tail effective sample sizes. */
  essBulk: number;
  essTail: number;
  /** Rank-normalised split R-hat. */
  rHat: number;
}

/** The summary table, with the sampler diagnostics when per-draw statistics were given. */
export interface Summary {
  rows: SummaryRow[];
  sampler?: SamplerDiagnostics;
}

/** Options of {@link summary}. */
export interface SummaryOptions {
  /** Per-draw sampler statistics of each chain, for the divergence / tree depth / E-BFMI line. */
  stats?: readonly ChainSamplerStats[];
  /** The sampler's maximum tree depth (default 10). */
  maxTreeDepth?: number;
}

/**
 * Summarise each parameter of `draws`: mean, sd, 5/50/95% quantiles, MCSE of mean and sd,
 * bulk-ESS, tail-ESS and R-hat — the columns and definitions of the posterior package's
 * `summarise_draws` (Vehtari et al. 2021), with sampler diagnostics when `options.stats` is given.
 *
 * @throws if the layout is inconsistent, a chain has fewer than 4 draws, or a draw is not finite.
 */
export function summary(draws: ParameterDraws, options: SummaryOptions = {}): Summary {
  checkParameterDraws(draws, "summary");
  const rows = Array.from({ length: draws.dim }, (_, j) =>
    summaryRow(parameterName(draws, j), parameterChains(draws, j)),
  );
  if (options.stats === undefined) return { rows };
  return { rows, sampler: samplerDiagnostics(options.stats, { maxTreeDepth: options.maxTreeDepth }) };
}

/** The summary of one named quantity given as chains × draws. */
export function summaryRow(name: string, chains: readonly ArrayLike<number>[]): SummaryRow {
  const x = checkChains(chains, `summary (${name})`, 4);
  const all = pool(x);
  const [q5, q50, q95] = quantiles(all, [0.05, 0.5, 0.95]) as [number, number, number];
  return {
    name,
    mean: mean(all),
    sd: Math.sqrt(variance(all, 1)),
    q5,
    q50,
    q95,
    mcseMean: mcseMean(x),
    mcseSd: mcseSd(x),
    essBulk: essBulk(x),
    essTail: essTail(x),
    rHat: rhat(x),
  };
}
