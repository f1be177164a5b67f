/**
 * Environment steps per second, for every registered environment: one environment stepped in
 * a loop (resetting when an episode ends), and a {@link VectorEnv} of 64 copies (default reused
 * buffers, and fresh arrays per step with `copy: true`). Run with `node dist/bench/envs.js` after building.
 *
 * Each cell is warmed up, then timed in 5 repeats of a fixed number of environment steps
 * (sized from the warm-up to last about `--ms` milliseconds, default 300); the table shows the
 * median steps per second. Actions follow a fixed pseudo-random pattern (a seeded LCG table of
 * 97 entries: integers for discrete spaces, reals in the action box for continuous ones), so
 * every run and every column does the same work.
 *
 * When Python can import Gymnasium (set `GYMNASIUM_PATH` to a checkout's root if it is not
 * installed), the same loops are also timed for Gymnasium's environments (`gym.make`, and
 * `gym.make_vec(..., vectorization_mode="sync")` with 64 copies) in the same run, for scale;
 * otherwise those columns are empty.
 *
 * Results go to `bench/results/envs-<ISO time>.json` and `bench/results/envs-latest.json`.
 * Options: `--ms <per repeat>`, `--only <id substring>`, `--no-python`.
 * @module
 */
import { spawnSync } from "node:child_process";
import { loadavg } from "node:os";
import { type Action, envIds, makeEnv, VectorEnv } from "../src/envs/index.js";
import { fold, key } from "../src/random/index.js";
import { machineInfo, markdownTable, writeResults } from "./results-file.js";

const REPEATS = 5;
const VECTOR_N = 64;
const PATTERN = 97;

/** One measured cell: environment steps per wall-clock second and per CPU second of the process. */
interface Cell {
  /** Median steps per wall-clock second. */
  perWallSecond: number;
  /**
   * Median steps per CPU second (user + system) of the measuring process: less sensitive to
   * other processes competing for the cores than wall time (everything here is single-threaded).
   */
  perCpuSecond: number;
  /** The repeats. */
  wall: number[];
  cpu: number[];
}

interface Row {
  id: string;
  /** One environment, `step()` in a loop. */
  single: Cell;
  /** VectorEnv with 64 copies, default reused buffers (copies × vector steps). */
  vector64: Cell;
  /** The same with `copy: true` (fresh result arrays every step). */
  vector64Copy: Cell;
  /** Gymnasium's `gym.make` and sync vector env of 64, when Python could run them. */
  gymnasiumSingle: Cell | null;
  gymnasiumSync64: Cell | null;
}

function parseArgs(argv: string[]): { ms: number; only: string | null; python: boolean } {
  let ms = 300;
  let only: string | null = null;
  let python = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--ms") ms = Number(argv[++i]);
    else if (a === "--only") only = argv[++i] ?? null;
    else if (a === "--no-python") python = false;
    else throw new Error(`bench/envs: unknown option ${a} (expected --ms, --only or --no-python)`);
  }
  if (!(ms > 0)) throw new Error(`bench/envs: --ms must be a positive number, got ${ms}`);
  return { ms, only, python };
}

/** 97 numbers in [0, 1) from a seeded linear congruential generator (Numerical Recipes' constants). */
function patternUnits(): number[] {
  let x = 12345;
  const out: number[] = [];
  for (let i = 0; i < PATTERN; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out.push(x / 2 ** 32);
  }
  return out;
}

/** The action pattern of an environment: flat numbers (integers or reals within the box). */
function actionPattern(id: string, units: number[]): number[] {
  const sp = makeEnv(id).actionSpace;
  if (sp.kind === "discrete") return units.map((u) => Math.floor(u * sp.n));
  return units.map((u) => sp.low[0]! + (sp.high[0]! - sp.low[0]!) * u);
}

const median = (xs: number[]): number => {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

function cell(wall: number[], cpu: number[]): Cell {
  return { perWallSecond: median(wall), perCpuSecond: median(cpu), wall, cpu };
}

/** Time `run(steps)` (which performs `steps` environment steps): warm up, size, 5 repeats. */
function timeSteps(run: (steps: number) => void, ms: number): Cell {
  let steps = 1000;
  for (;;) {
    const t0 = performance.now();
    run(steps);
    const dt = performance.now() - t0;
    if (dt > 100) {
      steps = Math.max(1000, Math.round((steps * ms) / dt));
      break;
    }
    steps *= 4;
  }
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < REPEATS; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    run(steps);
    const dt = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    wall.push(steps / dt);
    cpu.push(steps / ((c.user + c.system) / 1e6));
  }
  return cell(wall, cpu);
}

