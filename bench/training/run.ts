/**
 * `npm run bench:training`: training steps per second, this library against jax-js (the
 * whole step jitted, WebAssembly, float64 and float32) and TensorFlow.js (WebAssembly,
 * float32), on two workloads: the MLP 6→64→64→64→1 (swish, squared error, batch 256) and a
 * RealNVP flow (2-D, 8 couplings, conditioner 1→64→64→2 tanh, NLL of two-moons batches of
 * 512), each an Adam step (lr 1e-3) per call with the loss read back into JavaScript.
 *
 * Every library starts from the same parameters and sees the same minibatches in the same
 * order; the loss of its first step (the initial loss) and of its 20th (after 19 Adam
 * updates) are compared with this library's. Timing uses ../harness.ts: warm-up, samples of
 * ≥ 5 ms pooled over passes (default 3), median and p10/p90.
 *
 * Options: `--budget <ms>` per cell and pass (default 2000), `--passes <n>` (default 3),
 * `--only <mlp|flow>`.
 * @module
 */
import { loadavg } from "node:os";
import { type Samples, measure, pool, summarise } from "../harness.js";
import { machineInfo, markdownTable, parseTimingOptions, stepRates, writeResults } from "../results-file.js";
import { flowTraining, mlpTraining, type Trainer } from "./common.js";
import { flowTrainerJax, loadJax, mlpTrainerJax } from "./jax.js";
import { flowTrainer, mlpTrainer } from "./ours.js";
import { flowTrainerTf, loadTf, mlpTrainerTf } from "./tfjs.js";

type Workload = "mlp" | "flow";
const titles: Record<Workload, string> = {
  mlp: `MLP 6→64→64→64→1 swish, MSE, batch ${mlpTraining.batch} of ${mlpTraining.rows} rows`,
  flow: `RealNVP 2-D, ${flowTraining.layers} couplings, conditioner 1→64→64→2 tanh, NLL, batch ${flowTraining.batch} (two moons)`,
};
/** Steps whose losses are compared with this library's: the first (initial parameters) and this one. */
const CHECK_STEPS = 20;

function parseArgs(argv: string[]): { budgetMs: number; passes: number; only: string | null } {
  return parseTimingOptions("bench:training", argv, { budgetMs: 2000, passes: 3 }, { only: null });
}

interface Pooled {
  workload: Workload;
  library: string;
  dtype: string;
  samples?: Samples;
  initialLoss: number;
  lossAtCheck: number;
}

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

