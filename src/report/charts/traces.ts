/**
 * Trace plots: each chain's draws against the draw index, one panel per parameter.
 * @module
 */
import type { PosteriorDraws } from "../types.js";
import { REFERENCE_COLOR, seriesColors } from "../theme.js";
import { checkPosterior, selectParameters, thinIndices } from "./data.js";
import { type ChartSpec, withTheme } from "./spec.js";

/** Options of {@link tracesSpec}. */
export interface TracesOptions {
  /** Parameters to show, in order (default: all). */
  parameters?: string[];
  /** Most draws drawn per chain (default 500), evenly thinned; the draw index stays the original one. */
  maxDrawsPerChain?: number;
  /** Panel size in pixels (default 640 × 90). */
  width?: number;
  height?: number;
}

/**
 * A Vega-Lite spec of trace plots: per parameter a panel with one line per chain (draw index on x,
 * value on y) and a rule at the true value when given. Well-mixed chains overlap as noise around
 * one level; a chain apart from the others, or a trend, shows non-convergence.
 */
export function tracesSpec(posterior: PosteriorDraws, options: TracesOptions = {}): ChartSpec {
  const numDraws = checkPosterior("tracesSpec", posterior);
  const { maxDrawsPerChain = 500, width = 640, height = 90 } = options;
  if (!Number.isInteger(maxDrawsPerChain) || maxDrawsPerChain < 2) {
    throw new Error(`tracesSpec: maxDrawsPerChain must be an integer >= 2, got ${maxDrawsPerChain}`);
  }
  const chains = posterior.draws.map((_, c) => `chain ${c + 1}`);
  const kept = thinIndices(numDraws, maxDrawsPerChain);
  const color = { field: "chain", type: "nominal", title: "chain", scale: seriesColors(chains) };
  const shown = selectParameters("tracesSpec", posterior.names, options.parameters);
  const panels = shown.map((j, panel) => {
    const name = posterior.names[j]!;
    const values = posterior.draws.flatMap((chain, c) =>
      kept.map((d) => ({ chain: chains[c]!, draw: d, value: chain[d]![j]! })),
    );
    const layer: Record<string, unknown>[] = [
      {
        data: { values },
        mark: { type: "line", strokeWidth: 0.8, opacity: 0.8, aria: false },
        encoding: {
          x: {
            field: "draw",
            type: "quantitative",
            // the panels share the draw axis: its title once, under the last panel
            title: panel === shown.length - 1 ? "draw" : null,
            scale: { domain: [0, Math.max(1, numDraws - 1)], nice: false },
            axis: { tickCount: 8 },
          },
          y: { field: "value", type: "quantitative", title: name, scale: { zero: false } },
          color,
        },
      },
    ];
    if (posterior.truth !== undefined) {
      layer.push({
        data: { values: [{ truth: posterior.truth[j] }] },
        mark: { type: "rule", color: REFERENCE_COLOR, strokeWidth: 1.5, strokeDash: [4, 3] },
        encoding: { y: { field: "truth", type: "quantitative", title: name } },
      });
    }
    return { width, height, layer };
  });
  const subtitle =
    `${chains.length} chain(s) × ${numDraws} draws` +
    (kept.length < numDraws ? ` (thinned to ${kept.length} per chain)` : "") +
    (posterior.truth !== undefined ? "; dashed: true value" : "");
  return withTheme({ title: { text: "Traces", subtitle }, vconcat: panels });
}
