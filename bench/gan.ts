/**
 * `node dist/bench/gan.js`: training steps per second of the generative observation models
 * (src/perturb/generative/), on 4096 clean/perturbed pairs of a 2-D non-Gaussian mix (the
 * tests' ../test/perturb/generative-mix.ts), batch 256.
 *
 * - conditional GAN, the default architecture (generator 2+4→64→64→2, discriminator 4→64→64→1,
 *   leaky ReLU, R1 penalty, generator weight averaging): one step = one discriminator update
 *   (with the R1 term) + one generator update;
 * - observation flow, the default architecture (conditional MAF, 4 layers, conditioners
 *   [32, 32] tanh): one step = one Adam update on a minibatch.
 *
 * The training functions run whole loops, so a step's time is the difference of two run
 * lengths, (T(long) − T(short)) / (long − short) steps, which removes the set-up (statistics,
 * initialisation) from the figure. T is the median over samples timed with ../bench/harness.ts,
 * pooled over passes.
 *
 * Side by side (`ganSteps` in the JSON): the conditional GAN's step alone, written in this
 * library, TensorFlow.js (cpu and wasm backends, float32) and jax-js (whole step under one jit,
 * wasm, float64 and float32) in ./gan-step.ts, with the R1 penalty (γ = 1, the default) and
 * without it (γ = 0), on the same minibatches from the same initial weights. The losses of each
 * peer's first and 20th steps are compared with ours. Timed like ./training/run.ts: one step per
 * call, warm-up, samples of ≥ 5 ms pooled over passes, median.
 *
 * Options: `--budget <ms>` per run length (or step cell) and pass (default 3000), `--passes <n>`
 * (default 3), `--only <runs|steps>`.
 * @module
 */
import { loadavg } from "node:os";
import { key } from "../src/index.js";
import {
  DEFAULT_FLOW_CONFIG,
  DEFAULT_GAN_CONFIG,
  fitObservationFlow,
  trainConditionalGAN,
} from "../src/perturb/generative/index.js";
import { perturbationMix } from "../test/perturb/generative-mix.js";
import { type GanProblem, type GanStepper, ganProblem, ganStepJax, ganStepOurs, ganStepTf } from "./gan-step.js";
import { type Samples, measure, pool, summarise } from "./harness.js";
import { machineInfo, markdownTable, parseTimingOptions, stepRates, writeResults } from "./results-file.js";
import { loadJax } from "./workloads/jax.js";
import { loadTf } from "./workloads/tfjs.js";

const ROWS = 4096;
const BATCH = 256;

type Part = "runs" | "steps";

function parseArgs(argv: string[]): { budgetMs: number; passes: number; only: Part | null } {
  const o = parseTimingOptions("bench:gan", argv, { budgetMs: 3000, passes: 3 }, { only: null });
  if (o.only !== null && o.only !== "runs" && o.only !== "steps")
    throw new Error(`bench:gan: --only must be runs or steps, got ${o.only}`);
  return { budgetMs: o.budgetMs, passes: o.passes, only: o.only as Part | null };
}

interface Workload {
  name: string;
  description: string;
  /** Run lengths in steps. */
  short: number;
  long: number;
  /** A training run of about `steps` steps. */
  run(steps: number): void;
}

/** Steps whose losses are compared with this library's: the first (initial weights) and this one. */
const CHECK_STEPS = 20;

/** A side-by-side step cell: one library and dtype, with or without R1, pooled over passes. */
interface StepCell {
  r1Weight: number;
  library: string;
  dtype: string;
  samples?: Samples;
  initial: { discriminatorLoss: number; generatorLoss: number };
  atCheck: { discriminatorLoss: number; generatorLoss: number };
}

/**
 * Largest relative difference of a peer's losses (first and 20th step) from ours for it to count as
 * computing the same step: float32 rounding grows to ~1e-5 over 20 steps of this GAN, a different
 * gradient shows at ~1e-2.
 */
const AGREEMENT = 1e-3;

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

/** Whole training runs through trainConditionalGAN / fitObservationFlow, timed at two lengths. */
function runWorkloads(): Workload[] {
  const pairs = perturbationMix(key(1), ROWS);
  const stepsPerEpoch = Math.ceil(ROWS / BATCH);
  return [
    {
      name: "conditional-gan",
      description: `conditional GAN, defaults (G 2+${DEFAULT_GAN_CONFIG.latentDim}→${DEFAULT_GAN_CONFIG.generatorHidden.join("→")}→2, D 4→${DEFAULT_GAN_CONFIG.discriminatorHidden.join("→")}→1, ${DEFAULT_GAN_CONFIG.discriminatorActivation}, R1 γ ${DEFAULT_GAN_CONFIG.r1Weight}), batch ${BATCH}; step = D update + G update`,
      short: 10,
      long: 60,
      run: (steps) => void trainConditionalGAN(pairs, key(2), { steps, batchSize: BATCH }),
    },
    {
      name: "observation-flow",
      description: `observation flow, defaults (conditional MAF, ${DEFAULT_FLOW_CONFIG.layers} layers, conditioners [${DEFAULT_FLOW_CONFIG.hidden.join(", ")}] ${DEFAULT_FLOW_CONFIG.activation}), batch ${BATCH}; step = one Adam update`,
      short: stepsPerEpoch,
      long: 5 * stepsPerEpoch,
      run: (steps) => void fitObservationFlow(pairs, key(3), { epochs: steps / stepsPerEpoch, batchSize: BATCH }),
    },
  ];
}

