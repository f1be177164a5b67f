/**
 * `policy-posterior report`: one HTML page from a posterior file and, optionally, the JSON files
 * of `calibrate` (a {@link CalibrationFile}), of regret (`RegretRow[]`) and of posterior
 * predictive checks (`PpcItem[]`) — the shapes of `report/types.ts`, so any producer (the demo,
 * a script) writes them directly.
 * @module
 */
import type { PolicyPosterior } from "../../policy/sampler.js";
import { writeReport } from "../../report/html.js";
import type {
  CalibrationRow,
  PosteriorDraws,
  PpcItem,
  RegretRow,
  ReliabilitySeries,
  ReportInput,
  Scalar,
} from "../../report/types.js";
import { UsageError } from "../args.js";
import type { Command, CommandContext, CommandResult } from "../command.js";
import { CALIBRATION_FORMAT, type CalibrationFile } from "./calibrate.js";
import { noPositionals, openPosterior, outputPath, readJsonOption, requireString } from "./policy-common.js";

function elementNames(site: string, shape: readonly number[]): string[] {
  const total = shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: total }, (_, j) => {
    if (shape.length === 0) return site;
    const idx = new Array<number>(shape.length);
    for (let a = shape.length - 1; a >= 0; a--) {
      idx[a] = j % shape[a]!;
      j = Math.floor(j / shape[a]!);
    }
    return `${site}[${idx.join(",")}]`;
  });
}

/**
 * The posterior's draws as `draws[chain][draw][parameter]`, parameters in site order and
 * row-major within a site (the order and names of the summary table).
 */
export function posteriorDraws(p: PolicyPosterior): PosteriorDraws {
  const { numChains, numDraws, sites } = p.draws;
  const entries = Object.entries(sites);
  const names = entries.flatMap(([s, t]) => elementNames(s, t.shape.slice(2)));
  const draws: number[][][] = [];
  for (let c = 0; c < numChains; c++) {
    const chain: number[][] = [];
    for (let i = 0; i < numDraws; i++) {
      const row: number[] = [];
      for (const [, t] of entries) {
        const w = t.size / (numChains * numDraws);
        const off = (c * numDraws + i) * w;
        for (let j = 0; j < w; j++) row.push(t.data[off + j]!);
      }
      chain.push(row);
    }
    draws.push(chain);
  }
  return { names, draws };
}

function diagnosticsOf(p: PolicyPosterior): Record<string, Scalar> {
  const d = p.diagnostics;
  const s = p.draws.summary.sampler;
  return {
    engine: p.draws.engine,
    chains: p.draws.numChains,
    "draws per chain": p.draws.numDraws,
    "max R-hat": d.maxRhat,
    "min bulk ESS": d.minEssBulk,
    "min tail ESS": d.minEssTail,
    divergences: d.divergences,
    converged: d.converged,
    ...(s
      ? {
          "tree depth saturated": s.treeDepthSaturated,
          "max tree depth": s.maxTreeDepth,
          "min E-BFMI": s.ebfmi.length ? Math.min(...s.ebfmi) : null,
          "low E-BFMI chains": s.lowEbfmiChains.length,
        }
      : {}),
    ...(p.draws.convergedAtStep !== undefined ? { "SVI converged at step": p.draws.convergedAtStep } : {}),
    "sampling seconds": p.draws.seconds,
  };
}

function isNumber(x: unknown): x is number {
  return typeof x === "number" || x === null; // JSON writes NaN as null
}

function num(x: unknown): number {
  return x === null || x === undefined ? NaN : (x as number);
}