async function main(): Promise<void> {
  const { budgetMs, passes, only } = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const loadAtStart = loadavg();
  const wanted = (w: Workload): boolean => only === null || w.includes(only.toLowerCase());
  const pooled = new Map<string, Pooled>();

  const run = (workload: Workload, make: () => Trainer, pass: number): void => {
    if (!wanted(workload)) return;
    const trainer = make();
    try {
      const losses: number[] = [];
      for (let i = 0; i < CHECK_STEPS; i++) losses.push(trainer.step());
      const key = `${workload}|${trainer.library}|${trainer.dtype}`;
      const cell = pooled.get(key) ?? {
        workload,
        library: trainer.library,
        dtype: trainer.dtype,
        initialLoss: losses[0]!,
        lossAtCheck: losses[CHECK_STEPS - 1]!,
      };
      cell.samples = pool(cell.samples, measure(trainer.step, { budgetMs }));
      pooled.set(key, cell);
      const t = summarise(cell.samples);
      console.error(
        `  ${pass}/${passes} ${workload.padEnd(5)} ${trainer.library.padEnd(26)} ${trainer.dtype}  ` +
          `${(t.medianUs / 1000).toFixed(2).padStart(8)} ms/step (pooled)  loss ${losses[0]!.toPrecision(8)} → ${losses[CHECK_STEPS - 1]!.toPrecision(8)}`,
      );
    } finally {
      trainer.dispose?.();
    }
  };

  let tfThreads: number | null = null;
  for (let pass = 1; pass <= passes; pass++) {
    run("mlp", mlpTrainer, pass);
    run("flow", flowTrainer, pass);
    const jax = await loadJax();
    for (const dtype of ["float64", "float32"] as const) {
      run("mlp", () => mlpTrainerJax(jax, dtype), pass);
      run("flow", () => flowTrainerJax(jax, dtype), pass);
    }
    const tf = await loadTf("wasm");
    tfThreads = (await import("@tensorflow/tfjs-backend-wasm")).getThreadsCount();
    run("mlp", () => mlpTrainerTf(tf), pass);
    run("flow", () => flowTrainerTf(tf), pass);
  }

  const cells = [...pooled.values()].map((c) => {
    const t = summarise(c.samples!);
    const ours = [...pooled.values()].find((o) => o.workload === c.workload && o.library === "policy-posterior");
    return {
      workload: c.workload,
      library: c.library,
      dtype: c.dtype,
      ...stepRates(t),
      initialLoss: c.initialLoss,
      [`lossAtStep${CHECK_STEPS}`]: c.lossAtCheck,
      initialLossRelDiffFromOurs: ours === undefined ? null : rel(c.initialLoss, ours.initialLoss),
      [`lossAtStep${CHECK_STEPS}RelDiffFromOurs`]: ours === undefined ? null : rel(c.lossAtCheck, ours.lossAtCheck),
    };
  });

  const timestamp = new Date().toISOString();
  const result = {
    name: "training",
    timestamp,
    environment: {
      ...machineInfo(),
      tfjsWasmThreads: tfThreads,
      loadAverage: { start: loadAtStart, end: loadavg() },
      wallSeconds: (performance.now() - started) / 1000,
    },
    method:
      "one Adam step (lr 1e-3, β1 0.9, β2 0.999, ε 1e-8) per call on the next of a fixed cycle of seeded " +
      "minibatches, loss read back into JavaScript; all libraries start from the same parameters. " +
      `Median over samples (each ≥ 5 ms of steps), pooled over ${passes} passes, each cell warmed up for ` +
      `300 ms after ${CHECK_STEPS} checked steps and sampled for ${budgetMs} ms per pass. ` +
      "policy-posterior float64 (valueAndGrad + adam from src/optim, network from src/nn, flow from " +
      "src/nn/flows); jax-js: whole step (valueAndGrad + Adam in jax-js ops) under one jit, float64 and " +
      "float32; TensorFlow.js wasm: tf.train.adam().minimize, float32. All single-threaded.",
    workloads: titles,
    cells,
  };
  const file = writeResults("training", result);
  console.log(table(cells));
  console.log(
    `\nload average (1, 5, 15 min) at start ${loadAtStart.map((x) => x.toFixed(2)).join(", ")}, ` +
      `at end ${loadavg()
        .map((x) => x.toFixed(2))
        .join(", ")}; ${result.environment.wallSeconds.toFixed(0)} s`,
  );
  console.log(`written: ${file} and bench/results/training-latest.json`);
}

type Row = {
  workload: Workload;
  library: string;
  dtype: string;
  stepsPerSecond: number;
  stepsPerSecondP10: number;
  stepsPerSecondP90: number;
  initialLossRelDiffFromOurs: number | null;
};

/** Markdown: one row per library and dtype, one column per workload (median steps/s [p10–p90]; initial-loss rel. diff). */
function table(cells: Row[]): string {
  const columns = (["mlp", "flow"] as Workload[]).filter((w) => cells.some((c) => c.workload === w));
  const libs: string[] = [];
  for (const c of cells) if (!libs.includes(`${c.library} ${c.dtype}`)) libs.push(`${c.library} ${c.dtype}`);
  const rows: string[][] = [
    ["steps/s: median [p10–p90] (initial loss rel. diff from ours)", ...columns.map((w) => titles[w])],
  ];
  for (const lib of libs) {
    const row = [lib];
    for (const w of columns) {
      const c = cells.find((x) => x.workload === w && `${x.library} ${x.dtype}` === lib);
      if (c === undefined) row.push("—");
      else {
        const d = c.library === "policy-posterior" ? "" : ` (${c.initialLossRelDiffFromOurs?.toExponential(1)})`;
        row.push(
          `${c.stepsPerSecond.toFixed(1)} [${c.stepsPerSecondP10.toFixed(1)}–${c.stepsPerSecondP90.toFixed(1)}]${d}`,
        );
      }
    }
    rows.push(row);
  }
  return markdownTable(rows);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