async function main(): Promise<void> {
  const { budgetMs, passes, only } = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const loadAtStart = loadavg();
  const workloads = only === "steps" ? [] : runWorkloads();
  const problems: GanProblem[] = only === "runs" ? [] : [ganProblem(DEFAULT_GAN_CONFIG.r1Weight), ganProblem(0)];
  const pooled = new Map<string, Samples>();
  const stepCells = new Map<string, StepCell>();

  const timeStepper = (problem: GanProblem, make: () => GanStepper, pass: number): void => {
    const s = make();
    try {
      const losses = Array.from({ length: CHECK_STEPS }, () => s.step());
      const r1Weight = 2 * problem.halfGamma;
      const id = `${r1Weight}|${s.library}|${s.dtype}`;
      const cell = stepCells.get(id) ?? {
        r1Weight,
        library: s.library,
        dtype: s.dtype,
        initial: losses[0]!,
        atCheck: losses[CHECK_STEPS - 1]!,
      };
      cell.samples = pool(cell.samples, measure(s.step, { budgetMs }));
      stepCells.set(id, cell);
      console.error(
        `  ${pass}/${passes} GAN step γ ${r1Weight} ${s.library.padEnd(26)} ${s.dtype}  ` +
          `${(summarise(cell.samples).medianUs / 1000).toFixed(2).padStart(7)} ms/step (pooled)  ` +
          `D loss ${losses[0]!.discriminatorLoss.toPrecision(7)} → ${losses[CHECK_STEPS - 1]!.discriminatorLoss.toPrecision(7)}`,
      );
    } finally {
      s.dispose?.();
    }
  };

  let tfThreads: number | null = null;
  for (let pass = 1; pass <= passes; pass++) {
    for (const w of workloads)
      for (const steps of [w.short, w.long]) {
        const id = `${w.name}|${steps}`;
        pooled.set(
          id,
          pool(
            pooled.get(id),
            measure(() => w.run(steps), { budgetMs, warmupMs: 0, minSamples: 3 }),
          ),
        );
        console.error(
          `  ${pass}/${passes} ${w.name} ${steps} steps: ${(summarise(pooled.get(id)!).medianUs / 1000).toFixed(1)} ms (pooled)`,
        );
      }
    if (problems.length === 0) continue;
    for (const problem of problems) timeStepper(problem, () => ganStepOurs(problem), pass);
    for (const backend of ["cpu", "wasm"] as const) {
      const tf = await loadTf(backend);
      if (backend === "wasm") tfThreads = (await import("@tensorflow/tfjs-backend-wasm")).getThreadsCount();
      for (const problem of problems) timeStepper(problem, () => ganStepTf(tf, problem), pass);
    }
    const jax = await loadJax();
    for (const dtype of ["float64", "float32"] as const)
      for (const problem of problems) timeStepper(problem, () => ganStepJax(jax, problem, dtype), pass);
  }

  const cells = workloads.map((w) => {
    const s = summarise(pooled.get(`${w.name}|${w.short}`)!);
    const l = summarise(pooled.get(`${w.name}|${w.long}`)!);
    const msPerStep = (l.medianUs - s.medianUs) / 1000 / (w.long - w.short);
    const cpuMsPerStep = (l.cpuMedianUs - s.cpuMedianUs) / 1000 / (w.long - w.short);
    return {
      workload: w.name,
      description: w.description,
      stepsPerSecond: 1000 / msPerStep,
      msPerStep,
      cpuMsPerStep,
      runs: {
        [`${w.short} steps`]: {
          medianMs: s.medianUs / 1000,
          p10Ms: s.p10Us / 1000,
          p90Ms: s.p90Us / 1000,
          samples: s.samples,
        },
        [`${w.long} steps`]: {
          medianMs: l.medianUs / 1000,
          p10Ms: l.p10Us / 1000,
          p90Ms: l.p90Us / 1000,
          samples: l.samples,
        },
      },
    };
  });

  const all = [...stepCells.values()];
  const ganSteps = all.map((c) => {
    const t = summarise(c.samples!);
    const ours = all.find((o) => o.r1Weight === c.r1Weight && o.library === "policy-posterior")!;
    const oursPerSecond = 1e6 / summarise(ours.samples!).medianUs;
    const diff = (a: StepCell["initial"], b: StepCell["initial"]) => ({
      discriminator: rel(a.discriminatorLoss, b.discriminatorLoss),
      generator: rel(a.generatorLoss, b.generatorLoss),
    });
    const initialDiff = diff(c.initial, ours.initial);
    const checkDiff = diff(c.atCheck, ours.atCheck);
    return {
      r1Weight: c.r1Weight,
      library: c.library,
      dtype: c.dtype,
      ...stepRates(t),
      /** Ours' median steps/s over this cell's (> 1: ours is faster). */
      oursOverPeer: oursPerSecond / (1e6 / t.medianUs),
      initialLosses: c.initial,
      [`lossesAtStep${CHECK_STEPS}`]: c.atCheck,
      initialLossRelDiffFromOurs: initialDiff,
      [`lossAtStep${CHECK_STEPS}RelDiffFromOurs`]: checkDiff,
      agreesWithOurs: Math.max(...Object.values(initialDiff), ...Object.values(checkDiff)) < AGREEMENT,
    };
  });

  const timestamp = new Date().toISOString();
  const result = {
    name: "gan",
    timestamp,
    environment: {
      ...machineInfo(),
      tfjsWasmThreads: tfThreads,
      loadAverage: { start: loadAtStart, end: loadavg() },
      wallSeconds: (performance.now() - started) / 1000,
    },
    method:
      `whole training runs of two lengths on ${ROWS} pairs; ms per step = (median T(long) − median T(short)) / ` +
      `(long − short), medians over runs pooled over ${passes} passes of ${budgetMs} ms per run length. ` +
      "float64, single-threaded.",
    cells,
    ganStepMethod:
      "the conditional GAN's training step (D update with R1 when r1Weight > 0, G update, generator weight average; " +
      "DEFAULT_GAN_CONFIG architecture, batch 256, Adam lr 1e-3, β1 0.5, β2 0.9) written in each library " +
      "(bench/gan-step.ts) on the same fixed cycle of minibatches and noise, from the same initial weights; " +
      `one step per call, both losses read back into JavaScript. Median over samples (each ≥ 5 ms of steps), ` +
      `pooled over ${passes} passes, each cell warmed up for 300 ms after ${CHECK_STEPS} checked steps and sampled ` +
      `for ${budgetMs} ms per pass. policy-posterior float64 (R1 input gradient in closed form, ` +
      "discriminatorWithInputGradient); TensorFlow.js float32, cpu and wasm backends, R1 by tf.valueAndGrad inside " +
      "optimizer.minimize (leaky ReLU as 0.505a + 0.495|a| on that path: tf.leakyRelu's gradient has no gradient); " +
      "jax-js whole step under one jit, wasm, float64 and float32, R1 by grad inside valueAndGrad. All single-threaded.",
    ganSteps,
  };
  const file = writeResults("gan", result);
  for (const c of cells)
    console.log(
      `${c.workload}: ${c.stepsPerSecond.toFixed(1)} steps/s (${c.msPerStep.toFixed(2)} ms/step, CPU ${c.cpuMsPerStep.toFixed(2)} ms) — ${c.description}`,
    );
  if (ganSteps.length > 0) console.log(`\n${stepTable(ganSteps)}`);
  console.log(
    `\nload average at start ${loadAtStart.map((x) => x.toFixed(2)).join(", ")}, at end ${loadavg()
      .map((x) => x.toFixed(2))
      .join(", ")}; ${result.environment.wallSeconds.toFixed(0)} s\nwritten: ${file} and bench/results/gan-latest.json`,
  );
}

