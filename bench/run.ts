/**
 * `npm run bench`: this library against jax-js (jit, WebAssembly) and TensorFlow.js
 * (WebAssembly and CPU backends) on the same value-and-gradient workloads, in one run.
 * Prints a table of median µs per call and writes the results as JSON to
 * bench/results/<name>-<timestamp>.json and bench/results/latest.json.
 *
 * Every cell is measured in each of several passes over all libraries (default 3) and the
 * samples pooled, so that changes in the machine's load spread over all cells.
 *
 * Options: `--name <name>` (default "peers"), `--only <substring>` (workloads to run),
 * `--budget <ms>` per cell and pass (default 1000), `--passes <n>` (default 3).
 * @module
 */
import { loadavg } from "node:os";
import { matmulSizes } from "./data.js";
import { type Samples, type Timing, measure, pool, summarise } from "./harness.js";
import { machineInfo, markdownTable, parseTimingOptions, writeResults } from "./results-file.js";
import { eightSchoolsByHand, softmaxPolicyByHand } from "./workloads/handwritten.js";
import { eightSchoolsJax, loadJax, matmulJax, mlpJax, softmaxPolicyJax } from "./workloads/jax.js";
import { eightSchools64, matmul64, mlp64, softmaxPolicy64 } from "./workloads/ours.js";
import { type TfBackend, eightSchoolsTf, loadTf, matmulTf, mlpTf, softmaxPolicyTf } from "./workloads/tfjs.js";
import { type Implementation, type Outputs, type WorkloadName, workloadNames, workloadTitles } from "./workload.js";

type Case = WorkloadName | "matmul";

interface Cell extends Timing {
  workload: Case;
  library: string;
  dtype: string;
  /** Largest difference from this library's float64 outputs, relative to each leaf's largest entry. */
  maxRelDiffFromOurs: number | null;
  /** Matmul only: 2·m·n·k / time. */
  gflops?: number;
}

function parseArgs(argv: string[]): { name: string; only: string | null; budgetMs: number; passes: number } {
  const o = parseTimingOptions("bench", argv, { budgetMs: 1000, passes: 3 }, { name: "peers", only: null });
  const name = o.name!;
  if (!/^[\w.-]+$/.test(name)) throw new Error(`bench: --name must be letters, digits, '.', '_' or '-', got ${name}`);
  return { name, only: o.only, budgetMs: o.budgetMs, passes: o.passes };
}

/** max over leaves of max|a − b| / max|b|. */
function relDiff(a: Outputs, b: Outputs): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let l = 0; l < a.length; l++) {
    const x = a[l]!;
    const y = b[l]!;
    if (x.length !== y.length) return Infinity;
    let scale = 0;
    let err = 0;
    for (let i = 0; i < y.length; i++) {
      scale = Math.max(scale, Math.abs(y[i]!));
      err = Math.max(err, Math.abs(x[i]! - y[i]!));
    }
    const r = err / Math.max(scale, 1e-300);
    if (!(r <= worst)) worst = r; // NaN propagates as "worse"
  }
  return worst;
}

