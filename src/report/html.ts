/**
 * The HTML report: one self-contained page (inline CSS, inline SVG charts, no scripts, no external
 * URLs) that reads top-down from the answer to the evidence — headline, calibration, regret,
 * posterior summary, marginals, pairs, traces, predictive checks, configuration, provenance.
 * The page is also well-formed XML (polyglot XHTML), so it can be checked strictly.
 * @module
 */
import { writeFileAtomic } from "../nn/safetensors-file.js";
import type { ChartSpec } from "./charts/spec.js";
import { marginalsSpec } from "./charts/marginals.js";
import { pairsSpec } from "./charts/pairs.js";
import { tracesSpec } from "./charts/traces.js";
import { reliabilitySpec } from "./charts/reliability.js";
import { regretSpec } from "./charts/regret.js";
import { ppcSpec } from "./charts/ppc.js";
import { checkFinite } from "./charts/data.js";
import { checkRegretRows } from "./charts/regret.js";
import { escapeHtml, formatNumber } from "./format.js";
import { renderSvg } from "./render-svg.js";
import { FONT } from "./theme.js";
import {
  type CalibrationRow,
  MAX_PLOTTED_PARAMETERS,
  type RegretRow,
  type ReportInput,
  type Scalar,
  type SummaryRow,
} from "./types.js";

/** Section ids of the page, in page order. */
export const REPORT_SECTIONS = [
  "headline",
  "calibration",
  "regret",
  "summary",
  "marginals",
  "pairs",
  "traces",
  "ppc",
  "configuration",
  "provenance",
] as const;

/** One section id of the page. */
export type ReportSection = (typeof REPORT_SECTIONS)[number];

/** Headings of the sections. */
const SECTION_TITLES: Record<ReportSection, string> = {
  headline: "Headline",
  calibration: "Calibration",
  regret: "Regret",
  summary: "Posterior summary",
  marginals: "Posterior marginals",
  pairs: "Posterior pairs",
  traces: "Traces",
  ppc: "Posterior predictive checks",
  configuration: "Configuration",
  provenance: "Provenance",
};

/** R-hat at or above this is flagged (Vehtari et al. 2021 recommend R-hat < 1.01). */
export const RHAT_FLAG = 1.01;

/** Bulk or tail ESS below this is flagged (Vehtari et al. 2021: at least 100 per chain, 4 chains). */
export const ESS_FLAG = 400;

const STYLE = `
body { font-family: ${FONT}; color: #1d1d1f; background: #fafafa; margin: 0; line-height: 1.45; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 64px; background: white; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 36px 0 10px; padding-top: 8px; border-top: 1px solid #e5e5e5; }
h3 { font-size: 15px; margin: 18px 0 6px; }
p.meta { color: #666; margin: 0 0 12px; font-size: 13px; }
p.note { color: #555; font-size: 13px; margin: 6px 0; }
nav { font-size: 13px; margin: 8px 0 16px; }
nav a { margin-right: 12px; color: #0072B2; text-decoration: none; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 14px 0; }
.card { border: 1px solid #e0e0e0; border-radius: 6px; padding: 8px 14px; min-width: 120px; background: #fcfcfc; }
.card .value { font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
.card .label { font-size: 12px; color: #666; }
.card.flag { border-color: #D55E00; background: #fff4ec; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0 14px; }
th, td { padding: 4px 10px; border-bottom: 1px solid #eee; text-align: right; }
th { background: #f4f4f4; font-weight: 600; }
th:first-child, td:first-child, td.text { text-align: left; }
td { font-variant-numeric: tabular-nums; }
td.flag { color: #b34700; font-weight: 600; background: #fff4ec; }
td code { font-size: 12px; white-space: pre-wrap; word-break: break-all; }
figure { margin: 10px 0 18px; overflow-x: auto; }
figure svg { max-width: none; height: auto; }
`;

/** An element with escaped text content. */
function el(tag: string, text: string, attrs = ""): string {
  return `<${tag}${attrs}>${escapeHtml(text)}</${tag}>`;
}

