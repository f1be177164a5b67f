/**
 * Provenance records: what produced a result, from what, with which code and settings. One
 * record per run (a data set, a fitted generative model, a posterior), appended to a JSON-lines
 * log by `log.ts`.
 *
 * The record id is a random UUID (v4, node:crypto), not a content hash: two runs with the same
 * configuration and seed produce the same outputs (their `outputs[].sha256` agree) but are still
 * two events, and the id names the event. Content identity is what the sha256 fields are for.
 * @module
 */
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gitCommit } from "./git.js";
import { sha256File } from "./hash.js";

/** An input of a run: a file (with its hash) or an in-memory value identified by its hash. */
export interface ProvenanceInput {
  readonly path?: string;
  readonly sha256: string;
  /** What the input is, e.g. `"policy"`, `"dataset"`. */
  readonly role?: string;
}

/** A file a run wrote. */
export interface ProvenanceOutput {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
}

/** One provenance record (one line of the log). */
export interface ProvenanceRecord {
  /** Random UUID v4 naming this run (see the module comment). */
  readonly id: string;
  /** Start time, ISO 8601 UTC. */
  readonly time: string;
  /** Version of this package (from its package.json). */
  readonly packageVersion: string;
  /** `git rev-parse HEAD` of the working folder, when it is a repository. */
  readonly gitCommit?: string;
  /** True when tracked files differed from `gitCommit`. */
  readonly gitDirty?: boolean;
  /** What was produced: `"dataset"`, `"generative-model"`, `"posterior"`, … */
  readonly kind: string;
  /** The full configuration of the run (JSON). */
  readonly configuration: unknown;
  /** Every seed the run used, by name. */
  readonly seeds: Readonly<Record<string, number>>;
  readonly inputs: readonly ProvenanceInput[];
  readonly outputs: readonly ProvenanceOutput[];
  /** Wall-clock duration of the run in milliseconds. */
  readonly durationMs: number;
  /** Node version and platform. */
  readonly runtime: { readonly node: string; readonly platform: string; readonly arch: string };
  /** Anything else worth keeping: diagnostics summaries, metrics, counts. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

let cachedVersion: string | undefined;

/**
 * This package's version, read at run time from the nearest `package.json` named
 * `policy-posterior` above this module's file (works from `src/` under a TypeScript runner and
 * from `dist/src/` after compilation). `"unknown"` if none is found.
 */
export function packageVersion(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) {
      try {
        const pkg = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string; version?: string };
        if (pkg.name === "policy-posterior" && typeof pkg.version === "string") return (cachedVersion = pkg.version);
      } catch {
        // an unreadable package.json on the way up: keep looking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return (cachedVersion = "unknown");
}

/** A run in progress, from {@link startRun}. */
export interface Run {
  readonly id: string;
  readonly kind: string;
  readonly startedAt: Date;
  /** `performance.now()` at the start. */
  readonly startedMs: number;
  readonly configuration: unknown;
  readonly seeds: Readonly<Record<string, number>>;
}

/** Start timing a run of `kind` with its configuration and seeds. */
export function startRun(kind: string, configuration: unknown, seeds: Readonly<Record<string, number>> = {}): Run {
  if (typeof kind !== "string" || kind.length === 0)
    throw new Error(`startRun: kind must be a non-empty string, got ${JSON.stringify(kind)}`);
  return { id: randomUUID(), kind, startedAt: new Date(), startedMs: performance.now(), configuration, seeds };
}

/** What {@link finishRun} adds to a run. */
export interface FinishRunOptions {
  readonly inputs?: readonly ProvenanceInput[];
  /** Paths of files written; each is hashed and sized. */
  readonly outputs?: readonly string[];
  readonly extra?: Readonly<Record<string, unknown>>;
  /** Folder whose git commit is recorded (default the process's folder). */
  readonly cwd?: string;
}

/** Finish a run: hash its output files, measure the duration and build the record. */
export async function finishRun(run: Run, options: FinishRunOptions = {}): Promise<ProvenanceRecord> {
  const durationMs = performance.now() - run.startedMs;
  const outputs: ProvenanceOutput[] = [];
  for (const path of options.outputs ?? []) {
    const [sha, st] = await Promise.all([sha256File(path), stat(path)]);
    outputs.push({ path, sha256: sha, bytes: st.size });
  }
  const git = gitCommit(options.cwd);
  return {
    id: run.id,
    time: run.startedAt.toISOString(),
    packageVersion: packageVersion(),
    ...(git ? { gitCommit: git.commit, gitDirty: git.dirty } : {}),
    kind: run.kind,
    configuration: run.configuration,
    seeds: run.seeds,
    inputs: options.inputs ?? [],
    outputs,
    durationMs,
    runtime: { node: process.version, platform: process.platform, arch: process.arch },
    ...(options.extra ? { extra: options.extra } : {}),
  };
}
