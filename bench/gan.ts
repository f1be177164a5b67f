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
 * pooled over passes. Options: `--budget <ms>` per run length and pass (default 3000),
 * `--passes <n>` (default 3).
 * @module
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, platform, release } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { key } from "../src/index.js";
import {
  DEFAULT_FLOW_CONFIG,
  DEFAULT_GAN_CONFIG,
  fitObservationFlow,
  trainConditionalGAN,
} from "../src/perturb/generative/index.js";
import { perturbationMix } from "../test/perturb/generative-mix.js";
import { type Samples, measure, pool, summarise } from "./harness.js";

const ROWS = 4096;
const BATCH = 256;

function parseArgs(argv: string[]): { budgetMs: number; passes: number } {
  let budgetMs = 3000;
  let passes = 3;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[++i];
    if (v === undefined) throw new Error(`bench:gan: ${a} needs a value`);
    if (a === "--budget") budgetMs = Number(v);
    else if (a === "--passes") passes = Number(v);
    else throw new Error(`bench:gan: unknown option ${a} (expected --budget or --passes)`);
  }
  if (!(budgetMs > 0)) throw new Error(`bench:gan: --budget must be a positive number of ms, got ${budgetMs}`);
  if (!Number.isInteger(passes) || passes < 1)
    throw new Error(`bench:gan: --passes must be a positive integer, got ${passes}`);
  return { budgetMs, passes };
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

function main(): void {
  const { budgetMs, passes } = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const loadAtStart = loadavg();
  const pairs = perturbationMix(key(1), ROWS);
  const stepsPerEpoch = Math.ceil(ROWS / BATCH);
  const workloads: Workload[] = [
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
  const pooled = new Map<string, Samples>();
  for (let pass = 1; pass <= passes; pass++)
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
  const timestamp = new Date().toISOString();
  const result = {
    name: "gan",
    timestamp,
    environment: {
      node: process.version,
      platform: `${platform()} ${release()}`,
      cpu: cpus()[0]?.model ?? "unknown",
      cores: cpus().length,
      loadAverage: { start: loadAtStart, end: loadavg() },
      wallSeconds: (performance.now() - started) / 1000,
    },
    method:
      `whole training runs of two lengths on ${ROWS} pairs; ms per step = (median T(long) − median T(short)) / ` +
      `(long − short), medians over runs pooled over ${passes} passes of ${budgetMs} ms per run length. ` +
      "float64, single-threaded.",
    cells,
  };
  const dir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "bench", "results");
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify(result, null, 2) + "\n";
  const file = join(dir, `gan-${timestamp.replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, json);
  writeFileSync(join(dir, "gan-latest.json"), json);
  for (const c of cells)
    console.log(
      `${c.workload}: ${c.stepsPerSecond.toFixed(1)} steps/s (${c.msPerStep.toFixed(2)} ms/step, CPU ${c.cpuMsPerStep.toFixed(2)} ms) — ${c.description}`,
    );
  console.log(
    `load average at start ${loadAtStart.map((x) => x.toFixed(2)).join(", ")}, at end ${loadavg()
      .map((x) => x.toFixed(2))
      .join(", ")}; ${result.environment.wallSeconds.toFixed(0)} s\nwritten: ${file} and bench/results/gan-latest.json`,
  );
}

main();
