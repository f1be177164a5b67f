/**
 * What every benchmark writes besides its figures: a description of the machine, and the JSON
 * result file pair `bench/results/<name>-<ISO time>.json` + `bench/results/<name>-latest.json`
 * (the docs and tools read the latter).
 * @module
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, platform, release } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

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
