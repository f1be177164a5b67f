/**
 * The summary table as aligned text, like Stan's `print` and ArviZ's `summary`.
 * @module
 */
import type { SamplerDiagnostics } from "./sampler-diagnostics.js";
import type { Summary, SummaryRow } from "./summary.js";

interface Column {
  header: string;
  cell: (row: SummaryRow) => string;
}

const COLUMNS: readonly Column[] = [
  { header: "mean", cell: (r) => formatStatistic(r.mean) },
  { header: "sd", cell: (r) => formatStatistic(r.sd) },
  { header: "5%", cell: (r) => formatStatistic(r.q5) },
  { header: "50%", cell: (r) => formatStatistic(r.q50) },
  { header: "95%", cell: (r) => formatStatistic(r.q95) },
  { header: "mcse_mean", cell: (r) => formatStatistic(r.mcseMean) },
  { header: "mcse_sd", cell: (r) => formatStatistic(r.mcseSd) },
  { header: "ess_bulk", cell: (r) => formatCount(r.essBulk) },
  { header: "ess_tail", cell: (r) => formatCount(r.essTail) },
  // Three decimals: at two, 1.014 would print as 1.01 and hide that it exceeds the 1.01 threshold.
  { header: "r_hat", cell: (r) => (Number.isNaN(r.rHat) ? "NaN" : r.rHat.toFixed(3)) },
];

/**
 * Render a summary as an aligned text table: a header row, then one row per parameter with the
 * name left-aligned and the numbers right-aligned. When the summary carries sampler
 * diagnostics, a line with divergences, tree-depth saturation and E-BFMI comes first, followed
 * by a warning line for each problem found.
 *
 * Statistics print with 3 decimals (exponent notation outside [0.001, 100000)), ESS as whole
 * numbers, R-hat with 3 decimals, undefined values as NaN.
 */
export function formatSummary(summary: Summary | readonly SummaryRow[]): string {
  const rows = isRows(summary) ? summary : summary.rows;
  const sampler = isRows(summary) ? undefined : summary.sampler;
  const table = [["", ...COLUMNS.map((c) => c.header)], ...rows.map((r) => [r.name, ...COLUMNS.map((c) => c.cell(r))])];
  const widths = table[0]!.map((_, k) => Math.max(...table.map((line) => line[k]!.length)));
  const lines = table.map((line) =>
    line
      .map((cell, k) => (k === 0 ? cell.padEnd(widths[k]!) : cell.padStart(widths[k]!)))
      .join("  ")
      .trimEnd(),
  );
  return [...(sampler ? samplerLines(sampler) : []), ...lines].join("\n");
}

/** The sampler diagnostics line and its warnings. */
export function samplerLines(d: SamplerDiagnostics): string[] {
  const chains = d.ebfmi.length;
  const lines = [
    `${chains} chain${chains === 1 ? "" : "s"}, ${d.numDraws} draws; ` +
      `divergences: ${d.divergences} (${percent(d.divergences, d.numDraws)}); ` +
      `tree depth ${d.maxTreeDepth} reached: ${d.treeDepthSaturated} (${percent(d.treeDepthSaturated, d.numDraws)}); ` +
      `E-BFMI: ${d.ebfmi.map((e) => e.toFixed(2)).join(", ")}`,
  ];
  if (d.divergences > 0) {
    lines.push(
      `warning: ${d.divergences} divergent transitions; the draws may be biased (reparameterise or raise target acceptance)`,
    );
  }
  if (d.treeDepthSaturated > 0) {
    lines.push(`warning: ${d.treeDepthSaturated} transitions stopped at the maximum tree depth ${d.maxTreeDepth}`);
  }
  if (d.lowEbfmiChains.length > 0) {
    lines.push(
      `warning: E-BFMI below ${d.ebfmiThreshold} in chain${d.lowEbfmiChains.length === 1 ? "" : "s"} ${d.lowEbfmiChains.join(", ")} (0-based)`,
    );
  }
  return lines;
}

function formatStatistic(x: number): string {
  if (Number.isNaN(x)) return "NaN";
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return x.toExponential(2);
  return x.toFixed(3);
}

function formatCount(x: number): string {
  return Number.isNaN(x) ? "NaN" : Math.round(x).toString();
}

function percent(part: number, whole: number): string {
  return `${whole === 0 ? 0 : ((100 * part) / whole).toFixed(1)}%`;
}

function isRows(s: Summary | readonly SummaryRow[]): s is readonly SummaryRow[] {
  return Array.isArray(s);
}
