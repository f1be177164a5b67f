/**
 * Effective samples per second of our NUTS against Stan's, in one run: eight schools
 * (non-centred) and kidiq, 4 chains × 1000 warmup × 1000 draws, Stan's default settings
 * (target acceptance 0.8, max tree depth 10, diagonal metric), chains run one after another
 * on one core. See bench/mcmc/README.md for what is measured and how.
 *
 *   npm run bench:mcmc -- [--repeats 3] [--seed 1] [--models eight_schools_noncentered,kidiq]
 *                         [--no-stan] [--recompile] [--chains 4] [--warmup 1000] [--draws 1000]
 *
 * Writes bench/results/mcmc-<timestamp>.json and bench/results/mcmc-latest.json.
 * @module
 */
import { performance } from "node:perf_hooks";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fold, key, split } from "../../src/random/index.js";
import { Tensor, tensor } from "../../src/tensor/tensor.js";
import { type Model, potentialEnergy } from "../../src/ppl/potential-energy.js";
import { collectSamples, type ChainResult } from "../../src/infer/mcmc/index.js";
import { runChainForModel, type ChainRequestOptions } from "../../src/infer/mcmc/run-model-chain.js";
import { essBulk, rhat } from "../../src/infer/diagnostics/index.js";
import { eightSchoolsNoncentered, kidiq } from "../../test/infer/models/posteriordb-models.js";

// Static imports are evaluated before this module's body, so this is the time from the start of
// the process to the library being loaded and ready (Node's boot plus the imports).
const startupSeconds = performance.now() / 1000;

// ---------------------------------------------------------------------------------------------
// Options

interface Options {
  repeats: number;
  seed: number;
  chains: number;
  warmup: number;
  draws: number;
  models: string[];
  stan: boolean;
  recompile: boolean;
  fixtures: string;
}

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

