/**
 * Posterior predictive checks: observed against simulated distributions of summary quantities,
 * as overlaid density histograms (Gelman et al., Bayesian Data Analysis, 3rd ed., ch. 6).
 * @module
 */
import type { PpcItem } from "../types.js";
import { PANEL, seriesColors } from "../theme.js";
import { formatNumber } from "../format.js";
import { checkFinite, checkFiniteArray, defaultNumBins, extent, histogram } from "./data.js";
import { type ChartSpec, withTheme } from "./spec.js";

/** Options of {@link ppcSpec}. */
export interface PpcOptions {
  /** Panels per row (default 2). */
  columns?: number;
  /** Bins per histogram (default: the Rice rule on the smaller sample, 5 … 50). */
  numBins?: number;
  /** Panel size in pixels. */
  width?: number;
  height?: number;
}

/** The panel title of a check: the quantity, with KS statistic, p-value and W1 as subtitle. */
export function ppcTitle(item: PpcItem): { text: string; subtitle: string } {
  return {
    text: item.quantity,
    subtitle:
      `KS D = ${formatNumber(item.ksStatistic)}, p = ${formatNumber(item.ksPValue)}` +
      ` · W1 = ${formatNumber(item.wasserstein1)}`,
  };
}

/** Check one PPC item. */
function checkItem(item: PpcItem, i: number): void {
  const where = "ppcSpec";
  if (typeof item?.quantity !== "string") throw new Error(`${where}: item ${i} must have a string quantity`);
  const what = `"${item.quantity}"`;
  checkFiniteArray(where, `${what} observed`, item.observed);
  checkFiniteArray(where, `${what} simulated`, item.simulated);
  checkFinite(where, `${what} ksStatistic`, item.ksStatistic);
  checkFinite(where, `${what} ksPValue`, item.ksPValue);
  checkFinite(where, `${what} wasserstein1`, item.wasserstein1);
}

/**
 * A Vega-Lite spec with one panel per quantity: density histograms of the observed and the
 * simulated values on shared bins, overlaid (translucent, not stacked), the two-sample KS and
 * Wasserstein-1 figures in the panel title.
 */
export function ppcSpec(items: readonly PpcItem[], options: PpcOptions = {}): ChartSpec {
  if (!Array.isArray(items) || items.length === 0) throw new Error("ppcSpec: expected a non-empty array of checks");
  items.forEach(checkItem);
  const { columns = 2, width = PANEL.width, height = PANEL.height } = options;
  const color = {
    field: "source",
    type: "nominal",
    title: null,
    scale: seriesColors(["observed", "simulated"]),
  };
  const panels = items.map((item) => {
    const range = extent([...item.observed, ...item.simulated]);
    const numBins = options.numBins ?? defaultNumBins(Math.min(item.observed.length, item.simulated.length));
    const values = (["observed", "simulated"] as const).flatMap((source) =>
      histogram(item[source], numBins, range).map((b) => ({ source, ...b })),
    );
    return {
      title: ppcTitle(item),
      width,
      height,
      data: { values },
      mark: { type: "bar", opacity: 0.5 },
      encoding: {
        x: { field: "lo", type: "quantitative", title: item.quantity, scale: { zero: false } },
        x2: { field: "hi" },
        y: { field: "density", type: "quantitative", title: "density", stack: null },
        y2: { datum: 0 },
        color,
      },
    };
  });
  return withTheme({
    title: {
      text: "Posterior predictive checks",
      subtitle: "observed vs simulated, density histograms on shared bins",
    },
    columns,
    concat: panels,
  });
}
