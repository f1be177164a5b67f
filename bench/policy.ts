/**
 * Cost of a converged policy posterior as the number of transitions grows.
 *
 * The demo problem: CartPole-v1 driven by its pretrained linear-softmax behaviour policy (which
 * acts on the clean state), states observed through Gaussian noise of standard deviation 0.3, and
 * a linear-softmax posterior with the policy's own affine feature map, so that the posterior's
 * weights are the behaviour policy's weights (`[F, 1]`, the logit of "push left").
 *
 * For each size N (first N transitions of enough episodes):
 * - µs per gradient: `potentialEnergy(policyModel, args)` value and gradient, median of
 *   `repeats` timings of 200 calls after a warm-up, at a fixed random point.
 * - NUTS, 4 chains in worker threads (2 at a time on this machine): numWarmup = numSamples = 250,
 *   doubled until every R-hat < 1.01 and every bulk and tail ESS > 400 (Vehtari et al. 2021), or
 *   until the next run would exceed the per-size time cap; then the figures of the last run are
 *   reported and the converged budget and time are extrapolated (ESS grows linearly with the
 *   number of draws), labelled as such. The run is exactly what `PolicyPosteriorSampler` does
 *   for `engine: "nuts"` (engines.ts `runMcmc`: `MCMC(NUTS(policyModel))` and `runParallel`),
 *   called directly so that the per-draw leapfrog step counts (gradient evaluations) are kept.
 * - SVI through `PolicyPosteriorSampler` (`engine: "svi"`): seconds, the step of the built-in
 *   convergence rule, final loss per transition, and its means and sds next to NUTS's.
 * - Marginalisation modes (quadrature, monte-carlo, joint): µs per gradient at every size (joint
 *   only up to 10k transitions: its posterior has 4 dimensions per transition), and NUTS time to
 *   convergence at `--modes-size` (default 1000).
 *
 * Usage: `node dist/bench/policy.js [--sizes 1000,10000,100000] [--repeats 3] [--cap-minutes 15]
 * [--no-svi] [--no-modes] [--no-nuts] [--modes-size 1000] [--modes-cap-minutes 8] [--prior-variance v] [--start-budget 250]`. Results go to
 * `bench/results/policy-<ISO time>.json` and `bench/results/policy-latest.json`.
 * @module
 */
import { loadavg } from "node:os";
import { pretrainedPolicy, pretrainedSpec } from "../src/envs/policies/pretrained.js";
import { rollout } from "../src/envs/rollout.js";
import type { Summary } from "../src/infer/diagnostics/index.js";
import { MCMC, NUTS, mcmcSummary } from "../src/infer/mcmc/index.js";
import { gaussianNoise } from "../src/perturb/gaussian.js";
import { type Marginalization, type PolicyPosteriorConfig, resolveConfig } from "../src/policy/config.js";
import { buildModelArgs, buildStateModel, checkPolicyData } from "../src/policy/data.js";
import { type PolicyModelArgs, policyModel } from "../src/policy/model.js";
import { PolicyPosteriorSampler } from "../src/policy/sampler.js";
import { potentialEnergy } from "../src/ppl/index.js";
import { key, split, uniform } from "../src/random/index.js";
import { Tensor } from "../src/tensor/tensor.js";
import { machineInfo, writeResults } from "./results-file.js";

const ENV_ID = "CartPole-v1";
/**
 * The demo's problem (src/cli/demo-pipeline.ts): sensor noise 0.5 × each clean state dimension's
 * spread under the pretrained policy (sds 0.23, 0.34, 0.046, 0.23 → these), standardised features.
 */
const NOISE_STD = [0.128, 0.17, 0.0231, 0.117];
/** Standardisation of the posterior's features: the clean states' mean and spread (rounded). */
const FEATURES = { center: [0.17, 0.04, 0, 0], scale: [0.23, 0.28, 0.036, 0.23] };

/** The behaviour policy's raw weights in the standardised coordinates: w_j·scale_j; b + Σ w_j·center_j. */
function standardisedTruth(): number[] {
  const raw = pretrainedSpec(ENV_ID).params;
  const d = FEATURES.scale.length;
  const bias = raw[d]! + FEATURES.center.reduce((acc, c, j) => acc + raw[j]! * c, 0);
  return [...FEATURES.scale.map((s, j) => raw[j]! * s), bias];
}
const NUM_CHAINS = 4;
/** numWarmup = numSamples of the first NUTS run (`--start-budget`). */
let FIRST_BUDGET = 250;
const GRADIENT_CALLS = 200;
/** Joint marginalisation is skipped above this many transitions (N·D latent dimensions). */
const JOINT_MAX_N = 10_000;
const SVI_DRAWS = 1000;

interface Options {
  sizes: number[];
  repeats: number;
  capSeconds: number;
  svi: boolean;
  modes: boolean;
  nuts: boolean;
  modesSize: number;
  modesCapSeconds: number;
  /** policyPriorVariance of the posterior (default: the product's default, 1). */
  priorVariance?: number;
  /** numWarmup = numSamples of the first NUTS run (default 250); e.g. to resume a doubling. */
  startBudget: number;
}

