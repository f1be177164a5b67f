/**
 * The data a report is built from: plain, JSON-able objects that the policy layer fills and
 * `buildReport` turns into one HTML page. Every section is optional except the title, so a
 * partial run (say, a posterior without calibration yet) still gets a report.
 * @module
 */
import type { SummaryRow } from "../infer/diagnostics/summary.js";
import type { ReliabilityBin } from "../metrics/reliability.js";

export type { SummaryRow, ReliabilityBin };

/**
 * Posterior draws of named scalar parameters, chains × draws × parameters (a sampler's
 * row-major blocks reshaped to nested arrays so the object survives `JSON.stringify`).
 */
export interface PosteriorDraws {
  /** Parameter names, one per column. */
  names: string[];
  /** `draws[chain][draw][parameter]`; every chain equally long, every draw `names.length` long. */
  draws: number[][][];
  /** True parameter values when known (synthetic data), drawn as reference lines. */
  truth?: number[];
}

/** The reliability diagram of one method (e.g. "Bayesian" or "nominal"), as `reliabilityDiagram` returns it. */
export interface ReliabilitySeries {
  /** Method label, used for colour and legend. */
  method: string;
  /** The bins of {@link reliabilityDiagram}; empty bins (count 0) are not drawn. */
  bins: ReliabilityBin[];
}

/** Reliability diagrams of several methods, drawn in one chart. */
export type ReliabilityData = ReliabilitySeries[];

/** Calibration figures of one method on one evaluation set. */
export interface CalibrationRow {
  /** Method label ("Bayesian", "nominal", …). */
  method: string;
  /** Expected calibration error. */
  ece: number;
  /** Brier score. */
  brier: number;
  /** Mean negative log-likelihood. */
  nll: number;
  /** Empirical coverage of the central 50%, 80% and 95% predictive intervals, in [0, 1]. */
  coverage50?: number;
  coverage80?: number;
  coverage95?: number;
}

/** Return and regret of one method on one perturbation set, measured in the environment. */
export interface RegretRow {
  /** "oracle", "nominal", "Bayesian", … */
  method: string;
  /** Name of the perturbation set, e.g. "held-out" or "unseen". */
  perturbationSet: string;
  /** Mean episode return. */
  meanReturn: number;
  /** Standard error of the mean return. */
  standardError: number;
  /** Oracle mean return minus this method's mean return (0 for the oracle). */
  regret: number;
}

/** One posterior predictive check: an observed summary quantity against its simulated replicates. */
export interface PpcItem {
  /** Name of the quantity (e.g. "episode return", "action 0 frequency"). */
  quantity: string;
  /** Observed values. */
  observed: number[];
  /** Values simulated from the posterior predictive. */
  simulated: number[];
  /** Two-sample Kolmogorov–Smirnov statistic and p-value of observed vs simulated (`ks2samp`). */
  ksStatistic: number;
  ksPValue: number;
  /** Wasserstein-1 distance of observed vs simulated (`wasserstein1`). */
  wasserstein1: number;
}

/** Parameters drawn in the marginals and traces when `plotParameters` is not given. */
export const MAX_PLOTTED_PARAMETERS = 12;

/** A value shown in a key/value table. */
export type Scalar = string | number | boolean | null;

/** Everything a report can show; only `title` is required. */
export interface ReportInput {
  /** Report title. */
  title: string;
  /** When the result was produced (ISO 8601), taken from the input so the report is reproducible. */
  createdAt?: string;
  /** Free text lines for the headline: what was fitted, to which data, how. */
  summary?: string[];
  /** Extra headline figures, shown before the ones derived from the sections. */
  keyNumbers?: Record<string, Scalar>;
  /** The run's configuration, shown as a table. */
  config?: Record<string, unknown>;
  /** The provenance record, shown as a table. */
  provenance?: Record<string, unknown>;
  /** Posterior draws for marginals, pairs and traces. */
  posterior?: PosteriorDraws;
  /**
   * Parameters shown in the marginals and traces (default: the first {@link MAX_PLOTTED_PARAMETERS}),
   * so a hierarchical model with hundreds of per-episode parameters still gives a readable page.
   */
  plotParameters?: string[];
  /** Parameters shown in the pairs plot (default: the first four of `plotParameters` or of all). */
  pairsParameters?: string[];
  /** The posterior summary table. */
  summaryRows?: SummaryRow[];
  /** Sampler diagnostics (divergences, tree-depth saturation, E-BFMI, …) as key/values. */
  diagnostics?: Record<string, Scalar>;
  /** Calibration table. */
  calibration?: CalibrationRow[];
  /** Reliability diagram data. */
  reliability?: ReliabilityData;
  /** Return and regret per method and perturbation set. */
  regret?: RegretRow[];
  /** Posterior predictive checks. */
  ppc?: PpcItem[];
}