type StepRow = {
  r1Weight: number;
  library: string;
  dtype: string;
  stepsPerSecond: number;
  stepsPerSecondP10: number;
  stepsPerSecondP90: number;
  oursOverPeer: number;
  initialLossRelDiffFromOurs: { discriminator: number; generator: number };
  agreesWithOurs: boolean;
};

/** Markdown: one row per library and dtype; steps/s with and without R1, ours/peer, initial-loss agreement. */
function stepTable(rows: StepRow[]): string {
  const libs = [...new Set(rows.map((r) => `${r.library} ${r.dtype}`))];
  const gammas = [...new Set(rows.map((r) => r.r1Weight))].sort((a, b) => b - a);
  const head = [
    "GAN step: steps/s median [p10–p90]",
    ...gammas.flatMap((g) => [g > 0 ? `R1 γ ${g}` : "no R1", "ours/peer", "initial D, G loss rel. diff"]),
  ];
  const table = [head];
  for (const lib of libs) {
    const line = [lib];
    for (const g of gammas) {
      const r = rows.find((x) => x.r1Weight === g && `${x.library} ${x.dtype}` === lib);
      if (r === undefined) line.push("—", "—", "—");
      else
        line.push(
          `${r.stepsPerSecond.toFixed(1)} [${r.stepsPerSecondP10.toFixed(1)}–${r.stepsPerSecondP90.toFixed(1)}]`,
          r.oursOverPeer.toFixed(2),
          `${r.initialLossRelDiffFromOurs.discriminator.toExponential(1)}, ${r.initialLossRelDiffFromOurs.generator.toExponential(1)}` +
            (r.agreesWithOurs ? "" : ` (step ${CHECK_STEPS} differs)`),
        );
    }
    table.push(line);
  }
  return markdownTable(table);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