async function main(): Promise<void> {
  const { name, only, budgetMs, passes } = parseArgs(process.argv.slice(2));
  const loadAtStart = loadavg()[0]!;
  const wanted = (c: Case): boolean => only === null || c.toLowerCase().includes(only.toLowerCase());
  const flops = 2 * matmulSizes.m * matmulSizes.n * matmulSizes.k;
  // pooled samples and output checks per cell, in first-measured order
  const pooled = new Map<
    string,
    { workload: Case; library: string; dtype: string; samples?: Samples; diff: number | null }
  >();
  const reference = new Map<Case, Outputs>();

  const run = (workload: Case, make: () => Implementation, pass: number): void => {
    if (!wanted(workload)) return;
    const impl = make();
    try {
      const out = impl.run();
      if (impl.library === "policy-posterior") reference.set(workload, out);
      const ref = reference.get(workload);
      const key = `${workload}|${impl.library}|${impl.dtype}`;
      const cell = pooled.get(key) ?? { workload, library: impl.library, dtype: impl.dtype, diff: null };
      if (ref !== undefined) cell.diff = Math.max(cell.diff ?? 0, relDiff(out, ref));
      const samples = measure(impl.run, { budgetMs });
      cell.samples = pool(cell.samples, samples);
      pooled.set(key, cell);
      const t = summarise(samples);
      const check = cell.diff === null ? "" : `  (max rel. diff from ours ${cell.diff.toExponential(1)})`;
      console.error(
        `  ${pass}/${passes} ${workload.padEnd(14)} ${impl.library.padEnd(34)} ${impl.dtype}  ` +
          `${fmtUs(t.medianUs).padStart(10)} µs${check}`,
      );
    } finally {
      impl.dispose?.();
    }
  };

  let tfThreads: number | null = null;
  for (let pass = 1; pass <= passes; pass++) {
    run("eightSchools", eightSchools64, pass);
    run("eightSchools", eightSchoolsByHand, pass);
    run("softmaxPolicy", softmaxPolicy64, pass);
    run("softmaxPolicy", softmaxPolicyByHand, pass);
    run("mlp", mlp64, pass);
    run("matmul", matmul64, pass);

    const jax = await loadJax();
    run("eightSchools", () => eightSchoolsJax(jax, "float64"), pass);
    run("softmaxPolicy", () => softmaxPolicyJax(jax, "float64"), pass);
    run("softmaxPolicy", () => softmaxPolicyJax(jax, "float32"), pass);
    run("mlp", () => mlpJax(jax, "float64"), pass);
    run("mlp", () => mlpJax(jax, "float32"), pass);
    run("matmul", () => matmulJax(jax, "float64"), pass);
    run("matmul", () => matmulJax(jax, "float32"), pass);

    for (const backend of ["wasm", "cpu"] as TfBackend[]) {
      const tf = await loadTf(backend);
      if (backend === "wasm") tfThreads = (await import("@tensorflow/tfjs-backend-wasm")).getThreadsCount();
      run("eightSchools", () => eightSchoolsTf(tf), pass);
      run("softmaxPolicy", () => softmaxPolicyTf(tf), pass);
      run("mlp", () => mlpTf(tf), pass);
      run("matmul", () => matmulTf(tf), pass);
    }
  }

  const cells: Cell[] = [];
  for (const c of pooled.values()) {
    const timing = summarise(c.samples!);
    const cell: Cell = {
      workload: c.workload,
      library: c.library,
      dtype: c.dtype,
      ...timing,
      maxRelDiffFromOurs: c.diff,
    };
    if (c.workload === "matmul") cell.gflops = flops / (timing.medianUs * 1000);
    cells.push(cell);
  }

  const timestamp = new Date().toISOString();
  const result = {
    name,
    timestamp,
    environment: {
      ...machineInfo(),
      tfjsWasmThreads: tfThreads,
      // other processes competing for the cores inflate wall times; see cpuMedianUs
      loadAverage1m: { start: loadAtStart, end: loadavg()[0]! },
    },
    method:
      "value and gradient per call, results read back into JavaScript arrays; median over samples " +
      `(each a batch of calls lasting ≥ 5 ms), pooled over ${passes} passes over all libraries, each ` +
      `cell warmed up for 300 ms and then sampled for ${budgetMs} ms per pass. ` +
      "policy-posterior and plain JS single-threaded, float64; jax-js float64 and float32 " +
      "(single-threaded in Node: no global Worker); TensorFlow.js float32 only.",
    workloads: {
      ...workloadTitles,
      matmul: `matmul ${matmulSizes.m}×${matmulSizes.k} · ${matmulSizes.k}×${matmulSizes.n}, forward only`,
    },
    cells,
  };
  const file = writeResults(name, result, "latest.json");
  console.log(table(cells));
  console.log(`\nwritten: ${file} and bench/results/latest.json`);
}

function fmtUs(us: number): string {
  return us >= 100 ? Math.round(us).toLocaleString("en-US") : us.toPrecision(3);
}

/** A Markdown table: one row per workload, one column per library and dtype. */
function table(cells: Cell[]): string {
  const columns: string[] = [];
  for (const c of cells) {
    const col = `${c.library} ${c.dtype}`;
    if (!columns.includes(col)) columns.push(col);
  }
  const rows: string[][] = [["workload (median µs per call)", ...columns]];
  for (const w of [...workloadNames, "matmul"] as Case[]) {
    const row = [w === "matmul" ? "matmul 500×64·64×64 (µs; GFLOP/s)" : workloadTitles[w as WorkloadName]];
    let any = false;
    for (const col of columns) {
      const c = cells.find((x) => x.workload === w && `${x.library} ${x.dtype}` === col);
      if (c !== undefined) any = true;
      row.push(c === undefined ? "—" : fmtUs(c.medianUs) + (c.gflops !== undefined ? ` (${c.gflops.toFixed(1)})` : ""));
    }
    if (any) rows.push(row);
  }
  return markdownTable(rows);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