/** A table from a header row and body rows of pre-rendered cells. */
function table(header: readonly string[], rows: readonly string[][], rowClass?: (i: number) => string): string {
  const head = `<tr>${header.map((h) => el("th", h)).join("")}</tr>`;
  const body = rows
    .map((cells, i) => {
      const cls = rowClass?.(i) ?? "";
      return `<tr${cls === "" ? "" : ` class="${cls}"`}>${cells.join("")}</tr>`;
    })
    .join("\n");
  return `<table>\n<thead>${head}</thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** A numeric cell. */
function num(x: number | null | undefined, digits = 3): string {
  return el("td", formatNumber(x, digits));
}

/** A text cell. */
function text(s: string): string {
  return el("td", s, ' class="text"');
}

/** A scalar shown as text. */
function scalar(v: Scalar | undefined): string {
  if (typeof v === "number") return formatNumber(v, 4);
  if (v === null || v === undefined) return "—";
  return String(v);
}

/** Compact JSON of a nested value; values JSON cannot hold (cycles, BigInt) are named, not thrown. */
function json(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch (e) {
    return `(not JSON-serialisable: ${(e as Error).message})`;
  }
}

/** A key/value table; nested values are shown as compact JSON. */
function keyValueTable(record: Record<string, unknown>): string {
  const rows = Object.entries(record).map(([k, v]) => {
    const shown =
      v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean"
        ? text(scalar(v))
        : `<td class="text"><code>${escapeHtml(json(v))}</code></td>`;
    return [text(k), shown];
  });
  return table(["key", "value"], rows);
}

/** A section with its heading. */
function section(id: ReportSection, title: string, body: string): string {
  return `<section id="${id}">\n<h2>${escapeHtml(title)}</h2>\n${body}\n</section>`;
}

/** A figure holding a rendered chart; ids in the SVG are prefixed with the section id. */
async function figure(spec: ChartSpec, idPrefix: string): Promise<string> {
  return `<figure>${await renderSvg(spec, { idPrefix })}</figure>`;
}

/** Whether a summary row has R-hat or ESS beyond the thresholds (NaN and null are not flagged). */
export function rowFlags(row: SummaryRow): { rHat: boolean; essBulk: boolean; essTail: boolean } {
  const high = (x: unknown, t: number) => typeof x === "number" && x >= t;
  const low = (x: unknown, t: number) => typeof x === "number" && x < t;
  return { rHat: high(row.rHat, RHAT_FLAG), essBulk: low(row.essBulk, ESS_FLAG), essTail: low(row.essTail, ESS_FLAG) };
}

/** A key figure of the headline. */
interface Card {
  label: string;
  value: string;
  flag?: boolean;
}

/** The headline figures: given ones first, then what the sections imply. */
function headlineCards(input: ReportInput): Card[] {
  const cards: Card[] = Object.entries(input.keyNumbers ?? {}).map(([label, v]) => ({ label, value: scalar(v) }));
  const p = input.posterior;
  if (p !== undefined) {
    cards.push({ label: "parameters", value: String(p.names.length) });
    cards.push({ label: "chains × draws", value: `${p.draws.length} × ${p.draws[0]?.length ?? 0}` });
  }
  const rows = input.summaryRows;
  if (rows !== undefined && rows.length > 0) {
    const rHats = rows.map((r) => r.rHat).filter((x) => typeof x === "number" && !Number.isNaN(x));
    const ess = rows
      .map((r) => Math.min(r.essBulk, r.essTail))
      .filter((x) => typeof x === "number" && !Number.isNaN(x));
    if (rHats.length > 0) {
      const max = Math.max(...rHats);
      cards.push({ label: "max R-hat", value: formatRHat(max), flag: max >= RHAT_FLAG });
    }
    if (ess.length > 0) {
      const min = Math.min(...ess);
      cards.push({ label: "min ESS (bulk, tail)", value: formatNumber(Math.round(min)), flag: min < ESS_FLAG });
    }
  }
  const divergences = input.diagnostics?.["divergences"];
  if (typeof divergences === "number") {
    cards.push({ label: "divergences", value: formatNumber(divergences), flag: divergences > 0 });
  }
  for (const c of input.calibration ?? []) cards.push({ label: `ECE, ${c.method}`, value: formatNumber(c.ece) });
  for (const r of input.regret ?? []) {
    if (r.method.toLowerCase() === "oracle") continue;
    cards.push({ label: `regret, ${r.method}, ${r.perturbationSet}`, value: formatNumber(r.regret) });
  }
  return cards;
}

/** The headline: title, creation time, what was fitted, key figures, and a table of contents. */
function headline(input: ReportInput, present: readonly ReportSection[]): string {
  const parts = [el("h1", input.title)];
  if (input.createdAt !== undefined) parts.push(el("p", `created ${input.createdAt}`, ' class="meta"'));
  for (const line of input.summary ?? []) parts.push(el("p", line));
  const cards = headlineCards(input);
  if (cards.length > 0) {
    const html = cards.map(
      (c) =>
        `<div class="card${c.flag === true ? " flag" : ""}"><div class="value">${escapeHtml(c.value)}</div>` +
        `<div class="label">${escapeHtml(c.label)}</div></div>`,
    );
    parts.push(`<div class="cards">\n${html.join("\n")}\n</div>`);
  }
  const links = present
    .filter((s) => s !== "headline")
    .map((s) => `<a href="#${s}">${escapeHtml(SECTION_TITLES[s])}</a>`);
  if (links.length > 0) parts.push(`<nav>${links.join(" ")}</nav>`);
  return `<section id="headline">\n${parts.join("\n")}\n</section>`;
}

/** The calibration table; coverage columns only when some row has them. */
function calibrationTable(rows: readonly CalibrationRow[]): string {
  const levels = (["coverage50", "coverage80", "coverage95"] as const).filter((k) =>
    rows.some((r) => r[k] !== undefined),
  );
  const header = ["method", "ECE", "Brier", "NLL", ...levels.map((k) => `coverage ${k.slice(8)}%`)];
  return table(
    header,
    rows.map((r) => [text(r.method), num(r.ece), num(r.brier), num(r.nll), ...levels.map((k) => num(r[k]))]),
  );
}

/** The regret table: set, method, mean return ± s.e., regret. */
function regretTable(rows: readonly RegretRow[]): string {
  return table(
    ["perturbation set", "method", "mean return", "± s.e.", "regret"],
    rows.map((r) => [text(r.perturbationSet), text(r.method), num(r.meanReturn), num(r.standardError), num(r.regret)]),
  );
}

/** R-hat with three decimals ("—" when undefined). */
function formatRHat(x: number | null): string {
  return typeof x === "number" && Number.isFinite(x) ? x.toFixed(3) : formatNumber(x);
}

/** The posterior summary table with R-hat and ESS flags. */
function summaryTable(rows: readonly SummaryRow[]): string {
  const flagged = (on: boolean, x: number, digits: number, why: string) =>
    on ? `<td class="flag" title="${escapeHtml(why)}">⚠ ${escapeHtml(formatNumber(x, digits))}</td>` : num(x, digits);
  const body = rows.map((r) => {
    const f = rowFlags(r);
    return [
      text(r.name),
      num(r.mean),
      num(r.sd),
      num(r.q5),
      num(r.q50),
      num(r.q95),
      // R-hat to three decimals always: 1.000 and 1.010 must not both read "1" and "1.01"
      f.rHat
        ? `<td class="flag" title="R-hat &gt;= ${RHAT_FLAG}">⚠ ${formatRHat(r.rHat)}</td>`
        : `<td>${formatRHat(r.rHat)}</td>`,
      flagged(f.essBulk, r.essBulk === null ? r.essBulk : Math.round(r.essBulk), 4, `bulk ESS < ${ESS_FLAG}`),
      flagged(f.essTail, r.essTail === null ? r.essTail : Math.round(r.essTail), 4, `tail ESS < ${ESS_FLAG}`),
    ];
  });
  const numFlagged = rows.filter((r) => Object.values(rowFlags(r)).some(Boolean)).length;
  return (
    table(["parameter", "mean", "sd", "5%", "50%", "95%", "R-hat", "ESS bulk", "ESS tail"], body, (i) =>
      Object.values(rowFlags(rows[i]!)).some(Boolean) ? "flagged" : "",
    ) +
    `\n<p class="note">⚠ marks R-hat ≥ ${RHAT_FLAG} or ESS &lt; ${ESS_FLAG} (Vehtari et al. 2021): ` +
    `${numFlagged} of ${rows.length} parameter(s) flagged.</p>`
  );
}

/** Check calibration rows: a method name, finite ECE, Brier and NLL, coverages in [0, 1] when given. */
function checkCalibrationRows(rows: readonly CalibrationRow[]): void {
  rows.forEach((r, i) => {
    if (typeof r?.method !== "string") throw new Error(`buildReport: calibration row ${i} must have a string method`);
    for (const k of ["ece", "brier", "nll"] as const) checkFinite("buildReport", `calibration row ${i} ${k}`, r[k]);
    for (const k of ["coverage50", "coverage80", "coverage95"] as const) {
      if (r[k] === undefined) continue;
      const c = checkFinite("buildReport", `calibration row ${i} ${k}`, r[k]);
      if (c < 0 || c > 1) throw new Error(`buildReport: calibration row ${i} ${k} must be in [0, 1], got ${c}`);
    }
  });
}

/**
 * Check summary rows: a name and numbers; NaN (or null, as JSON writes NaN) is allowed for an
 * undefined diagnostic such as the R-hat of constant draws.
 */
function checkSummaryRows(rows: readonly SummaryRow[]): void {
  rows.forEach((r, i) => {
    if (typeof r?.name !== "string") throw new Error(`buildReport: summary row ${i} must have a string name`);
    for (const k of ["mean", "sd", "q5", "q50", "q95", "rHat", "essBulk", "essTail"] as const) {
      const v: unknown = r[k];
      if (v !== null && typeof v !== "number") {
        throw new Error(
          `buildReport: summary row ${i} (${r.name}) ${k} must be a number or null, got ${JSON.stringify(v)}`,
        );
      }
    }
  });
}

/** True when an optional array section has content. */
function has<T>(xs: readonly T[] | undefined): xs is readonly T[] {
  return Array.isArray(xs) && xs.length > 0;
}

/**
 * Build the report page for `input`. Sections whose data is absent are left out; every string
 * from the input is HTML-escaped; the output depends only on the input (same input, same bytes).
 * @throws if the title is missing or a section's data is malformed (the message names the value).
 */
export async function buildReport(input: ReportInput): Promise<string> {
  if (input === null || typeof input !== "object")
    throw new Error(`buildReport: expected a report input object, got ${String(input)}`);
  if (typeof input.title !== "string" || input.title.trim() === "") {
    throw new Error(`buildReport: title must be a non-empty string, got ${JSON.stringify(input.title)}`);
  }
  if (has(input.calibration)) checkCalibrationRows(input.calibration);
  if (has(input.regret)) checkRegretRows("buildReport", input.regret);
  if (has(input.summaryRows)) checkSummaryRows(input.summaryRows);
  const body = new Map<ReportSection, string>();

  if (has(input.calibration) || has(input.reliability)) {
    const parts: string[] = [];
    if (has(input.calibration)) parts.push(calibrationTable(input.calibration));
    if (has(input.reliability)) parts.push(await figure(reliabilitySpec(input.reliability), "reliability"));
    body.set("calibration", parts.join("\n"));
  }
  if (has(input.regret)) {
    body.set(
      "regret",
      [
        regretTable(input.regret),
        await figure(regretSpec(input.regret, { measure: "return" }), "return"),
        await figure(regretSpec(input.regret, { measure: "regret" }), "regret"),
      ].join("\n"),
    );
  }
  const diagnostics = input.diagnostics !== undefined && Object.keys(input.diagnostics).length > 0;
  if (has(input.summaryRows) || diagnostics) {
    const parts: string[] = [];
    if (has(input.summaryRows)) parts.push(summaryTable(input.summaryRows));
    if (diagnostics) parts.push(el("h3", "Sampler diagnostics"), keyValueTable(input.diagnostics!));
    body.set("summary", parts.join("\n"));
  }
  if (input.posterior !== undefined) {
    const names = input.posterior.names;
    const parameters = input.plotParameters ?? (Array.isArray(names) ? names.slice(0, MAX_PLOTTED_PARAMETERS) : names);
    const note =
      Array.isArray(names) && Array.isArray(parameters) && parameters.length < names.length
        ? `\n<p class="note">${escapeHtml(`showing ${parameters.length} of ${names.length} parameters`)}</p>`
        : "";
    body.set("marginals", (await figure(marginalsSpec(input.posterior, { parameters }), "marginals")) + note);
    body.set(
      "pairs",
      await figure(pairsSpec(input.posterior, { parameters: input.pairsParameters ?? parameters }), "pairs"),
    );
    body.set("traces", (await figure(tracesSpec(input.posterior, { parameters }), "traces")) + note);
  }
  if (has(input.ppc)) body.set("ppc", await figure(ppcSpec(input.ppc), "ppc"));
  if (input.config !== undefined) body.set("configuration", keyValueTable(input.config));
  if (input.provenance !== undefined) body.set("provenance", keyValueTable(input.provenance));

  const present: ReportSection[] = ["headline", ...REPORT_SECTIONS.filter((s) => body.has(s))];
  const sections = [
    headline(input, present),
    ...REPORT_SECTIONS.filter((s) => body.has(s)).map((s) => section(s, SECTION_TITLES[s], body.get(s)!)),
  ];
  return (
    `<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" lang="en">\n<head>\n<meta charset="utf-8"/>\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"/>\n` +
    `<title>${escapeHtml(input.title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n<main>\n` +
    sections.join("\n") +
    `\n</main>\n</body>\n</html>\n`
  );
}

/**
 * Build the report and write it to `path` atomically (to a temporary file beside it, then
 * renamed), so a reader never sees half a page.
 */
export async function writeReport(path: string, input: ReportInput): Promise<void> {
  const html = await buildReport(input);
  try {
    await writeFileAtomic(path, new TextEncoder().encode(html));
  } catch (e) {
    throw new Error(`writeReport: could not write ${path}: ${(e as Error).message}`, { cause: e });
  }
}