function parseArgs(argv: string[]): Options {
  const o: Options = {
    repeats: 1,
    seed: 1,
    chains: 4,
    warmup: 1000,
    draws: 1000,
    models: ["eight_schools_noncentered", "kidiq"],
    stan: true,
    recompile: false,
    fixtures: join(repoRoot, "..", "shared", "fixtures", "posteriordb"),
  };
  const int = (name: string, v: string | undefined, min: number): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`bench:mcmc: --${name} must be an integer >= ${min}, got ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = () => argv[++i];
    if (a === "--no-stan") o.stan = false;
    else if (a === "--recompile") o.recompile = true;
    else if (a === "--repeats") o.repeats = int("repeats", next(), 1);
    else if (a === "--seed") o.seed = int("seed", next(), 0);
    else if (a === "--chains") o.chains = int("chains", next(), 2);
    else if (a === "--warmup") o.warmup = int("warmup", next(), 0);
    else if (a === "--draws") o.draws = int("draws", next(), 4);
    else if (a === "--fixtures") o.fixtures = next() ?? o.fixtures;
    else if (a === "--models") {
      o.models = (next() ?? "").split(",").filter((m) => m.length > 0);
      for (const m of o.models)
        if (!(m in MODELS))
          throw new Error(`bench:mcmc: unknown model '${m}'; known: ${Object.keys(MODELS).join(", ")}`);
    } else throw new Error(`bench:mcmc: unknown option '${a}'`);
  }
  return o;
}

// ---------------------------------------------------------------------------------------------
// Models and data (the same fixtures the R script reads)

interface Fixture {
  data: Record<string, number | number[]>;
}

interface BenchModel {
  model: Model<never>;
  fixture: string;
  data: (d: Fixture["data"]) => unknown;
}

const MODELS: Record<string, BenchModel> = {
  eight_schools_noncentered: {
    model: eightSchoolsNoncentered as Model<never>,
    fixture: "eight_schools-eight_schools_noncentered.json",
    data: (d) => ({ y: tensor(d.y as number[]), sigma: tensor(d.sigma as number[]) }),
  },
  kidiq: {
    model: kidiq as Model<never>,
    fixture: "kidiq-kidscore_momiq.json",
    data: (d) => {
      const x = d.mom_iq as number[];
      const X = new Float64Array(2 * x.length);
      x.forEach((v, i) => {
        X[2 * i] = 1;
        X[2 * i + 1] = v;
      });
      return { X: new Tensor(X, [x.length, 2]), y: tensor(d.kid_score as number[]) };
    },
  },
};

// ---------------------------------------------------------------------------------------------
// Results, as both engines report them

/** One chain's timings (seconds) and sampler statistics. */
interface ChainTiming {
  warmupSeconds: number;
  samplingSeconds: number;
  /** CPU seconds (user + system) of the process; for Stan, its std::clock() elapsed times. */
  warmupCpuSeconds: number;
  samplingCpuSeconds: number;
  warmupLeapfrogs: number;
  samplingLeapfrogs: number;
  divergences: number;
  treedepthSaturated: number;
  stepSize: number;
  meanAcceptStat: number;
}

/** One engine's run of one model (all chains). */
interface EngineRun {
  engine: "ours" | "stan";
  model: string;
  repeat: number;
  seed: number;
  /** Building the model: ours, the potential from the model function; Stan, the C++ compile. */
  setupSeconds: number;
  /** Stan only: loading the cached compiled model instead of compiling. */
  cachedSetupSeconds: number;
  /** Whether `setupSeconds` was measured in this run (Stan: false if read from the cache). */
  setupMeasuredNow: boolean;
  /** Starting the runtime (ours: Node and the library's modules; Stan: R and library(rstan)). */
  runtimeStartSeconds: number;
  /** Work after the chains before draws are usable (ours: constraining; Stan: rstan's wrapping). */
  overheadSeconds: number;
  chains: ChainTiming[];
  essBulk: Record<string, number>;
  rhat: Record<string, number>;
  slowest: { name: string; essBulk: number };
  maxRhat: number;
  notes: string[];
}

/** The figures of one engine on one model (medians over repeats in the summary). */
interface Figures {
  essBulkMin: number;
  warmupSeconds: number;
  samplingSeconds: number;
  samplingCpuSeconds: number;
  totalCpuSeconds: number;
  essPerSecondSampling: number;
  essPerSecondTotal: number;
  essPerCpuSecondSampling: number;
  essPerCpuSecondTotal: number;
  setupSeconds: number;
  cachedSetupSeconds: number;
  timeToPosteriorSeconds: number;
  timeToPosteriorCachedSeconds: number;
  leapfrogsSampling: number;
  microsecondsPerLeapfrog: number;
  essPer1000Leapfrogs: number;
  maxRhat: number;
  divergences: number;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

function figures(r: EngineRun): Figures {
  const ch = r.chains;
  const warmup = sum(ch.map((c) => c.warmupSeconds));
  const sampling = sum(ch.map((c) => c.samplingSeconds));
  const samplingCpu = sum(ch.map((c) => c.samplingCpuSeconds));
  const totalCpu = samplingCpu + sum(ch.map((c) => c.warmupCpuSeconds));
  const ess = r.slowest.essBulk;
  const leapfrogs = sum(ch.map((c) => c.samplingLeapfrogs));
  const chainsAndOverhead = warmup + sampling + r.overheadSeconds;
  return {
    essBulkMin: ess,
    warmupSeconds: warmup,
    samplingSeconds: sampling,
    samplingCpuSeconds: samplingCpu,
    totalCpuSeconds: totalCpu,
    essPerSecondSampling: ess / sampling,
    essPerSecondTotal: ess / (warmup + sampling),
    essPerCpuSecondSampling: ess / samplingCpu,
    essPerCpuSecondTotal: ess / totalCpu,
    setupSeconds: r.setupSeconds,
    cachedSetupSeconds: r.cachedSetupSeconds,
    timeToPosteriorSeconds: r.runtimeStartSeconds + r.setupSeconds + chainsAndOverhead,
    timeToPosteriorCachedSeconds: r.runtimeStartSeconds + r.cachedSetupSeconds + chainsAndOverhead,
    leapfrogsSampling: leapfrogs,
    microsecondsPerLeapfrog: (samplingCpu / leapfrogs) * 1e6,
    essPer1000Leapfrogs: (ess / leapfrogs) * 1000,
    maxRhat: r.maxRhat,
    divergences: sum(ch.map((c) => c.divergences)),
  };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function medianFigures(runs: readonly EngineRun[]): Figures {
  const fs = runs.map(figures);
  const out = {} as Record<keyof Figures, number>;
  for (const k of Object.keys(fs[0]!) as (keyof Figures)[]) out[k] = median(fs.map((f) => f[k]));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Ours

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Bulk ESS and R-hat of every scalar of every latent and deterministic site, named like Stan. */
function diagnose(samples: Record<string, Tensor>): { ess: Record<string, number>; rhat: Record<string, number> } {
  const ess: Record<string, number> = {};
  const rh: Record<string, number> = {};
  for (const [site, t] of Object.entries(samples)) {
    const [numChains, numDraws] = t.shape as [number, number];
    const width = t.size / (numChains * numDraws);
    for (let j = 0; j < width; j++) {
      const chains = Array.from({ length: numChains }, (_, c) => {
        const out = new Float64Array(numDraws);
        for (let i = 0; i < numDraws; i++) out[i] = t.data[(c * numDraws + i) * width + j]!;
        return out;
      });
      const name = t.shape.length > 2 ? `${site}[${j + 1}]` : site;
      ess[name] = essBulk(chains);
      rh[name] = rhat(chains);
    }
  }
  return { ess, rhat: rh };
}

function slowestOf(ess: Record<string, number>): { name: string; essBulk: number } {
  let best = { name: "", essBulk: Infinity };
  for (const [name, v] of Object.entries(ess)) if (v < best.essBulk || Number.isNaN(v)) best = { name, essBulk: v };
  return best;
}

/**
 * Our NUTS on one model, exactly as `new MCMC(NUTS(model), ...).run(key(seed), data)` does it
 * (same keys, same draws), but with each phase timed: building the potential, then per chain
 * the warmup (initial point, step-size search, adaptation) and the sampling iterations, then
 * constraining the draws. The warmup/sampling boundary is taken in the per-iteration callback
 * of the last warmup iteration.
 */
function runOurs(name: string, data: unknown, seed: number, repeat: number, o: Options): EngineRun {
  const spec = MODELS[name]!;
  const [modelKey, chainsKey] = split(key(seed));
  const t0 = performance.now();
  const mp = potentialEnergy(spec.model, data as never, modelKey!);
  const setupSeconds = (performance.now() - t0) / 1000;
  const options: ChainRequestOptions = {
    kernel: "nuts",
    numWarmup: o.warmup,
    numSamples: o.draws,
    thinning: 1,
    targetAccept: 0.8,
    maxTreeDepth: 10,
    maxDeltaEnergy: 1000,
    denseMass: false,
  };
  const results: ChainResult[] = [];
  const timings: ChainTiming[] = [];
  for (let c = 0; c < o.chains; c++) {
    const wall0 = performance.now();
    const cpu0 = cpuSeconds();
    let wallW = wall0;
    let cpuW = cpu0;
    const onIteration = (it: number): void => {
      if (it === o.warmup - 1) {
        wallW = performance.now();
        cpuW = cpuSeconds();
      }
    };
    const r = runChainForModel(mp, spec.model, data as never, fold(chainsKey!, c), options, onIteration);
    const wall1 = performance.now();
    const cpu1 = cpuSeconds();
    results.push(r);
    const s = r.stats;
    timings.push({
      warmupSeconds: (wallW - wall0) / 1000,
      samplingSeconds: (wall1 - wallW) / 1000,
      warmupCpuSeconds: cpuW - cpu0,
      samplingCpuSeconds: cpu1 - cpuW,
      warmupLeapfrogs: sum(Array.from(r.warmupStats.numSteps)),
      samplingLeapfrogs: sum(Array.from(s.numSteps)),
      divergences: sum(Array.from(s.diverging)),
      treedepthSaturated: Array.from(s.treeDepth).filter((d) => d >= 10).length,
      stepSize: r.stepSize,
      meanAcceptStat: sum(Array.from(s.acceptProb)) / s.acceptProb.length,
    });
  }
  const t1 = performance.now();
  const samples = collectSamples(mp, results, o.draws);
  const overheadSeconds = (performance.now() - t1) / 1000;
  const d = diagnose(samples);
  const slowest = slowestOf(d.ess);
  return {
    engine: "ours",
    model: name,
    repeat,
    seed,
    setupSeconds,
    cachedSetupSeconds: setupSeconds,
    setupMeasuredNow: true,
    runtimeStartSeconds: startupSeconds,
    overheadSeconds,
    chains: timings,
    essBulk: d.ess,
    rhat: d.rhat,
    slowest,
    maxRhat: Math.max(...Object.values(d.rhat)),
    notes: [],
  };
}

// ---------------------------------------------------------------------------------------------
// Stan (rstan, through bench/mcmc/stan/run-stan.R)

interface StanChain {
  warmupSeconds: number;
  samplingSeconds: number;
  warmupLeapfrogs: number;
  samplingLeapfrogs: number;
  divergences: number;
  treedepthSaturated: number;
  stepSize: number;
  meanAcceptStat: number;
}

interface StanModelResult {
  model: string;
  compile: {
    cached: boolean;
    compileWallSeconds: number;
    compileCpuSeconds: number;
    compiledAt: string;
    loadWallSeconds: number;
    cacheFile: string;
  };
  seed: number;
  perChain: StanChain[];
  samplingCall: { wallSeconds: number; cpuSeconds: number };
  essBulk: Record<string, number>;
  rhat: Record<string, number>;
  slowest: { name: string; essBulk: number };
  maxRhat: number;
  warnings: string[];
}

interface StanOutput {
  tool: string;
  rstanVersion: string;
  stanVersion: string;
  posteriorVersion: string;
  rVersion: string;
  cxxflags: string;
  rstanLoadWallSeconds: number;
  models: StanModelResult[];
}

const stanScript = join(repoRoot, "bench", "mcmc", "stan", "run-stan.R");

/** Why Stan cannot run here, or null if Rscript with rstan, posterior and jsonlite is available. */
function stanUnavailable(): string | null {
  const probe = spawnSync(
    "Rscript",
    ["-e", "suppressPackageStartupMessages({library(rstan); library(posterior); library(jsonlite)})"],
    {
      encoding: "utf8",
    },
  );
  if (probe.error) return `Rscript not found (${probe.error.message})`;
  if (probe.status !== 0)
    return `R packages missing (rstan, posterior, jsonlite): ${probe.stderr.trim().split("\n").slice(-2).join(" ")}`;
  return null;
}

function runStan(seed: number, o: Options, recompile: boolean): StanOutput {
  const out = join(tmpdir(), `policy-posterior-stan-${process.pid}-${seed}.json`);
  const args = [
    stanScript,
    "--out",
    out,
    "--models",
    o.models.join(","),
    "--chains",
    String(o.chains),
    "--warmup",
    String(o.warmup),
    "--draws",
    String(o.draws),
    "--seed",
    String(seed),
    "--fixtures",
    o.fixtures,
    "--cache",
    join(repoRoot, "bench", "mcmc", "cache"),
  ];
  if (recompile) args.push("--recompile");
  const t0 = performance.now();
  const r = spawnSync("Rscript", args, { encoding: "utf8", maxBuffer: 64 << 20 });
  const wall = (performance.now() - t0) / 1000;
  if (r.error || r.status !== 0)
    throw new Error(`bench:mcmc: run-stan.R failed (exit ${r.status}): ${r.error?.message ?? ""}\n${r.stderr}`);
  const parsed = JSON.parse(readFileSync(out, "utf8")) as StanOutput;
  rmSync(out, { force: true });
  process.stdout.write(`  Rscript run-stan.R took ${wall.toFixed(1)} s\n`);
  return parsed;
}

function stanRun(s: StanOutput, m: StanModelResult, repeat: number): EngineRun {
  const notes: string[] = [];
  if (!m.compile.cached) notes.push(`compiled in this run at ${m.compile.compiledAt}`);
  else notes.push(`compile time from the cache (compiled ${m.compile.compiledAt})`);
  notes.push(...m.warnings.map((w) => w.split("\n")[0]!));
  // Stan 2.21 times each phase with std::clock(): CPU seconds of its single thread. With
  // cores = 1 and the chains in sequence, that is their wall time on an idle core; on a busy
  // machine the wall time is longer, so the phases' wall time is estimated by scaling their CPU
  // time with the wall/CPU ratio of the whole sampling() call (proc.time()).
  const wallScale = Math.max(1, m.samplingCall.wallSeconds / m.samplingCall.cpuSeconds);
  if (wallScale > 1.05)
    notes.push(`phase wall times scaled by ${wallScale.toFixed(2)} (wall/CPU of the sampling call)`);
  const chains = m.perChain.map((c) => ({
    ...c,
    warmupSeconds: c.warmupSeconds * wallScale,
    samplingSeconds: c.samplingSeconds * wallScale,
    warmupCpuSeconds: c.warmupSeconds,
    samplingCpuSeconds: c.samplingSeconds,
  }));
  const elapsed = sum(chains.map((c) => c.warmupSeconds + c.samplingSeconds));
  return {
    engine: "stan",
    model: m.model,
    repeat,
    seed: m.seed,
    setupSeconds: m.compile.compileWallSeconds,
    cachedSetupSeconds: m.compile.loadWallSeconds,
    setupMeasuredNow: !m.compile.cached,
    runtimeStartSeconds: s.rstanLoadWallSeconds,
    // rstan's own work around the chains: data checks, building the stanfit object.
    overheadSeconds: Math.max(0, m.samplingCall.wallSeconds - elapsed),
    chains,
    essBulk: m.essBulk,
    rhat: m.rhat,
    slowest: m.slowest,
    maxRhat: m.maxRhat,
    notes,
  };
}

// ---------------------------------------------------------------------------------------------
// Report

const fmt = (v: number, digits = 3): string => {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1000) return v.toFixed(0);
  if (a >= 100) return v.toFixed(1);
  if (a >= 1) return v.toFixed(Math.max(0, digits - 1));
  return v.toPrecision(digits);
};

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, j) => Math.max(...rows.map((r) => r[j]!.length)));
  return rows
    .map((r) => r.map((c, j) => (j < 2 ? c.padEnd(widths[j]!) : c.padStart(widths[j]!))).join("  "))
    .join("\n");
}

const COLUMNS: [string, keyof Figures][] = [
  ["min bulk ESS", "essBulkMin"],
  ["ESS/s sampling", "essPerSecondSampling"],
  ["ESS/s incl. warmup", "essPerSecondTotal"],
  ["ESS/CPU-s sampling", "essPerCpuSecondSampling"],
  ["ESS/CPU-s incl. warmup", "essPerCpuSecondTotal"],
  ["setup s", "setupSeconds"],
  ["to posterior s", "timeToPosteriorSeconds"],
  ["to posterior s (cached)", "timeToPosteriorCachedSeconds"],
];

const ALGO_COLUMNS: [string, keyof Figures][] = [
  ["warmup s", "warmupSeconds"],
  ["sampling s", "samplingSeconds"],
  ["sampling CPU s", "samplingCpuSeconds"],
  ["leapfrogs (sampling)", "leapfrogsSampling"],
  ["µs CPU/leapfrog", "microsecondsPerLeapfrog"],
  ["ESS/1000 leapfrogs", "essPer1000Leapfrogs"],
  ["max R-hat", "maxRhat"],
  ["divergences", "divergences"],
];

/** Columns whose ours/Stan ratio means nothing. */
const NO_RATIO = new Set<keyof Figures>(["maxRhat", "divergences"]);

function report(summary: SummaryRow[], columns: [string, keyof Figures][]): string {
  const rows: string[][] = [["model", "engine", ...columns.map((c) => c[0])]];
  for (const s of summary) {
    rows.push([s.model, "ours", ...columns.map(([, k]) => fmt(s.ours[k]))]);
    if (s.stan) {
      const stan = s.stan;
      rows.push(["", "Stan", ...columns.map(([, k]) => fmt(stan[k]))]);
      rows.push(["", "ours/Stan", ...columns.map(([, k]) => (NO_RATIO.has(k) ? "" : fmt(s.ours[k] / stan[k])))]);
    }
  }
  return table(rows);
}

interface SummaryRow {
  model: string;
  ours: Figures;
  stan: Figures | null;
  oursSlowest: string[];
  stanSlowest: string[];
}

// ---------------------------------------------------------------------------------------------

function main(): void {
  const o = parseArgs(process.argv.slice(2));
  const started = new Date();
  const loadStart = loadavg();
  process.stdout.write(
    `bench:mcmc — ${o.models.join(", ")}; ${o.chains} chains × ${o.warmup} warmup × ${o.draws} draws, serial, ${o.repeats} repeat(s)\n` +
      `load average at start: ${loadStart.map((v) => v.toFixed(2)).join(", ")} on ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"})\n`,
  );

  let stanReason: string | null = o.stan ? stanUnavailable() : "disabled with --no-stan";
  if (stanReason) process.stdout.write(`Stan skipped: ${stanReason}\n`);

  const datasets = new Map<string, unknown>();
  for (const m of o.models) {
    const f = JSON.parse(readFileSync(join(o.fixtures, MODELS[m]!.fixture), "utf8")) as Fixture;
    datasets.set(m, MODELS[m]!.data(f.data));
  }

  const ours: EngineRun[] = [];
  const stan: EngineRun[] = [];
  const stanMeta: Omit<StanOutput, "models">[] = [];
  // Repeats interleave the engines, so a change of the machine's load spreads over both.
  for (let rep = 0; rep < o.repeats; rep++) {
    const seed = o.seed + rep;
    for (const m of o.models) {
      process.stdout.write(`repeat ${rep + 1}/${o.repeats}: ours on ${m} (seed ${seed})...\n`);
      ours.push(runOurs(m, datasets.get(m), seed, rep, o));
    }
    if (stanReason === null) {
      process.stdout.write(`repeat ${rep + 1}/${o.repeats}: Stan on ${o.models.join(", ")} (seed ${seed})...\n`);
      try {
        const s = runStan(seed, o, o.recompile && rep === 0);
        const { models, ...meta } = s;
        stanMeta.push(meta);
        for (const m of models) stan.push(stanRun(s, m, rep));
      } catch (e) {
        stanReason = e instanceof Error ? e.message : String(e);
        process.stdout.write(`Stan skipped: ${stanReason}\n`);
      }
    }
  }

  const summary: SummaryRow[] = o.models.map((m) => {
    const ourRuns = ours.filter((r) => r.model === m);
    const stanRuns = stan.filter((r) => r.model === m);
    return {
      model: m,
      ours: medianFigures(ourRuns),
      stan: stanRuns.length > 0 ? medianFigures(stanRuns) : null,
      oursSlowest: ourRuns.map((r) => r.slowest.name),
      stanSlowest: stanRuns.map((r) => r.slowest.name),
    };
  });

  const FAR_BELOW = 10;
  const targets = summary
    .filter((s) => s.stan)
    .map((s) => {
      const cpuRatio = s.ours.essPerCpuSecondSampling / s.stan!.essPerCpuSecondSampling;
      const ttpRatio = s.stan!.timeToPosteriorSeconds / s.ours.timeToPosteriorSeconds;
      const converged = s.ours.maxRhat < 1.01 && s.ours.essBulkMin >= 400;
      return {
        model: s.model,
        essPerCpuSecondRatio: cpuRatio,
        essPerCpuSecondTargetMet: cpuRatio >= 1 / 3,
        timeToPosteriorStanOverOurs: ttpRatio,
        timeToPosteriorCachedStanOverOurs: s.stan!.timeToPosteriorCachedSeconds / s.ours.timeToPosteriorCachedSeconds,
        timeToPosteriorTargetMet: ttpRatio >= FAR_BELOW,
        oursConverged: converged,
      };
    });

  const loadEnd = loadavg();
  const stamp = started.toISOString().replace(/[:.]/g, "-");
  const result = {
    benchmark: "mcmc",
    timestamp: started.toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? null,
      loadAverageStart: loadStart,
      loadAverageEnd: loadEnd,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    },
    settings: {
      chains: o.chains,
      warmup: o.warmup,
      draws: o.draws,
      repeats: o.repeats,
      seeds: Array.from({ length: o.repeats }, (_, r) => o.seed + r),
      targetAccept: 0.8,
      maxTreeDepth: 10,
      metric: "diagonal",
      serial: true,
    },
    definitions: {
      essBulkMin: "bulk ESS (Vehtari et al. 2021) of the slowest parameter, latent and derived (theta), lp__ excluded",
      essPerSecondSampling: "min bulk ESS / wall seconds of the sampling phase of all chains (run one after another)",
      essPerSecondTotal: "min bulk ESS / wall seconds of warmup and sampling of all chains",
      essPerCpuSecondSampling: "min bulk ESS / CPU seconds (user + system) of the sampling phase of all chains",
      setupSeconds: "ours: building the potential from the model function; Stan: compiling the model (stan_model)",
      cachedSetupSeconds: "Stan: loading the cached compiled model (readRDS + DSO); ours: as setupSeconds",
      timeToPosteriorSeconds:
        "runtime start (Node + imports; R + library(rstan)) + setup + warmup + sampling + post-processing (constraining; rstan's fit object)",
      stanTimes:
        "Stan's per-phase CPU times are get_elapsed_time() (std::clock() of a single-threaded process); their wall times are those scaled by the wall/CPU ratio of the whole sampling() call",
      targets: `ESS per CPU-second (sampling) ours/Stan >= 1/3; time to posterior: Stan's at least ${FAR_BELOW}x ours ('far below')`,
    },
    stan: stanReason === null ? { available: true, ...stanMeta[0] } : { available: false, reason: stanReason },
    summary,
    targets,
    runs: { ours, stan },
  };
  const dir = join(repoRoot, "bench", "results");
  mkdirSync(dir, { recursive: true });
  const text = JSON.stringify(result, null, 2) + "\n";
  writeFileSync(join(dir, `mcmc-${stamp}.json`), text);
  writeFileSync(join(dir, "mcmc-latest.json"), text);

  const med = o.repeats > 1 ? ` (medians of ${o.repeats} repeats)` : "";
  process.stdout.write(`\nEffective samples per second${med}; times in seconds; ESS of the slowest parameter\n`);
  process.stdout.write(report(summary, COLUMNS) + "\n");
  process.stdout.write(`\nWhere the time goes${med}\n`);
  process.stdout.write(report(summary, ALGO_COLUMNS) + "\n\n");
  for (const s of summary)
    process.stdout.write(
      `${s.model}: slowest parameter — ours ${[...new Set(s.oursSlowest)].join("/")}` +
        (s.stan ? `; Stan ${[...new Set(s.stanSlowest)].join("/")}` : "") +
        "\n",
    );
  for (const r of stan.filter((x) => x.repeat === 0)) process.stdout.write(`Stan ${r.model}: ${r.notes.join("; ")}\n`);
  if (stanReason !== null) process.stdout.write(`Stan skipped: ${stanReason}\n`);
  for (const t of targets)
    process.stdout.write(
      `target ${t.model}: ESS/CPU-s ours/Stan = ${fmt(t.essPerCpuSecondRatio)} (>= 0.333: ${t.essPerCpuSecondTargetMet ? "met" : "NOT met"}); ` +
        `time to posterior Stan/ours = ${fmt(t.timeToPosteriorStanOverOurs)}x, with a cached compile ${fmt(t.timeToPosteriorCachedStanOverOurs)}x ` +
        `(>= ${FAR_BELOW}x: ${t.timeToPosteriorTargetMet ? "met" : "NOT met"}); ours converged (R-hat < 1.01, ESS >= 400): ${t.oursConverged ? "yes" : "NO"}\n`,
    );
  process.stdout.write(
    `load average at end: ${loadEnd.map((v) => v.toFixed(2)).join(", ")}\nwrote bench/results/mcmc-${stamp}.json and bench/results/mcmc-latest.json\n`,
  );
}

main();
