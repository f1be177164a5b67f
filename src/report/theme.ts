/**
 * The shared look of every chart: one font stack, one set of sizes, and a colour-blind-safe
 * palette (Okabe & Ito 2008, "Color Universal Design"), with fixed colours for the methods the
 * report compares so "Bayesian" is the same blue in every chart.
 * @module
 */
import type { Config } from "vega-lite";

/** Font stack of charts and page. */
export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** The Okabe–Ito palette, black first. */
export const OKABE_ITO = [
  "#000000",
  "#E69F00",
  "#56B4E9",
  "#009E73",
  "#F0E442",
  "#0072B2",
  "#D55E00",
  "#CC79A7",
] as const;

/** Categorical colours for series without a fixed colour (chains, unnamed methods); yellow last, it is faint on white. */
export const CATEGORY_COLORS: readonly string[] = [
  "#0072B2",
  "#E69F00",
  "#009E73",
  "#CC79A7",
  "#D55E00",
  "#56B4E9",
  "#000000",
  "#F0E442",
];

/** Fixed colours of the methods the report compares (matched case-insensitively). */
export const METHOD_COLORS: Readonly<Record<string, string>> = {
  bayesian: "#0072B2",
  nominal: "#E69F00",
  oracle: "#555555",
  observed: "#333333",
  simulated: "#0072B2",
};

/** Colour of reference marks: true values, the diagonal of a reliability diagram. */
export const REFERENCE_COLOR = "#D55E00";

/** Default size of one chart panel, in pixels. */
export const PANEL = { width: 220, height: 150 } as const;

/** The Vega-Lite config shared by every chart. */
export const THEME: Config = {
  background: "white",
  padding: 8,
  font: FONT,
  view: { stroke: null },
  title: { fontSize: 14, fontWeight: 600, anchor: "start", subtitleFontSize: 11, subtitleColor: "#555" },
  axis: {
    labelFontSize: 10,
    titleFontSize: 11,
    titleFontWeight: 600,
    grid: true,
    gridColor: "#ececec",
    domainColor: "#888",
    tickColor: "#888",
    labelColor: "#333",
    titleColor: "#222",
  },
  legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 600, orient: "right" },
  header: { labelFontSize: 11, titleFontSize: 12 },
  range: { category: [...CATEGORY_COLORS] },
  bar: { binSpacing: 0 },
  concat: { spacing: 24 },
};

/**
 * Colour scale domain and range for series labels: known methods get their fixed colour, the
 * others the categorical colours in order (skipping those already taken), so that a legend's
 * colours do not depend on which other methods happen to be present.
 */
export function seriesColors(labels: readonly string[]): { domain: string[]; range: string[] } {
  const used = new Set<string>();
  for (const label of labels) {
    const fixed = METHOD_COLORS[label.toLowerCase()];
    if (fixed !== undefined) used.add(fixed);
  }
  const free = CATEGORY_COLORS.filter((c) => !used.has(c));
  let next = 0;
  const range = labels.map((label) => {
    const fixed = METHOD_COLORS[label.toLowerCase()];
    if (fixed !== undefined) return fixed;
    const c = free[next % free.length]!;
    next++;
    return c;
  });
  return { domain: [...labels], range };
}