function singleLoop(id: string, pattern: number[]): (steps: number) => void {
  const env = makeEnv(id);
  const discreteSpace = env.actionSpace.kind === "discrete";
  const actions: Action[] = pattern.map((a) => (discreteSpace ? a : Float64Array.of(a)));
  const base = key(0);
  let episode = 0;
  env.reset(fold(base, episode));
  let t = 0;
  return (steps) => {
    for (let i = 0; i < steps; i++) {
      const r = env.step(actions[t++ % PATTERN]!);
      if (r.terminated || r.truncated) env.reset(fold(base, ++episode));
    }
  };
}

function vectorLoop(id: string, pattern: number[], copy: boolean): (steps: number) => void {
  const venv = new VectorEnv(id, VECTOR_N, { copy });
  venv.reset(key(0));
  // Pre-built action arrays: copy i uses the pattern shifted by i.
  const batches = Array.from({ length: PATTERN }, (_, t) =>
    Float64Array.from({ length: VECTOR_N }, (_, i) => pattern[(t + i) % PATTERN]!),
  );
  let t = 0;
  return (steps) => {
    const calls = Math.max(1, Math.round(steps / VECTOR_N));
    for (let c = 0; c < calls; c++) venv.step(batches[t++ % PATTERN]!);
  };
}

/** The Python side: the same loops for Gymnasium, reporting steps per second as JSON. */
const PYTHON = String.raw`
import json, sys, time
import numpy as np
import gymnasium as gym
cfg = json.load(sys.stdin)
ms, repeats = cfg["ms"], cfg["repeats"]
def timed(run):
    steps = 1000
    while True:
        t0 = time.perf_counter(); run(steps); dt = time.perf_counter() - t0
        if dt > 0.1:
            steps = max(1000, round(steps * ms / 1000 / dt)); break
        steps *= 4
    wall, cpu = [], []
    for _ in range(repeats):
        c0 = time.process_time(); t0 = time.perf_counter(); run(steps)
        wall.append(steps / (time.perf_counter() - t0)); cpu.append(steps / (time.process_time() - c0))
    return {"wall": wall, "cpu": cpu}
res = {}
for eid, spec in cfg["patterns"].items():
    pattern, discrete = spec["actions"], spec["discrete"]
    acts = [int(a) if discrete else np.array([a], dtype=np.float32) for a in pattern]
    env = gym.make(eid); env.reset(seed=0)
    st = {"t": 0}
    def single(steps):
        for _ in range(steps):
            _, _, term, trunc, _ = env.step(acts[st["t"] % len(acts)]); st["t"] += 1
            if term or trunc: env.reset()
    venv = gym.make_vec(eid, num_envs=64, vectorization_mode="sync"); venv.reset(seed=0)
    n = len(pattern)
    batches = [np.array([pattern[(t + i) % n] for i in range(64)], dtype=np.int64 if discrete else np.float32) for t in range(n)]
    if not discrete: batches = [b.reshape(64, 1) for b in batches]
    sv = {"t": 0}
    def vec(steps):
        for _ in range(max(1, round(steps / 64))):
            venv.step(batches[sv["t"] % n]); sv["t"] += 1
    res[eid] = {"single": timed(single), "sync64": timed(vec), "version": gym.__version__}
print(json.dumps(res))
`;

interface GymTimes {
  wall: number[];
  cpu: number[];
}
interface GymResult {
  single: GymTimes;
  sync64: GymTimes;
  version: string;
}

