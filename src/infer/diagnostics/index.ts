/**
 * MCMC convergence diagnostics and the posterior summary table.
 *
 * - Classic, as NumPyro computes them: `gelmanRubin`, `splitGelmanRubin`,
 *   `effectiveSampleSize` (Geyer's initial monotone sequence), `hpdi`, `autocovariance`.
 * - Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021), as the R posterior package computes
 *   them: `rhat` (rank-normalised split R-hat), `essBulk`, `essTail`, `essQuantile`, `essMean`,
 *   `mcseMean`, `mcseSd`, `mcseQuantile`.
 * - Sampler diagnostics: divergences, tree-depth saturation, E-BFMI (Betancourt 2016).
 * - `summary` and `formatSummary`.
 *
 * Draws of one scalar are chains × draws (`number[][]` or `Float64Array[]`); several parameters
 * are one row-major numDraws × dim block per chain (`ParameterDraws`).
 * @module
 */
export { type ChainDraws } from "./chains.js";
export { autocovariance } from "./autocovariance.js";
export { gelmanRubin, splitGelmanRubin } from "./gelman-rubin.js";
export { effectiveSampleSize } from "./effective-sample-size.js";
export { hpdi } from "./hpdi.js";
export { quantiles } from "./quantile.js";
export { rhat } from "./rhat.js";
export { essMean } from "./stan-ess.js";
export { essBulk, essQuantile, essTail } from "./ess-bulk-tail.js";
export { mcseMean, mcseQuantile, mcseSd } from "./mcse.js";
export {
  type ChainSamplerStats,
  type SamplerDiagnostics,
  DEFAULT_MAX_TREE_DEPTH,
  EBFMI_WARNING_THRESHOLD,
  countDivergences,
  countTreeDepthSaturation,
  ebfmi,
  samplerDiagnostics,
} from "./sampler-diagnostics.js";
export { type ParameterDraws, parameterChains } from "./parameter-draws.js";
export { type Summary, type SummaryOptions, type SummaryRow, summary, summaryRow } from "./summary.js";
export { formatSummary } from "./format-summary.js";
