/**
 * Posterior marginals: one density histogram per parameter, with the true value as a rule.
 * @module
 */
import type { PosteriorDraws } from "../types.js";
import { CATEGORY_COLORS, PANEL, REFERENCE_COLOR } from "../theme.js";
import { checkPosterior, defaultNumBins, histogram, pooledColumn, selectParameters } from "./data.js";
import { type ChartSpec, withTheme } from "./spec.js";

/** Options of {@link marginalsSpec}. */
export interface MarginalsOptions {
  /** Parameters to show, in order (default: all). */
  parameters?: string[];
  /** Bins per histogram (default: the Rice rule on the number of draws, 5 … 50). */
  numBins?: number;
  /** Panels per row (default 3). */
  columns?: number;
  /** Panel size in pixels. */
  width?: number;
  height?: number;
}

/**
 * A Vega-Lite spec of the posterior marginals: per parameter a histogram of all draws (chains
 * pooled) scaled to a density, and a vertical rule at the true value when `posterior.truth` is given.
 * The histograms are computed here, so the spec holds bins, not draws.
 */
export function marginalsSpec(posterior: PosteriorDraws, options: MarginalsOptions = {}): ChartSpec {
  const numDraws = checkPosterior("marginalsSpec", posterior);
  const { columns = 3, width = PANEL.width, height = PANEL.height } = options;
  const total = numDraws * posterior.draws.length;
  const numBins = options.numBins ?? defaultNumBins(total);
  const panels = selectParameters("marginalsSpec", posterior.names, options.parameters).map((j) => {
    const name = posterior.names[j]!;
    const bins = histogram(pooledColumn(posterior, j), numBins);
    const layer: Record<string, unknown>[] = [
      {
        data: { values: bins },
        mark: { type: "bar", color: CATEGORY_COLORS[0], opacity: 0.85 },
        encoding: {
          x: { field: "lo", type: "quantitative", title: name, scale: { zero: false } },
          x2: { field: "hi" },
          y: { field: "density", type: "quantitative", title: "density" },
          y2: { datum: 0 },
        },
      },
    ];
    if (posterior.truth !== undefined) {
      layer.push({
        data: { values: [{ truth: posterior.truth[j] }] },
        mark: { type: "rule", color: REFERENCE_COLOR, strokeWidth: 2 },
        encoding: { x: { field: "truth", type: "quantitative", title: name } },
      });
    }
    return { width, height, layer };
  });
  const subtitle =
    `${posterior.draws.length} chain(s) × ${numDraws} draws, pooled` +
    (posterior.truth !== undefined ? "; vertical line: true value" : "");
  return withTheme({ title: { text: "Posterior marginals", subtitle }, columns, concat: panels });
}
