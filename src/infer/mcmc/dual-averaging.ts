/**
 * Step-size adaptation by dual averaging (Hoffman & Gelman 2014, §3.2, after Nesterov 2009),
 * with Stan's defaults: target acceptance δ = 0.8, γ = 0.05, t₀ = 10, κ = 0.75, and shrinkage
 * point μ = log(10 ε₀).
 * @module
 */

export interface DualAveragingOptions {
  targetAccept?: number;
  gamma?: number;
  t0?: number;
  kappa?: number;
}

export interface DualAveragingState {
  readonly mu: number;
  readonly count: number;
  /** Running average of (δ − acceptance statistic). */
  readonly sBar: number;
  /** Averaged log step size: the adapted step size is exp(xBar) when warmup ends. */
  readonly xBar: number;
  /** Log step size to use for the next iteration. */
  readonly logStepSize: number;
}

export function dualAveragingInit(stepSize: number): DualAveragingState {
  if (!(stepSize > 0 && Number.isFinite(stepSize)))
    throw new Error(`dual averaging: initial step size must be positive and finite, got ${stepSize}`);
  return { mu: Math.log(10 * stepSize), count: 0, sBar: 0, xBar: 0, logStepSize: Math.log(stepSize) };
}

/** Update with the acceptance statistic of the last transition. */
export function dualAveragingUpdate(
  state: DualAveragingState,
  acceptStat: number,
  { targetAccept = 0.8, gamma = 0.05, t0 = 10, kappa = 0.75 }: DualAveragingOptions = {},
): DualAveragingState {
  const a = Number.isNaN(acceptStat) ? 0 : Math.min(1, acceptStat);
  const count = state.count + 1;
  const eta = 1 / (count + t0);
  const sBar = (1 - eta) * state.sBar + eta * (targetAccept - a);
  const logStepSize = state.mu - (sBar * Math.sqrt(count)) / gamma;
  const w = Math.pow(count, -kappa);
  const xBar = (1 - w) * state.xBar + w * logStepSize;
  return { mu: state.mu, count, sBar, xBar, logStepSize };
}

/** The step size to keep for sampling once warmup is over. */
export function dualAveragingFinal(state: DualAveragingState): number {
  return Math.exp(state.xBar);
}
