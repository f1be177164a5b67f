/**
 * Pairs plot: a scatter matrix of a few parameters (lower triangle), marginal histograms on the
 * diagonal, coloured by chain.
 * @module
 */
import type { PosteriorDraws } from "../types.js";
import { CATEGORY_COLORS, REFERENCE_COLOR, seriesColors } from "../theme.js";
import {
  checkPosterior,
  defaultNumBins,
  extent,
  histogram,
  pooledColumn,
  selectParameters,
  thinIndices,
} from "./data.js";
import { type ChartSpec, withTheme } from "./spec.js";

/** Options of {@link pairsSpec}. */
export interface PairsOptions {
  /** Parameters to show, in order (default: the first four); at most `maxParameters` are used. */
  parameters?: string[];
  /** Most parameters in the matrix (default 4: beyond that the cells get too small to read). */
  maxParameters?: number;
  /** Most points per scatter cell (default 1000), chosen by {@link thinIndices} over all chains. */
  maxPoints?: number;
  /** Side of one cell in pixels (default 130). */
  cellSize?: number;
}

/** The name of the thinned draws in the spec's `datasets`. */
export const PAIRS_DATASET = "draws";

/**
 * The thinned draws of the chosen parameters: at most `maxPoints` rows `{chain, p0, p1, …}`,
 * taken evenly over the chains-concatenated draws (deterministic; see {@link thinIndices}).
 */
export function pairsPoints(
  posterior: PosteriorDraws,
  columns: readonly number[],
  maxPoints: number,
): Record<string, number | string>[] {
  const numDraws = posterior.draws[0]!.length;
  return thinIndices(numDraws * posterior.draws.length, maxPoints).map((k) => {
    const c = Math.floor(k / numDraws);
    const draw = posterior.draws[c]![k % numDraws]!;
    const row: Record<string, number | string> = { chain: `chain ${c + 1}` };
    columns.forEach((j, i) => (row[`p${i}`] = draw[j]!));
    return row;
  });
}

/**
 * A Vega-Lite spec of the pairs plot of up to four parameters: row i, column j < i shows draws of
 * parameter j (x) against parameter i (y), thinned to at most `maxPoints` points and coloured by
 * chain; the diagonal shows each parameter's histogram. True values, when given, are crosses and
 * rules. Each parameter keeps one axis range throughout the matrix so the cells line up.
 */
export function pairsSpec(posterior: PosteriorDraws, options: PairsOptions = {}): ChartSpec {
  checkPosterior("pairsSpec", posterior);
  const { maxParameters = 4, maxPoints = 1000, cellSize = 130 } = options;
  if (!Number.isInteger(maxPoints) || maxPoints < 1) {
    throw new Error(`pairsSpec: maxPoints must be a positive integer, got ${maxPoints}`);
  }
  const columns = selectParameters("pairsSpec", posterior.names, options.parameters, maxParameters);
  const names = columns.map((j) => posterior.names[j]!);
  const truth = posterior.truth;
  const domains = columns.map((j) => {
    const values = pooledColumn(posterior, j);
    return extent(truth === undefined ? values : [...values, truth[j]!]);
  });
  const chains = posterior.draws.map((_, c) => `chain ${c + 1}`);
  const color = {
    field: "chain",
    type: "nominal",
    title: "chain",
    scale: seriesColors(chains),
  };
  const axis = (i: number, title: string) => ({
    field: `p${i}`,
    type: "quantitative",
    title,
    scale: { domain: domains[i], nice: false, zero: false },
  });
  const cell = (i: number, j: number): Record<string, unknown> => {
    if (i === j) {
      const values = pooledColumn(posterior, columns[i]!);
      const bins = histogram(values, defaultNumBins(values.length), domains[i]);
      const layer: Record<string, unknown>[] = [
        {
          data: { values: bins },
          mark: { type: "bar", color: CATEGORY_COLORS[0], opacity: 0.85 },
          encoding: {
            x: {
              field: "lo",
              type: "quantitative",
              title: names[i],
              scale: { domain: domains[i], nice: false, zero: false },
            },
            x2: { field: "hi" },
            y: { field: "density", type: "quantitative", title: "density" },
            y2: { datum: 0 },
          },
        },
      ];
      if (truth !== undefined) {
        layer.push({
          data: { values: [{ truth: truth[columns[i]!] }] },
          mark: { type: "rule", color: REFERENCE_COLOR, strokeWidth: 2 },
          encoding: { x: { field: "truth", type: "quantitative", title: names[i] } },
        });
      }
      return { width: cellSize, height: cellSize, layer };
    }
    const layer: Record<string, unknown>[] = [
      {
        data: { name: PAIRS_DATASET },
        mark: { type: "circle", size: 9, opacity: 0.45, aria: false },
        encoding: { x: axis(j, names[j]!), y: axis(i, names[i]!), color },
      },
    ];
    if (truth !== undefined) {
      const at: Record<string, number> = {};
      at[`p${j}`] = truth[columns[j]!]!;
      at[`p${i}`] = truth[columns[i]!]!;
      layer.push({
        data: { values: [at] },
        mark: { type: "point", shape: "cross", filled: true, size: 120, opacity: 1, color: REFERENCE_COLOR },
        encoding: { x: axis(j, names[j]!), y: axis(i, names[i]!) },
      });
    }
    return { width: cellSize, height: cellSize, layer };
  };
  const rows = columns.map((_, i) => ({ hconcat: columns.slice(0, i + 1).map((_, j) => cell(i, j)) }));
  const numPoints = Math.min(maxPoints, posterior.draws.length * posterior.draws[0]!.length);
  const subtitle =
    `${numPoints} draws shown (evenly thinned), coloured by chain` + (truth !== undefined ? "; cross: true value" : "");
  return withTheme({
    title: { text: "Posterior pairs", subtitle },
    datasets: { [PAIRS_DATASET]: pairsPoints(posterior, columns, maxPoints) },
    vconcat: rows,
  });
}
