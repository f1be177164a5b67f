/**
 * Monte Carlo standard errors of the posterior mean, standard deviation and quantiles
 * (Vehtari et al. 2021, eq. 5 and Section 4.4), as the posterior package (1.4.0) computes them.
 * @module
 */
import { betaincinv } from "../../tensor/special/incompleteBeta.js";
import { type ChainDraws, checkChains, pool } from "./chains.js";
import { checkProbability, quantileEss } from "./ess-bulk-tail.js";
import { mean, variance } from "./moments.js";
import { sorted } from "./quantile.js";
import { splitChains } from "./split-chains.js";
import { stanEss } from "./stan-ess.js";

/**
 * Φ(−1) and Φ(1) to the seven digits the posterior package uses: the 16% and 84% points whose
 * half-distance is one standard error for a normal error distribution (Section 4.4).
 */
const ONE_SIGMA_PROBS = [0.1586553, 0.8413447] as const;

/**
 * MCSE of the posterior mean: sd / √ESS_mean, with sd over all draws (divisor S − 1) and the ESS
 * of the mean of split, un-normalised chains (`essMean`) — eq. 5 with S replaced by the ESS.
 * The posterior package's `mcse_mean`. NaN for constant draws.
 *
 * @param chains - draws of one scalar, chains × draws, at least 4 draws per chain.
 * @throws if chains are missing, of unequal length, shorter than 4 draws, or not finite.
 */
export function mcseMean(chains: ChainDraws): number {
  const x = checkChains(chains, "mcseMean", 4);
  return Math.sqrt(variance(pool(x), 1)) / Math.sqrt(stanEss(splitChains(x)));
}

/**
 * MCSE of the posterior standard deviation, by the delta method as the posterior package's
 * `mcse_sd`: with centred draws c = θ − θ̄ and v = mean(c²),
 *
 *   Var(v̂) ≈ (mean(c⁴) − v²) / ESS(c²),   MCSE(sd) ≈ √(Var(v̂) / (4v)),
 *
 * since d√v/dv = 1/(2√v). ESS(c²) is the ESS of the mean of the squared centred draws
 * (`essMean`), as the variance is the expectation of c². NaN for constant draws (or constant c²).
 *
 * @param chains - draws of one scalar, chains × draws, at least 4 draws per chain.
 * @throws if chains are missing, of unequal length, shorter than 4 draws, or not finite.
 */
export function mcseSd(chains: ChainDraws): number {
  const x = checkChains(chains, "mcseSd", 4);
  const centre = mean(pool(x));
  const squares = x.map((chain) => chain.map((v) => (v - centre) * (v - centre)));
  const ess = stanEss(splitChains(squares));
  const all = pool(squares);
  const v = mean(all);
  const fourth = mean(all.map((s) => s * s));
  const varOfVariance = (fourth - v * v) / ess;
  return Math.sqrt(varOfVariance / v / 4);
}

/**
 * MCSE of the prob-quantile by the interval method of Vehtari et al. (2021, Section 4.4, eq. 20),
 * as the posterior package's `mcse_quantile`:
 *
 * 1. S_eff = ESS of the indicator I(θ ≤ θ̂_prob) (`essQuantile`);
 * 2. a, b = the Φ(∓1) quantiles of Beta(S_eff·prob + 1, S_eff·(1 − prob) + 1) (eq. 20), the
 *    sampling distribution of the cumulative probability — the exact beta quantile (regularised
 *    incomplete beta inverse), not a normal approximation;
 * 3. A = θ_(max(⌊aS⌋, 1)), B = θ_(min(⌈bS⌉, S)) in the sorted draws (1-based order statistics),
 *    pushing a and b through the empirical inverse CDF;
 * 4. MCSE = (B − A) / 2, the half-width of a ±1 sd interval.
 *
 * NaN when the indicator ESS is undefined (constant draws or constant indicator).
 *
 * @param chains - draws of one scalar, chains × draws, at least 4 draws per chain.
 * @param prob - a probability in [0, 1].
 * @throws on bad draws (see `mcseMean`) or a probability outside [0, 1].
 */
export function mcseQuantile(chains: ChainDraws, prob: number): number {
  checkProbability("mcseQuantile", prob);
  const x = checkChains(chains, "mcseQuantile", 4);
  const ess = quantileEss(x, prob);
  if (Number.isNaN(ess)) return NaN;
  const [lower, upper] = ONE_SIGMA_PROBS.map((p) => betaincinv(ess * prob + 1, ess * (1 - prob) + 1, p)) as [
    number,
    number,
  ];
  const s = sorted(pool(x));
  const total = s.length;
  const below = s[Math.max(Math.floor(lower * total), 1) - 1]!;
  const above = s[Math.min(Math.ceil(upper * total), total) - 1]!;
  return (above - below) / 2;
}
