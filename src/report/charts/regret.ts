/**
 * Return and regret per method, grouped by perturbation set.
 * @module
 */
import type { RegretRow } from "../types.js";
import { seriesColors } from "../theme.js";
import { checkFinite } from "./data.js";
import { type ChartSpec, withTheme } from "./spec.js";

/** What {@link regretSpec} draws. */
export type RegretMeasure = "return" | "regret";

/** Options of {@link regretSpec}. */
export interface RegretOptions {
  /** `"return"` (default): mean return ± one standard error; `"regret"`: regret bars. */
  measure?: RegretMeasure;
  /** Height in pixels (default 220). */
  height?: number;
}

/** Check regret rows: strings for method and set, finite numbers, s.e. >= 0, each (method, set) once. */
export function checkRegretRows(where: string, rows: readonly RegretRow[]): void {
  if (!Array.isArray(rows) || rows.length === 0) throw new Error(`${where}: expected a non-empty array of regret rows`);
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    if (typeof r?.method !== "string" || typeof r.perturbationSet !== "string") {
      throw new Error(`${where}: row ${i} must have string method and perturbationSet`);
    }
    checkFinite(where, `row ${i} meanReturn`, r.meanReturn);
    checkFinite(where, `row ${i} regret`, r.regret);
    const se = checkFinite(where, `row ${i} standardError`, r.standardError);
    if (se < 0) throw new Error(`${where}: row ${i} standardError must be >= 0, got ${se}`);
    const id = JSON.stringify([r.method, r.perturbationSet]);
    if (seen.has(id)) {
      throw new Error(`${where}: method "${r.method}" on set "${r.perturbationSet}" appears twice`);
    }
    seen.add(id);
  });
}

/** Distinct values in order of first appearance. */
function ordered(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * A Vega-Lite spec of grouped bars: per perturbation set one bar per method, in the order the
 * rows give them. With `measure: "return"` each bar is the mean return with a ± 1 s.e. error bar;
 * with `"regret"` the bars are the regrets (oracle return minus the method's).
 */
export function regretSpec(rows: readonly RegretRow[], options: RegretOptions = {}): ChartSpec {
  checkRegretRows("regretSpec", rows);
  const { measure = "return", height = 220 } = options;
  if (measure !== "return" && measure !== "regret") {
    throw new Error(`regretSpec: measure must be "return" or "regret", got ${String(measure)}`);
  }
  const methods = ordered(rows.map((r) => r.method));
  const sets = ordered(rows.map((r) => r.perturbationSet));
  const values = rows.map((r) => ({
    method: r.method,
    set: r.perturbationSet,
    value: measure === "return" ? r.meanReturn : r.regret,
    lo: r.meanReturn - r.standardError,
    hi: r.meanReturn + r.standardError,
  }));
  const title = measure === "return" ? "mean return" : "regret";
  const x = { field: "set", type: "nominal", title: "perturbation set", sort: sets, axis: { labelAngle: 0 } };
  const xOffset = { field: "method", type: "nominal", sort: methods };
  const color = { field: "method", type: "nominal", title: "method", scale: seriesColors(methods) };
  const layer: Record<string, unknown>[] = [
    {
      mark: { type: "bar", opacity: 0.9 },
      encoding: { x, xOffset, color, y: { field: "value", type: "quantitative", title } },
    },
  ];
  if (measure === "return") {
    layer.push({
      mark: { type: "rule", color: "#222", strokeWidth: 1.5 },
      encoding: { x, xOffset, y: { field: "lo", type: "quantitative", title }, y2: { field: "hi" } },
    });
  }
  return withTheme({
    title: {
      text: measure === "return" ? "Return by method" : "Regret by method",
      subtitle: measure === "return" ? "mean episode return ± 1 standard error" : "oracle return minus method return",
    },
    // with xOffset, the step is the width of one method's bar slot
    width: { step: 34 },
    height,
    data: { values },
    layer,
  });
}