function runGymnasium(
  patterns: Record<string, { actions: number[]; discrete: boolean }>,
  ms: number,
): { results: Record<string, GymResult>; note: string } {
  const env = { ...process.env };
  if (process.env.GYMNASIUM_PATH)
    env.PYTHONPATH = [process.env.GYMNASIUM_PATH, process.env.PYTHONPATH].filter(Boolean).join(":");
  const p = spawnSync("python3", ["-c", PYTHON], {
    input: JSON.stringify({ ms, repeats: REPEATS, patterns }),
    env,
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  if (p.status !== 0) {
    const why = (p.error?.message ?? p.stderr ?? "").trim().split("\n").pop() ?? "failed";
    return { results: {}, note: `Gymnasium not measured: ${why}` };
  }
  return {
    results: JSON.parse(p.stdout) as Record<string, GymResult>,
    note: "",
  };
}

const fmt = (x: number): string => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : `${(x / 1e3).toFixed(1)} k`);

function main(): void {
  const { ms, only, python } = parseArgs(process.argv.slice(2));
  const loadAtStart = loadavg()[0]!;
  const units = patternUnits();
  const ids = envIds.filter((id) => only === null || id.toLowerCase().includes(only.toLowerCase()));
  const rows: Row[] = [];
  for (const id of ids) {
    const pattern = actionPattern(id, units);
    const single = timeSteps(singleLoop(id, pattern), ms);
    const vec = timeSteps(vectorLoop(id, pattern, false), ms);
    const vecCopy = timeSteps(vectorLoop(id, pattern, true), ms);
    rows.push({ id, single, vector64: vec, vector64Copy: vecCopy, gymnasiumSingle: null, gymnasiumSync64: null });
    console.error(
      `  ${id.padEnd(26)} single ${fmt(single.perWallSecond)}/s, VectorEnv(64) ${fmt(vec.perWallSecond)}/s (wall clock)`,
    );
  }
  let gymNote = "not run (--no-python)";
  let gymVersion: string | null = null;
  if (python) {
    const patterns: Record<string, { actions: number[]; discrete: boolean }> = {};
    for (const id of ids)
      if (!id.startsWith("LaneKeeping"))
        patterns[id] = { actions: actionPattern(id, units), discrete: makeEnv(id).actionSpace.kind === "discrete" };
    const g = runGymnasium(patterns, ms);
    gymNote = g.note;
    for (const row of rows) {
      const r = g.results[row.id];
      if (r === undefined) continue;
      gymVersion = r.version;
      row.gymnasiumSingle = cell(r.single.wall, r.single.cpu);
      row.gymnasiumSync64 = cell(r.sync64.wall, r.sync64.cpu);
    }
    if (gymNote !== "") console.error(`  ${gymNote}`);
  }

  const timestamp = new Date().toISOString();
  const result = {
    name: "envs",
    timestamp,
    environment: {
      ...machineInfo(),
      gymnasium: gymVersion,
      loadAverage1m: { start: loadAtStart, end: loadavg()[0]! },
    },
    method:
      `environment steps per CPU second of the process and per wall-clock second, median of ${REPEATS} repeats of a fixed number of steps (each about ${ms} ms) ` +
      `after a warm-up; single: one environment, step() in a loop, reset (fold(key(0), episode)) when an episode ends; ` +
      `vector64: VectorEnv with ${VECTOR_N} copies (same-step autoreset), counted as copies × vector steps, with reused ` +
      `buffers (the default) and fresh result arrays (copy: true); actions from a fixed ${PATTERN}-entry pattern. ` +
      `Gymnasium (Python, when available): gym.make and gym.make_vec(vectorization_mode="sync", num_envs=64) on the ` +
      `same action pattern. ${gymNote}`,
    rows,
  };
  const file = writeResults("envs", result);

  // Each cell: steps per CPU second (steps per wall-clock second in parentheses).
  const both = (c: Cell | null): string => (c === null ? "—" : `${fmt(c.perCpuSecond)} (${fmt(c.perWallSecond)})`);
  const header = [
    "steps/s per CPU s (wall)",
    "single",
    "VectorEnv(64)",
    "VectorEnv(64), copy: true",
    "Gymnasium single",
    "Gymnasium sync ×64",
  ];
  const table = [
    header,
    ...rows.map((r) => [
      r.id,
      both(r.single),
      both(r.vector64),
      both(r.vector64Copy),
      both(r.gymnasiumSingle),
      both(r.gymnasiumSync64),
    ]),
  ];
  console.log(markdownTable(table));
  console.log(`\nwritten: ${file} and bench/results/envs-latest.json`);
}

main();
