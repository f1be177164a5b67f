/** The shared SciPy / hand-computed reference values (../shared/fixtures/reference-values.json). */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The entries of reference-values.json these tests use. */
export interface ReferenceValues {
  ks_2samp: {
    x: number[];
    y: number[];
    statistic: number;
    pvalue_exact: number;
    pvalue_asymptotic: number;
    identical_samples: { x: number[]; y: number[]; statistic: number; pvalue: number };
  };
  wasserstein_distance: {
    cases: { u: number[]; v: number[]; u_weights?: number[]; v_weights?: number[]; value: number }[];
  };
  calibration: {
    probs: number[][];
    labels: number[];
    ece_3_bins: number;
    ece_15_bins_guo: number;
    ece_15_bins_lo_inclusive: number;
    brier_multiclass_sum_over_classes: number;
    binary: { p_positive: number[]; labels: number[]; ece_2_bins: number; brier: number };
  };
}

const file = fileURLToPath(new URL("../../../../shared/fixtures/reference-values.json", import.meta.url));

/** Parsed reference values. */
export const reference = JSON.parse(readFileSync(file, "utf8")) as ReferenceValues;
