/**
 * Calibration of predictive action distributions against the actions really taken.
 *
 * Discrete actions: expected calibration error of the top-label confidence (Guo et al. 2017,
 * 15 equal-width bins by default), the Brier score and the negative log-likelihood, with the
 * reliability diagram's bins. Continuous actions: the probability integral transform
 * uᵢ = F(aᵢ | oᵢ) of each true action under its predictive CDF (Dawid 1984; Gneiting, Balabdaoui
 * & Raftery 2007) — a calibrated predictive makes u uniform, so the central (1 − α) interval,
 * which is [F⁻¹(α/2), F⁻¹(1 − α/2)], covers aᵢ exactly when |uᵢ − ½| ≤ (1 − α)/2, with
 * frequency 1 − α.
 * @module
 */
import { brierScore, expectedCalibrationError, negativeLogLikelihood, reliabilityDiagram } from "../metrics/index.js";
import type { ReliabilityBin } from "../metrics/index.js";
import { ndtr } from "../tensor/special.js";
import type { GaussianMixturePredictive } from "./predictive.js";

/** Calibration of discrete predictive probabilities. */
export interface DiscreteCalibration {
  readonly kind: "discrete";
  readonly n: number;
  readonly ece: number;
  readonly brier: number;
  readonly nll: number;
  /** Fraction of rows whose most probable action is the true one. */
  readonly accuracy: number;
  readonly reliability: ReliabilityBin[];
}

/** Calibration of continuous predictive distributions. */
export interface ContinuousCalibration {
  readonly kind: "continuous";
  readonly n: number;
  /** Mean negative log predictive density per row (summed over action dimensions). */
  readonly nll: number;
  /** Empirical coverage of the central intervals, keyed by nominal level ("0.5", "0.8", "0.95"). */
  readonly coverage: Readonly<Record<string, number>>;
  /** PIT values per row and action dimension, `[n, A]`. */
  readonly pit: Float64Array;
}

export type Calibration = DiscreteCalibration | ContinuousCalibration;

/** Calibration of probabilities `[n, K]` (row-major) against action indices. */
export function discreteCalibration(
  probs: Float64Array,
  numActions: number,
  actions: ArrayLike<number>,
  numBins = 15,
): DiscreteCalibration {
  const n = actions.length;
  if (probs.length !== n * numActions)
    throw new RangeError(`calibration: ${probs.length / numActions} probability rows for ${n} actions`);
  const rows = Array.from({ length: n }, (_, i) => clampRow(probs.subarray(i * numActions, (i + 1) * numActions)));
  const labels = Float64Array.from(actions);
  let hits = 0;
  rows.forEach((r, i) => {
    let best = 0;
    for (let j = 1; j < numActions; j++) if (r[j]! > r[best]!) best = j;
    if (best === labels[i]) hits++;
  });
  return {
    kind: "discrete",
    n,
    ece: expectedCalibrationError(rows, labels, { numBins }),
    brier: brierScore(rows, labels),
    nll: negativeLogLikelihood(rows, labels),
    accuracy: hits / n,
    reliability: reliabilityDiagram(rows, labels, { numBins }),
  };
}

/** Probabilities that sum to 1 to rounding: renormalise to absorb cubature round-off. */
function clampRow(r: Float64Array): Float64Array {
  let total = 0;
  for (const v of r) total += v;
  return Float64Array.from(r, (v) => Math.max(v / total, 1e-300));
}

/** The default nominal levels of interval coverage. */
export const COVERAGE_LEVELS: readonly number[] = [0.5, 0.8, 0.95];

/** Calibration of a Gaussian-mixture predictive against actions `[n, A]`. */
export function continuousCalibration(
  pred: GaussianMixturePredictive,
  actions: Float64Array,
  levels: readonly number[] = COVERAGE_LEVELS,
): ContinuousCalibration {
  const { n, numComponents: j, actionDim: a } = pred;
  if (actions.length !== n * a)
    throw new RangeError(`calibration: ${actions.length / a} action rows for ${n} predictions`);
  const pit = new Float64Array(n * a);
  let nll = 0;
  for (let i = 0; i < n; i++)
    for (let q = 0; q < a; q++) {
      const x = actions[i * a + q]!;
      let cdf = 0;
      let maxLog = -Infinity;
      const logs = new Float64Array(j);
      for (let c = 0; c < j; c++) {
        const w = Math.exp(pred.logWeights[i * j + c]!);
        const mu = pred.means[(i * j + c) * a + q]!;
        const sd = pred.sds[(i * j + c) * a + q]!;
        const zz = (x - mu) / sd;
        cdf += w * ndtr(zz);
        logs[c] = pred.logWeights[i * j + c]! - 0.5 * zz * zz - Math.log(sd) - 0.5 * Math.log(2 * Math.PI);
        maxLog = Math.max(maxLog, logs[c]!);
      }
      let total = 0;
      for (let c = 0; c < j; c++) total += Math.exp(logs[c]! - maxLog);
      nll -= maxLog + Math.log(total);
      pit[i * a + q] = cdf;
    }
  const coverage: Record<string, number> = {};
  for (const level of levels) {
    let inside = 0;
    for (const u of pit) if (Math.abs(u - 0.5) <= level / 2) inside++;
    coverage[String(level)] = inside / pit.length;
  }
  return { kind: "continuous", n, nll: nll / n, coverage, pit };
}