/** A calibration file (from `calibrate`) as report rows and reliability series. */
export function calibrationSections(
  f: unknown,
  option = "calibration",
): { rows: CalibrationRow[]; reliability: ReliabilitySeries[]; notes: string[] } {
  const c = f as CalibrationFile;
  if (c === null || typeof c !== "object" || c.format !== CALIBRATION_FORMAT || !Array.isArray(c.methods))
    throw new UsageError(`--${option}: expected the JSON written by 'calibrate --out' (format ${CALIBRATION_FORMAT})`);
  const rows: CalibrationRow[] = [];
  const reliability: ReliabilitySeries[] = [];
  c.methods.forEach((m, i) => {
    if (typeof m?.method !== "string" || !isNumber(m.nll))
      throw new UsageError(`--${option}: methods[${i}] needs a string method and a numeric nll`);
    // Continuous actions have no ECE or Brier score; their counterparts fill those columns
    // (the report needs finite values there) and a note under the headline says so.
    const continuous = c.kind === "continuous";
    rows.push({
      method: m.method,
      ece: num(continuous ? m.pitCalibrationError : m.ece),
      brier: num(continuous ? m.crps : m.brier),
      nll: num(m.nll),
      ...(m.coverage
        ? {
            coverage50: num(m.coverage["0.5"]),
            coverage80: num(m.coverage["0.8"]),
            coverage95: num(m.coverage["0.95"]),
          }
        : {}),
    });
    if (Array.isArray(m.reliability)) reliability.push({ method: m.method, bins: m.reliability });
  });
  const notes =
    c.kind === "continuous"
      ? [
          "Continuous actions: the calibration table's ECE column holds the PIT calibration error " +
            "(mean |F̂(p) − p| over probability levels, Kuleshov et al. 2018) and its Brier column the CRPS " +
            "(Gneiting & Raftery 2007).",
        ]
      : [];
  return { rows, reliability, notes };
}

function checkArray<T>(
  x: unknown,
  option: string,
  what: string,
  check: (item: Record<string, unknown>) => string | undefined,
): T[] {
  if (!Array.isArray(x)) throw new UsageError(`--${option}: expected a JSON array of ${what}`);
  x.forEach((item, i) => {
    const problem =
      item === null || typeof item !== "object" ? "must be an object" : check(item as Record<string, unknown>);
    if (problem !== undefined) throw new UsageError(`--${option}: item ${i}: ${problem}`);
  });
  return x as T[];
}

function fields(item: Record<string, unknown>, strings: string[], numbers: string[], arrays: string[] = []) {
  for (const s of strings) if (typeof item[s] !== "string") return `${s} must be a string`;
  for (const n of numbers) if (!isNumber(item[n])) return `${n} must be a number`;
  for (const a of arrays)
    if (!Array.isArray(item[a]) || !(item[a] as unknown[]).every(isNumber)) return `${a} must be an array of numbers`;
  return undefined;
}

/** Validate regret rows (`RegretRow[]` of `report/types.ts`). */
export function parseRegretRows(x: unknown, option = "regret"): RegretRow[] {
  return checkArray<RegretRow>(
    x,
    option,
    "RegretRow { method, perturbationSet, meanReturn, standardError, regret }",
    (r) => fields(r, ["method", "perturbationSet"], ["meanReturn", "standardError", "regret"]),
  ).map((r) => ({ ...r, meanReturn: num(r.meanReturn), standardError: num(r.standardError), regret: num(r.regret) }));
}

/** Validate posterior predictive checks (`PpcItem[]` of `report/types.ts`). */
export function parsePpcItems(x: unknown, option = "ppc"): PpcItem[] {
  return checkArray<PpcItem>(
    x,
    option,
    "PpcItem { quantity, observed, simulated, ksStatistic, ksPValue, wasserstein1 }",
    (p) => fields(p, ["quantity"], ["ksStatistic", "ksPValue", "wasserstein1"], ["observed", "simulated"]),
  ).map((p) => ({
    ...p,
    ksStatistic: num(p.ksStatistic),
    ksPValue: num(p.ksPValue),
    wasserstein1: num(p.wasserstein1),
  }));
}

