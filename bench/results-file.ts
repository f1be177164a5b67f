/**
 * What the benchmarks share around their measurements: the timing options of the command line,
 * a description of the machine, the JSON result file pair `bench/results/<name>-<ISO time>.json`
 * + `bench/results/<name>-latest.json` (the docs and tools read the latter), steps-per-second
 * figures of a timed cell, and Markdown tables for the console.
 * @module
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, platform, release } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Timing } from "./harness.js";

/** The options every pooled-timing benchmark takes, plus its own string options. */
export type TimingOptions<K extends string> = { budgetMs: number; passes: number } & Record<K, string | null>;

/**
 * Parse `--budget <ms per cell and pass>`, `--passes <n>` and the string options named in
 * `strings` (`--<name> <value>`, defaults given) from `argv`; anything else is an error naming
 * `who` (the command) and the options it takes.
 */
export function parseTimingOptions<K extends string>(
  who: string,
  argv: readonly string[],
  defaults: { budgetMs: number; passes: number },
  strings: Record<K, string | null> = {} as Record<K, string | null>,
): TimingOptions<K> {
  const out: Record<string, string | number | null> = { ...defaults, ...strings };
  const names = ["--budget", "--passes", ...Object.keys(strings).map((k) => `--${k}`)];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = argv[++i];
    if (!names.includes(a)) throw new Error(`${who}: unknown option ${a} (expected ${names.join(", ")})`);
    if (v === undefined) throw new Error(`${who}: ${a} needs a value`);
    if (a === "--budget") out.budgetMs = Number(v);
    else if (a === "--passes") out.passes = Number(v);
    else out[a.slice(2)] = v;
  }
  const { budgetMs, passes } = out as { budgetMs: number; passes: number };
  if (!(budgetMs > 0)) throw new Error(`${who}: --budget must be a positive number of ms, got ${budgetMs}`);
  if (!Number.isInteger(passes) || passes < 1)
    throw new Error(`${who}: --passes must be a positive integer, got ${passes}`);
  return out as TimingOptions<K>;
}

/** The machine and runtime a result was measured on (the first fields of every result's `environment`). */
export interface MachineInfo {
  /** Node.js version, e.g. "v20.20.2". */
  node: string;
  /** OS and kernel release, e.g. "linux 6.18.44". */
  platform: string;
  /** Model name of the first CPU. */
  cpu: string;
  /** Logical CPUs. */
  cores: number;
}

/** {@link MachineInfo} of this process's machine. */
export function machineInfo(): MachineInfo {
  return {
    node: process.version,
    platform: `${platform()} ${release()}`,
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
  };
}

/** `bench/results/` of the repository (this file runs from `dist/bench/`). */
export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "bench", "results");

/**
 * Write `result` as indented JSON to `bench/results/<name>-<timestamp>.json` (`result.timestamp`,
 * an ISO time, with `:` and `.` replaced by `-`) and to `bench/results/<latest>` (default
 * `<name>-latest.json`). Returns the timestamped file's path.
 */
export function writeResults(name: string, result: { timestamp: string }, latest = `${name}-latest.json`): string {
  if (typeof result?.timestamp !== "string" || result.timestamp === "")
    throw new Error(`writeResults: result.timestamp must be an ISO time string, got ${String(result?.timestamp)}`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const json = JSON.stringify(result, null, 2) + "\n";
  const file = join(RESULTS_DIR, `${name}-${result.timestamp.replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, json);
  writeFileSync(join(RESULTS_DIR, latest), json);
  return file;
}

/**
 * A cell timed one step per call, as steps per second (median, and the p10/p90 of the rate: the
 * slow end of the spread in time is the low end in steps/s) and ms per step, with the sample counts.
 */
export function stepRates(t: Timing) {
  return {
    stepsPerSecond: 1e6 / t.medianUs,
    stepsPerSecondP10: 1e6 / t.p90Us,
    stepsPerSecondP90: 1e6 / t.p10Us,
    msPerStep: { median: t.medianUs / 1000, p10: t.p10Us / 1000, p90: t.p90Us / 1000 },
    cpuMsPerStep: t.cpuMedianUs / 1000,
    samples: t.samples,
    callsPerSample: t.callsPerSample,
  };
}

/** A Markdown table of `rows` (the first is the header), columns padded to equal width. */
export function markdownTable(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) throw new Error("markdownTable: needs at least a header row");
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  const line = (r: readonly string[]): string => `| ${widths.map((w, i) => (r[i] ?? "").padEnd(w)).join(" | ")} |`;
  return [line(rows[0]!), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.slice(1).map(line)].join("\n");
}