function parseArgs(argv: readonly string[]): Options {
  const o: Options = {
    sizes: [1000, 10_000, 100_000],
    repeats: 3,
    capSeconds: 15 * 60,
    svi: true,
    modes: true,
    nuts: true,
    modesSize: 1000,
    modesCapSeconds: 8 * 60,
    startBudget: 250,
  };
  const positiveInt = (flag: string, v: string | undefined): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`bench/policy: ${flag} must be a positive integer, got ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--sizes") o.sizes = (argv[++i] ?? "").split(",").map((s) => positiveInt("--sizes entry", s));
    else if (a === "--repeats") o.repeats = positiveInt(a, argv[++i]);
    else if (a === "--cap-minutes") {
      const m = Number(argv[++i]);
      if (!(m > 0)) throw new Error(`bench/policy: --cap-minutes must be > 0, got ${argv[i]}`);
      o.capSeconds = m * 60;
    } else if (a === "--modes-cap-minutes") {
      const m = Number(argv[++i]);
      if (!(m > 0)) throw new Error(`bench/policy: --modes-cap-minutes must be > 0, got ${argv[i]}`);
      o.modesCapSeconds = m * 60;
    } else if (a === "--prior-variance") {
      const v = Number(argv[++i]);
      if (!(v >= 0.1 && v <= 10))
        throw new Error(`bench/policy: --prior-variance must be in [0.1, 10], got ${argv[i]}`);
      o.priorVariance = v;
    } else if (a === "--start-budget") {
      o.startBudget = positiveInt(a, argv[++i]);
    } else if (a === "--modes-size") o.modesSize = positiveInt(a, argv[++i]);
    else if (a === "--no-svi") o.svi = false;
    else if (a === "--no-modes") o.modes = false;
    else if (a === "--no-nuts") o.nuts = false;
    else
      throw new Error(
        `bench/policy: unknown option ${a}; valid: --sizes, --repeats, --cap-minutes, --modes-size, --modes-cap-minutes, --prior-variance, --start-budget, --no-svi, --no-modes, --no-nuts`,
      );
  }
  for (const n of o.sizes) if (n < 2) throw new Error(`bench/policy: --sizes entries must be >= 2, got ${n}`);
  return o;
}

/** The demo data: first `n` transitions, clean states, noisy observations, actions. */
interface DemoData {
  n: number;
  numEpisodes: number;
  clean: Float64Array;
  observations: Float64Array;
  actions: Int32Array;
  /** Episode index of each transition. */
  episode: Int32Array;
}

/** Roll the behaviour policy out until there are `n` transitions, then add N(0, 0.3²) noise. */
function demoData(n: number, seed: number): DemoData {
  const policy = pretrainedPolicy(ENV_ID);
  const [rolloutKey, noiseKey] = split(key(seed));
  // CartPole episodes of the pretrained policy last 500 steps; take more episodes if some end early.
  let episodes = Math.ceil(n / 500);
  for (;;) {
    const t = rollout(ENV_ID, policy, rolloutKey!, { numEpisodes: episodes });
    if (t.numTransitions >= n) {
      const d = t.obsDim;
      const clean = t.states.slice(0, n * d);
      const noisy = gaussianNoise({ std: NOISE_STD }).apply(noiseKey!, new Tensor(clean, [n, d]));
      return {
        n,
        numEpisodes: t.episode[n - 1]! + 1,
        clean,
        observations: Float64Array.from(noisy.data),
        actions: Int32Array.from((t.actions as Int32Array).subarray(0, n)),
        episode: t.episode.slice(0, n),
      };
    }
    episodes = Math.ceil(episodes * 1.5) + 1;
  }
}

/** The posterior's feature map: standardised CartPole states (as the demo). */
function featureSpec(): { name: "affine"; params: { center: number[]; scale: number[] } } {
  return { name: "affine", params: { center: [...FEATURES.center], scale: [...FEATURES.scale] } };
}

/** Set from `--prior-variance`; undefined keeps the product's default. */
let priorVariance: number | undefined;

function configFor(engine: "nuts" | "svi", marginalization: Marginalization = "auto"): PolicyPosteriorConfig {
  return {
    ...(priorVariance !== undefined ? { policyPriorVariance: priorVariance } : {}),
    family: "linear-softmax",
    numActions: 2,
    observationNoiseStd: NOISE_STD,
    features: featureSpec(),
    engine,
    marginalization,
    parallelChains: true,
    numChains: NUM_CHAINS,
  };
}

/** Model arguments exactly as `PolicyPosteriorSampler.samplePosterior` builds them. */
function modelArgs(config: PolicyPosteriorConfig, data: DemoData): PolicyModelArgs {
  const resolved = resolveConfig(config);
  const d = data.observations.length / data.n;
  const checked = checkPolicyData(resolved, new Tensor(data.observations, [data.n, d]), data.actions);
  const state = buildStateModel(resolved, checked);
  const [argsKey] = split(key(resolved.seed));
  return buildModelArgs(resolved, checked, state, argsKey!);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** µs per value-and-gradient of the model's potential: wall (median of `repeats` timings) and CPU. */
interface GradientTiming {
  us: number;
  cpuUs: number;
  dim: number;
  calls: number;
}

/**
 * Median wall µs per value-and-gradient of the model's potential over `repeats` timings of up to
 * 200 calls (fewer for slow models: about 2 s per timing), at a fixed random point, after a
 * warm-up; CPU µs of this thread alongside (less sensitive to other processes on the cores).
 */
function microsPerGradient(args: PolicyModelArgs, repeats: number): GradientTiming {
  const mp = potentialEnergy(policyModel, args, key(1));
  const q = Float64Array.from(uniform(key(2), [mp.dim], -0.5, 0.5).data);
  const g = new Float64Array(mp.dim);
  const warm = performance.now();
  let warmCalls = 0;
  while (performance.now() - warm < 300 || warmCalls < 2) {
    mp.potential(q, g);
    warmCalls++;
  }
  const estimateUs = ((performance.now() - warm) * 1000) / warmCalls;
  const calls = Math.max(3, Math.min(GRADIENT_CALLS, Math.floor(2e6 / estimateUs)));
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) mp.potential(q, g);
    wall.push(((performance.now() - t0) * 1000) / calls);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / calls);
  }
  return { us: median(wall), cpuUs: median(cpu), dim: mp.dim, calls };
}

/** Convergence figures of one summary (rows of the policy weights). */
interface Convergence {
  maxRhat: number;
  minEssBulk: number;
  minEssTail: number;
  converged: boolean;
}

function convergence(s: Summary): Convergence {
  let maxRhat = -Infinity;
  let minEssBulk = Infinity;
  let minEssTail = Infinity;
  for (const r of s.rows) {
    maxRhat = Math.max(maxRhat, Number.isFinite(r.rHat) ? r.rHat : Infinity);
    minEssBulk = Math.min(minEssBulk, r.essBulk);
    minEssTail = Math.min(minEssTail, r.essTail);
  }
  return { maxRhat, minEssBulk, minEssTail, converged: maxRhat < 1.01 && minEssBulk > 400 && minEssTail > 400 };
}

interface WeightRow {
  name: string;
  truth: number;
  mean: number;
  sd: number;
  q5: number;
  q95: number;
  covered: boolean;
}

/** Posterior mean, sd and 90% interval of each weight next to the behaviour policy's weight. */
function weightRows(s: Summary): WeightRow[] {
  const truth = standardisedTruth();
  return s.rows
    .filter((r) => r.name.startsWith("weights"))
    .map((r, i) => ({
      name: r.name,
      truth: truth[i]!,
      mean: r.mean,
      sd: r.sd,
      q5: r.q5,
      q95: r.q95,
      covered: r.q5 <= truth[i]! && truth[i]! <= r.q95,
    }));
}

interface NutsRun extends Convergence {
  budget: number;
  numChains: number;
  /** Mean leapfrog steps (gradients) per iteration after warmup. */
  stepsPerSamplingIteration: number;
  seconds: number;
  gradients: number;
  warmupGradients: number;
  divergences: number;
  treeDepthSaturated: number;
  meanTreeDepth: number;
  stepSizes: number[];
  essBulkPerSecond: number;
}

async function runNuts(
  args: PolicyModelArgs,
  budget: number,
  seed: number,
  numChains = NUM_CHAINS,
): Promise<{ run: NutsRun; summary: Summary }> {
  // denseMass as engines.ts runMcmc uses it for a weights-only posterior.
  const mcmc = new MCMC(NUTS(policyModel, { targetAccept: 0.8, denseMass: args.mode !== "joint" }), {
    numWarmup: budget,
    numSamples: budget,
    numChains,
  });
  const t0 = performance.now();
  const result = await mcmc.runParallel(key(seed), args, {
    modelModule: new URL("../src/policy/model.js", import.meta.url).href,
    exportName: "policyModel",
  });
  const seconds = (performance.now() - t0) / 1000;
  const sites = Object.keys(result.samples).filter((s) => s !== "clean_state_noise");
  const summary = mcmcSummary(result, sites);
  const sum = (xs: ArrayLike<number>): number => {
    let t = 0;
    for (let i = 0; i < xs.length; i++) t += xs[i]!;
    return t;
  };
  let gradients = 0;
  let warmupGradients = 0;
  let depth = 0;
  let samplingSteps = 0;
  for (const c of result.chains) {
    samplingSteps += sum(c.stats.numSteps);
    gradients += sum(c.stats.numSteps);
    warmupGradients += sum(c.warmupStats.numSteps);
    depth += sum(c.stats.treeDepth);
  }
  const conv = convergence(summary);
  return {
    run: {
      budget,
      seconds,
      gradients: gradients + warmupGradients,
      warmupGradients,
      divergences: summary.sampler?.divergences ?? 0,
      treeDepthSaturated: summary.sampler?.treeDepthSaturated ?? 0,
      numChains,
      meanTreeDepth: depth / (numChains * budget),
      stepsPerSamplingIteration: samplingSteps / (numChains * budget),
      stepSizes: result.chains.map((c) => c.stepSize),
      essBulkPerSecond: conv.minEssBulk / seconds,
      ...conv,
    },
    summary,
  };
}

interface NutsResult {
  runs: NutsRun[];
  converged: boolean;
  /** Seconds of the converged run (measured) or of the extrapolated converged budget. */
  convergedRunSeconds: number;
  /** Every run up to and including the converged one (measured), or measured + extrapolated. */
  cumulativeSeconds: number;
  convergedBudget: number;
  extrapolated: boolean;
  /** The figures come from a short 2-chain probe (the size was too large for even the first run). */
  probe: boolean;
  extrapolation?: string;
  weights: WeightRow[];
  summary: Summary;
}

/** What a size too large for the cap is extrapolated from: a smaller size's converged run. */
interface NutsReference {
  n: number;
  gradients: number;
  budget: number;
  stepsPerSamplingIteration: number;
}

/**
 * Double the budget from 250 until converged or the cap would be exceeded. When even the first
 * run is predicted (`predictedFirstSeconds`) to exceed the cap, run a short probe instead (2
 * chains, one per core, 50 warmup + 50 draws) to measure the wall seconds per gradient with both
 * cores busy, and extrapolate from `reference` (gradients to convergence taken as independent
 * of N: the posterior is 5-dimensional whatever N, and the adapted metric absorbs its 1/√N scale).
 */
async function nutsUntilConverged(
  args: PolicyModelArgs,
  capSeconds: number,
  label: string,
  predictedFirstSeconds?: number,
  reference?: NutsReference,
): Promise<NutsResult> {
  if (predictedFirstSeconds !== undefined && predictedFirstSeconds > capSeconds && reference !== undefined) {
    const probeBudget = 50;
    const { run, summary } = await runNuts(args, probeBudget, 7, 2);
    const secondsPerGradient = run.seconds / run.gradients;
    const t = reference.gradients * secondsPerGradient;
    console.error(
      `  ${label} NUTS probe (2 chains, ${probeBudget}/${probeBudget}): ${run.seconds.toFixed(1)} s, ${run.gradients} gradients, ` +
        `${run.stepsPerSamplingIteration.toFixed(1)} steps/iteration; extrapolated converged run ${t.toFixed(0)} s`,
    );
    return {
      runs: [run],
      converged: false,
      convergedRunSeconds: t,
      cumulativeSeconds: t * (2 - FIRST_BUDGET / reference.budget),
      convergedBudget: reference.budget,
      extrapolated: true,
      probe: true,
      extrapolation:
        `EXTRAPOLATED (${label}): a 4-chain ${FIRST_BUDGET}/${FIRST_BUDGET} run was predicted at ${predictedFirstSeconds.toFixed(0)} s, over the ` +
        `${(capSeconds / 60).toFixed(0)}-min cap. Probe: 2 chains × (${probeBudget} warmup + ${probeBudget} draws) on the 2 cores, ` +
        `${run.seconds.toFixed(1)} s for ${run.gradients} gradients = ${(secondsPerGradient * 1000).toFixed(1)} ms wall per gradient with both ` +
        `cores busy, ${run.stepsPerSamplingIteration.toFixed(1)} steps per iteration after its short warmup (N=${reference.n}: ` +
        `${reference.stepsPerSamplingIteration.toFixed(1)}). Converged run = the ${reference.gradients} gradients that converged at N=${reference.n} ` +
        `(budget ${reference.budget}/${reference.budget}) × that cost; cumulative adds the smaller budgets (geometric sum).`,
      weights: weightRows(summary),
      summary,
    };
  }
  const runs: NutsRun[] = [];
  let cumulative = 0;
  let budget = FIRST_BUDGET;
  for (;;) {
    const { run, summary } = await runNuts(args, budget, 7);
    runs.push(run);
    cumulative += run.seconds;
    console.error(
      `  ${label} NUTS ${budget}/${budget}: ${run.seconds.toFixed(1)} s, max R-hat ${run.maxRhat.toFixed(4)}, ` +
        `min ESS bulk ${run.minEssBulk.toFixed(0)} tail ${run.minEssTail.toFixed(0)}, ${run.gradients} gradients, ` +
        `${run.divergences} divergences`,
    );
    if (run.converged)
      return {
        runs,
        converged: true,
        convergedRunSeconds: run.seconds,
        cumulativeSeconds: cumulative,
        convergedBudget: budget,
        extrapolated: false,
        probe: false,
        weights: weightRows(summary),
        summary,
      };
    // Cost is linear in the budget (same adapted step size and tree depth per draw).
    if (cumulative + 2 * run.seconds > capSeconds) {
      const factor = Math.max(
        2,
        400 / Math.max(run.minEssBulk, 1),
        400 / Math.max(run.minEssTail, 1),
        run.maxRhat >= 1.01 ? 2 : 1,
      );
      let b = budget;
      let extra = 0;
      while (b < budget * factor) {
        b *= 2;
        extra += run.seconds * (b / budget);
      }
      return {
        runs,
        converged: false,
        convergedRunSeconds: run.seconds * (b / budget),
        cumulativeSeconds: cumulative + extra,
        convergedBudget: b,
        extrapolated: true,
        probe: false,
        extrapolation:
          `EXTRAPOLATED: the ${capSeconds / 60}-min cap stopped the doubling at ${budget}/${budget} ` +
          `(min ESS bulk ${run.minEssBulk.toFixed(0)}, tail ${run.minEssTail.toFixed(0)}, max R-hat ${run.maxRhat.toFixed(4)}); ` +
          `ESS taken as linear in the number of draws, so budget ${b}/${b} is expected to converge, ` +
          `its time as ${run.seconds.toFixed(1)} s × ${b / budget}`,
        weights: weightRows(summary),
        summary,
      };
    }
    budget *= 2;
  }
}

interface SviResult {
  seconds: number;
  convergedAtStep: number | null;
  steps: number;
  finalLossPerTransition: number | null;
  weights: WeightRow[];
  extrapolated: boolean;
  extrapolation?: string;
  versusNuts?: { name: string; meanDiffInNutsSds: number; sdRatio: number }[];
}

/** Thrown from the progress callback to stop a probe run. */
class StopProbe extends Error {}

/**
 * SVI through `PolicyPosteriorSampler`. When the full run is predicted to exceed the cap, time
 * `PROBE_STEPS` steps instead and extrapolate to the convergence step of `referenceStep` (the
 * step count is taken as independent of N: the loss is a sum over transitions, Adam's steps are
 * scale-free), labelled as such.
 */
async function runSviBench(
  data: DemoData,
  capSeconds: number,
  predictedSeconds?: number,
  reference?: { n: number; step: number },
): Promise<SviResult> {
  const sampler = new PolicyPosteriorSampler(configFor("svi"));
  const d = data.observations.length / data.n;
  const obs = new Tensor(data.observations, [data.n, d]);
  if (predictedSeconds !== undefined && predictedSeconds > capSeconds && reference !== undefined) {
    const probeSteps = 30;
    let t0 = 0;
    let timed = 0;
    let secondsPerStep = NaN;
    try {
      await sampler.samplePosterior(obs, data.actions, SVI_DRAWS, {
        onProgress: (p) => {
          // The first few steps include the guide's setup: time steps 5…5 + probeSteps.
          if (p.iteration === 5) t0 = performance.now();
          if (p.iteration > 5) timed++;
          if (timed === probeSteps) {
            secondsPerStep = (performance.now() - t0) / 1000 / probeSteps;
            throw new StopProbe();
          }
        },
      });
    } catch (e) {
      if (!(e instanceof StopProbe)) throw e;
    }
    const t = secondsPerStep * reference.step;
    return {
      seconds: t,
      convergedAtStep: null,
      steps: probeSteps,
      finalLossPerTransition: null,
      weights: [],
      extrapolated: true,
      extrapolation:
        `EXTRAPOLATED (N=${data.n}): the full run was predicted at ${predictedSeconds.toFixed(0)} s, over the cap; ` +
        `${probeSteps} timed steps took ${(secondsPerStep * 1000).toFixed(0)} ms each; × the convergence step at N=${reference.n} (${reference.step}).`,
    };
  }
  const post = await sampler.samplePosterior(obs, data.actions, SVI_DRAWS);
  const losses = post.draws.losses!;
  const tail = Math.min(50, losses.length);
  let last = 0;
  for (let i = losses.length - tail; i < losses.length; i++) last += losses[i]!;
  return {
    seconds: post.draws.seconds,
    convergedAtStep: post.draws.convergedAtStep ?? null,
    steps: losses.length,
    finalLossPerTransition: last / tail / data.n,
    weights: weightRows(post.summary),
    extrapolated: false,
  };
}

/** Least-squares slope of log y on log x. */
function logLogSlope(xs: readonly number[], ys: readonly number[]): number | null {
  const pts = xs.map((x, i) => [Math.log(x), Math.log(ys[i]!)] as const).filter(([, y]) => Number.isFinite(y));
  if (pts.length < 2) return null;
  const mx = pts.reduce((s, [x]) => s + x, 0) / pts.length;
  const my = pts.reduce((s, [, y]) => s + y, 0) / pts.length;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of pts) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxx === 0 ? null : sxy / sxx;
}

const fmt = (x: number | null | undefined, digits = 1): string =>
  x === null || x === undefined || !Number.isFinite(x) ? "—" : x.toFixed(digits);

function printTable(header: string[], rows: string[][]): void {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const line = (r: string[]): string => `| ${r.map((s, i) => s.padEnd(widths[i]!)).join(" | ")} |`;
  console.log([line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n"));
}

interface SizeResult {
  n: number;
  numEpisodes: number;
  usPerGradient: Partial<Record<Marginalization, GradientTiming | string>>;
  nuts?: NutsResult;
  svi?: SviResult;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  priorVariance = opts.priorVariance;
  FIRST_BUDGET = opts.startBudget;
  const loadAtStart = loadavg()[0]!;
  const started = performance.now();
  const sizes: SizeResult[] = [];
  const maxN = Math.max(...opts.sizes, opts.modes ? opts.modesSize : 0);
  const all = demoData(maxN, 0);
  const take = (n: number): DemoData => {
    const d = all.observations.length / all.n;
    const obs = all.observations.subarray(0, n * d);
    return {
      n,
      numEpisodes: all.episode[n - 1]! + 1,
      clean: all.clean.subarray(0, n * d),
      observations: obs,
      actions: all.actions.subarray(0, n),
      episode: all.episode.subarray(0, n),
    };
  };
  for (const n of opts.sizes) {
    const data = take(n);
    console.error(`N = ${n} (${data.numEpisodes} episodes)`);
    const res: SizeResult = { n, numEpisodes: data.numEpisodes, usPerGradient: {} };
    const modes: Marginalization[] = opts.modes ? ["quadrature", "monte-carlo", "joint"] : ["quadrature"];
    for (const m of modes) {
      if (m === "joint" && n > JOINT_MAX_N) {
        res.usPerGradient[m] = `skipped: joint has ${4 * n} latent state dimensions above ${JOINT_MAX_N} transitions`;
        continue;
      }
      const timing = microsPerGradient(modelArgs(configFor("nuts", m), data), opts.repeats);
      res.usPerGradient[m] = timing;
      console.error(`  µs/gradient ${m}: ${fmt(timing.us)} wall, ${fmt(timing.cpuUs)} CPU (${timing.calls} calls)`);
    }
    // The previous size's measured runs, scaled by the ratio of µs per gradient, predict this size's.
    const prev = [...sizes].reverse().find((s) => s.nuts !== undefined && !s.nuts.extrapolated);
    const prevSvi = [...sizes].reverse().find((s) => s.svi?.convergedAtStep != null && !s.svi.extrapolated);
    // CPU µs: the wall figure swings with other processes' load on the cores.
    const usNow = (res.usPerGradient.quadrature as GradientTiming).cpuUs;
    const ratio = (s: SizeResult): number => usNow / (s.usPerGradient.quadrature as GradientTiming).cpuUs;
    if (opts.nuts) {
      const ref = prev?.nuts?.runs[prev.nuts.runs.length - 1];
      res.nuts = await nutsUntilConverged(
        modelArgs(configFor("nuts"), data),
        opts.capSeconds,
        `N=${n}`,
        prev ? prev.nuts!.runs[0]!.seconds * ratio(prev) : undefined,
        prev && ref
          ? {
              n: prev.n,
              gradients: ref.gradients,
              budget: ref.budget,
              stepsPerSamplingIteration: ref.stepsPerSamplingIteration,
            }
          : undefined,
      );
    }
    if (opts.svi) {
      res.svi = await runSviBench(
        data,
        opts.capSeconds,
        prevSvi ? prevSvi.svi!.seconds * ratio(prevSvi) : undefined,
        prevSvi ? { n: prevSvi.n, step: prevSvi.svi!.convergedAtStep! } : undefined,
      );
      if (res.nuts && !res.nuts.extrapolated && !res.svi.extrapolated) {
        const byName = new Map(res.nuts.weights.map((w) => [w.name, w]));
        res.svi.versusNuts = res.svi.weights.map((w) => {
          const ref = byName.get(w.name)!;
          return { name: w.name, meanDiffInNutsSds: (w.mean - ref.mean) / ref.sd, sdRatio: w.sd / ref.sd };
        });
      }
      console.error(
        `  SVI: ${res.svi.seconds.toFixed(1)} s, converged at step ${res.svi.convergedAtStep ?? "— (not converged)"}, ` +
          `loss/transition ${fmt(res.svi.finalLossPerTransition, 4)}${res.svi.extrapolated ? " (EXTRAPOLATED)" : ""}`,
      );
    }
    sizes.push(res);
  }

  // NUTS time to convergence per marginalisation mode at one size.
  const modeRuns: Record<string, NutsResult | string> = {};
  if (opts.modes && opts.nuts) {
    const data = take(opts.modesSize);
    for (const m of ["quadrature", "monte-carlo", "joint"] as const) {
      if (m === "quadrature" && opts.sizes.includes(opts.modesSize)) {
        modeRuns[m] = sizes.find((s) => s.n === opts.modesSize)!.nuts!;
        continue;
      }
      if (m === "joint" && opts.modesSize > JOINT_MAX_N) {
        modeRuns[m] = `skipped above ${JOINT_MAX_N} transitions`;
        continue;
      }
      modeRuns[m] = await nutsUntilConverged(
        modelArgs(configFor("nuts", m), data),
        opts.modesCapSeconds,
        `${m} N=${opts.modesSize}`,
      );
    }
  }

  const ns = sizes.map((s) => s.n);
  const exps = {
    usPerGradient: logLogSlope(
      ns,
      sizes.map((s) => (s.usPerGradient.quadrature as GradientTiming).us),
    ),
    nutsConvergedRunSeconds: opts.nuts
      ? logLogSlope(
          ns,
          sizes.map((s) => s.nuts!.convergedRunSeconds),
        )
      : null,
    nutsCumulativeSeconds: opts.nuts
      ? logLogSlope(
          ns,
          sizes.map((s) => s.nuts!.cumulativeSeconds),
        )
      : null,
    sviSeconds: opts.svi
      ? logLogSlope(
          ns,
          sizes.map((s) => s.svi!.seconds),
        )
      : null,
  };
  // The same fits over measured points only (extrapolated sizes left out).
  const measured = (pick: (s: SizeResult) => number | undefined, ok: (s: SizeResult) => boolean) => {
    const kept = sizes.filter(ok);
    return logLogSlope(
      kept.map((s) => s.n),
      kept.map((s) => pick(s) ?? NaN),
    );
  };
  const measuredExps = {
    nutsGradientsOfConvergedRun: measured(
      (s) => s.nuts?.runs[s.nuts.runs.length - 1]?.gradients,
      (s) => s.nuts !== undefined && !s.nuts.extrapolated,
    ),
    nutsConvergedRunSeconds: measured(
      (s) => s.nuts?.convergedRunSeconds,
      (s) => s.nuts !== undefined && !s.nuts.extrapolated,
    ),
    nutsCumulativeSeconds: measured(
      (s) => s.nuts?.cumulativeSeconds,
      (s) => s.nuts !== undefined && !s.nuts.extrapolated,
    ),
    sviSeconds: measured(
      (s) => s.svi?.seconds,
      (s) => s.svi !== undefined && !s.svi.extrapolated,
    ),
  };

  const timestamp = new Date().toISOString();
  const result = {
    name: "policy",
    timestamp,
    environment: {
      ...machineInfo(),
      // other processes competing for the cores inflate wall times
      loadAverage1m: { start: loadAtStart, end: loadavg()[0]! },
      totalSeconds: (performance.now() - started) / 1000,
    },
    problem: {
      env: ENV_ID,
      behaviourPolicy: `pretrainedPolicy("${ENV_ID}"), acting on the clean state`,
      trueWeights: standardisedTruth(),
      features: featureSpec(),
      observationNoiseStd: NOISE_STD,
      config: configFor("nuts"),
    },
    method:
      `N = first N transitions of rollouts (key(0)); observations = states + N(0, diag([${NOISE_STD.join(", ")}])²) noise; features standardised (center ${FEATURES.center.join("/")}, scale ${FEATURES.scale.join("/")}); true weights in those coordinates. ` +
      `µs/gradient: median of ${opts.repeats} timings of ${GRADIENT_CALLS} potentialEnergy(policyModel) value-and-gradient calls. ` +
      `NUTS: ${NUM_CHAINS} chains in worker threads, numWarmup = numSamples = ${FIRST_BUDGET} doubled until every R-hat < 1.01 and ` +
      `min bulk and tail ESS > 400, capped at ${opts.capSeconds / 60} min per size (beyond: extrapolated, labelled); ` +
      `gradients = leapfrog steps of warmup and sampling over all chains. SVI: PolicyPosteriorSampler engine "svi" ` +
      `(defaults: 2000 steps max, lr 0.01, 4 particles, full-covariance Gaussian guide), its built-in convergence rule; ` +
      `final loss = mean negative ELBO of the last 50 steps / N. Scaling exponents: least-squares slope of log cost on log N.`,
    sizes,
    modes: { n: opts.modesSize, nuts: modeRuns },
    scalingExponents: { includingExtrapolated: exps, measuredOnly: measuredExps },
  };
  const file = writeResults("policy", result);

  console.log(
    `\nCartPole-v1, noise std [${NOISE_STD.join(", ")}], linear-softmax posterior (quadrature unless stated)\n`,
  );
  printTable(
    [
      "N",
      "µs/grad",
      "NUTS budget",
      "converged run s",
      "cumulative s",
      "gradients",
      "ESS bulk/s",
      "max R-hat",
      "min ESS b/t",
      "div",
      "covered (90%)",
      "SVI s",
      "SVI step",
      "SVI loss/N",
    ],
    sizes.map((s) => {
      const nu = s.nuts;
      const last = nu?.runs[nu.runs.length - 1];
      const mark = nu?.extrapolated ? "*" : "";
      return [
        String(s.n),
        fmt((s.usPerGradient.quadrature as GradientTiming).us),
        nu ? `${nu.convergedBudget}${mark}` : "—",
        nu ? `${fmt(nu.convergedRunSeconds)}${mark}` : "—",
        nu ? `${fmt(nu.cumulativeSeconds)}${mark}` : "—",
        last ? String(last.gradients) : "—",
        last ? fmt(last.essBulkPerSecond) : "—",
        last ? fmt(last.maxRhat, 4) : "—",
        last ? `${fmt(last.minEssBulk, 0)}/${fmt(last.minEssTail, 0)}` : "—",
        last ? String(last.divergences) : "—",
        nu ? `${nu.weights.filter((w) => w.covered).length}/${nu.weights.length}` : "—",
        s.svi ? `${fmt(s.svi.seconds)}${s.svi.extrapolated ? "*" : ""}` : "—",
        s.svi ? String(s.svi.convergedAtStep ?? "no") : "—",
        s.svi ? fmt(s.svi.finalLossPerTransition, 4) : "—",
      ];
    }),
  );
  const notes = sizes.flatMap((s) => [s.nuts?.extrapolation ?? [], s.svi?.extrapolation ?? []].flat());
  if (notes.length > 0) console.log("* extrapolated beyond the time cap:\n  " + notes.join("\n  "));

  console.log("\nPosterior of the weights (truth: the behaviour policy's)\n");
  printTable(
    [
      "N",
      "weight",
      "truth",
      "NUTS mean ± sd",
      "NUTS 90%",
      "covers",
      "SVI mean ± sd",
      "SVI Δmean/sd_NUTS",
      "SVI sd ratio",
    ],
    sizes.flatMap((s) =>
      (s.nuts?.weights ?? s.svi?.weights ?? []).map((w, i) => {
        const sv = s.svi?.weights[i];
        const vs = s.svi?.versusNuts?.[i];
        return [
          String(s.n),
          w.name,
          fmt(w.truth, 3),
          s.nuts ? `${fmt(w.mean, 3)} ± ${fmt(w.sd, 3)}` : "—",
          s.nuts ? `[${fmt(w.q5, 2)}, ${fmt(w.q95, 2)}]` : "—",
          s.nuts
            ? `${w.covered ? "yes" : "no"}${s.nuts.probe ? " (probe draws)" : s.nuts.extrapolated ? " (unconverged run)" : ""}`
            : "—",
          sv ? `${fmt(sv.mean, 3)} ± ${fmt(sv.sd, 3)}` : "—",
          vs ? fmt(vs.meanDiffInNutsSds, 2) : "—",
          vs ? fmt(vs.sdRatio, 2) : "—",
        ];
      }),
    ),
  );

  console.log("\nMarginalisation modes: µs per gradient\n");
  printTable(
    ["N", "quadrature (16 nodes)", "monte-carlo (32 draws)", "joint"],
    sizes.map((s) => [
      String(s.n),
      ...(["quadrature", "monte-carlo", "joint"] as const).map((m) => {
        const v = s.usPerGradient[m];
        return v === undefined
          ? "—"
          : typeof v === "string"
            ? "skipped"
            : `${fmt(v.us)} wall, ${fmt(v.cpuUs)} CPU (dim ${v.dim})`;
      }),
    ]),
  );
  if (Object.keys(modeRuns).length > 0) {
    console.log(`\nMarginalisation modes: NUTS to convergence at N = ${opts.modesSize}\n`);
    printTable(
      ["mode", "budget", "converged run s", "cumulative s", "gradients", "max R-hat", "min ESS b/t", "covered"],
      Object.entries(modeRuns).map(([m, r]) => {
        if (typeof r === "string") return [m, r, "", "", "", "", "", ""];
        const last = r.runs[r.runs.length - 1]!;
        const mark = r.extrapolated ? "*" : "";
        return [
          m,
          `${r.convergedBudget}${mark}`,
          `${fmt(r.convergedRunSeconds)}${mark}`,
          `${fmt(r.cumulativeSeconds)}${mark}`,
          String(last.gradients),
          fmt(last.maxRhat, 4),
          `${fmt(last.minEssBulk, 0)}/${fmt(last.minEssTail, 0)}`,
          `${r.weights.filter((w) => w.covered).length}/${r.weights.length}`,
        ];
      }),
    );
  }

  console.log("\nScaling exponents (slope of log cost on log N; all sizes, extrapolated ones included)");
  for (const [k, v] of Object.entries(exps)) console.log(`  ${k}: ${v === null ? "—" : v.toFixed(2)}`);
  console.log("Scaling exponents over measured sizes only");
  for (const [k, v] of Object.entries(measuredExps)) console.log(`  ${k}: ${v === null ? "—" : v.toFixed(2)}`);
  console.log(`\nwritten: ${file} and bench/results/policy-latest.json`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