/** The report input of a posterior (draws, summary, diagnostics, configuration, provenance). */
export function posteriorReportInput(
  p: PolicyPosterior & { source?: Record<string, unknown> },
  title: string,
): ReportInput {
  const src = p.source;
  return {
    title,
    createdAt: p.provenance.time,
    summary: [
      `${p.config.family} policy, ${p.config.engine.toUpperCase()}, ${p.draws.numChains} chain(s) × ${p.draws.numDraws} draws, hierarchy ${p.config.hierarchy}, clean state ${p.stateModel.mode}.`,
      `${p.numTransitions} transitions${src ? ` of perturbation ${String(src["perturbation"])} (${String(src["split"])} split) from ${String(src["data"])}` : ""}.`,
    ],
    config: p.config as unknown as Record<string, unknown>,
    provenance: p.provenance as unknown as Record<string, unknown>,
    posterior: posteriorDraws(p),
    summaryRows: p.draws.summary.rows,
    diagnostics: diagnosticsOf(p),
  };
}

async function run(ctx: CommandContext): Promise<CommandResult> {
  const o = ctx.args.options;
  noPositionals(ctx);
  const posteriorArg = requireString(ctx, "posterior", "FILE (from sample)");
  const outArg = requireString(ctx, "out", "FILE (the HTML report to write)");
  const out = outputPath(ctx, "out", outArg);
  // Read and check every input before the posterior, so a bad JSON file fails fast.
  const calibration =
    typeof o.calibration === "string"
      ? calibrationSections(readJsonOption(ctx, "calibration", o.calibration))
      : undefined;
  const regret = typeof o.regret === "string" ? parseRegretRows(readJsonOption(ctx, "regret", o.regret)) : undefined;
  const ppc = typeof o.ppc === "string" ? parsePpcItems(readJsonOption(ctx, "ppc", o.ppc)) : undefined;
  const posterior = await openPosterior(ctx, "posterior", posteriorArg);
  const base = posteriorReportInput(posterior, o.title as string);
  const input: ReportInput = {
    ...base,
    summary: [...(base.summary ?? []), ...(calibration?.notes ?? [])],
    ...(calibration
      ? {
          calibration: calibration.rows,
          ...(calibration.reliability.length ? { reliability: calibration.reliability } : {}),
        }
      : {}),
    ...(regret ? { regret } : {}),
    ...(ppc ? { ppc } : {}),
  };
  ctx.progress.milestone(`rendering ${out}`);
  await writeReport(out, input);
  const sections = [
    "posterior",
    ...(calibration ? ["calibration"] : []),
    ...(regret ? ["regret"] : []),
    ...(ppc ? ["ppc"] : []),
  ];
  return {
    data: { path: out, posterior: posterior.path, sections, parameters: input.posterior!.names.length },
    text: `wrote ${out} (${sections.join(", ")})`,
  };
}

/** The `report` command. */
export const reportCommand: Command = {
  name: "report",
  summary: "an HTML report of a posterior, its calibration, regret and predictive checks",
  help: [
    "usage: policy-posterior report --posterior FILE --out FILE [--calibration FILE] [--regret FILE] [--ppc FILE] [--title TEXT]",
    "",
    "Writes one self-contained HTML page: headline figures, posterior marginals, pairs and",
    "traces, the summary table with R-hat/ESS flags, sampler diagnostics, configuration and",
    "provenance, and when given: the calibration table and reliability diagram (the JSON of",
    "'calibrate --out'), regret per method (a JSON array of { method, perturbationSet,",
    "meanReturn, standardError, regret }) and posterior predictive checks (a JSON array of",
    "{ quantity, observed: number[], simulated: number[], ksStatistic, ksPValue, wasserstein1 }).",
    "",
    "example:",
    "  policy-posterior report --posterior posterior.h5 --calibration calibration.json --out report.html",
  ].join("\n"),
  options: [
    { name: "posterior", type: "string", valueName: "FILE", description: "HDF5 posterior file (from sample)" },
    { name: "calibration", type: "string", valueName: "FILE", description: "calibration JSON (from calibrate --out)" },
    { name: "regret", type: "string", valueName: "FILE", description: "regret JSON (an array of RegretRow)" },
    { name: "ppc", type: "string", valueName: "FILE", description: "predictive checks JSON (an array of PpcItem)" },
    {
      name: "title",
      type: "string",
      valueName: "TEXT",
      description: "report title",
      default: "Policy posterior report",
    },
    { name: "out", type: "string", valueName: "FILE", description: "HTML file to write" },
  ],
  run,
};
