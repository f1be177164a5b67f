/**
 * The project's core question in miniature, with the general-purpose engine only: an agent picks
 * one of three actions by a softmax policy over the features of the state it sees; we observe
 * the states only through noisy sensors. From (noisy state, action) pairs, NUTS infers the
 * policy's weights, with uncertainty, and the diagnostics say whether to trust the result.
 *
 * This model ignores the noise, so the weights come out attenuated (errors-in-variables); the
 * policy layer (`PolicyPosteriorSampler`, see `examples/demo.ts`) models it.
 */
import { concat, matmul } from "../src/autodiff/index.js";
import { Categorical, Normal } from "../src/distributions/index.js";
import { formatSummary } from "../src/infer/diagnostics/index.js";
import { MCMC, NUTS, mcmcSummary } from "../src/infer/mcmc/index.js";
import { plate, sample } from "../src/ppl/index.js";
import { type Key, categorical, key, normal, split } from "../src/random/index.js";
import { Tensor, zeros } from "../src/tensor/tensor.js";

export interface PolicyData {
  /** Observed (noisy) state features with a bias column, N × F. */
  features: Tensor;
  /** Chosen actions, N, as 0, 1 or 2. */
  actions: Tensor;
}

/** Softmax policy with action 2 as the reference (its logit fixed at 0, for identifiability). */
export function softmaxPolicy({ features, actions }: PolicyData): void {
  const [n, f] = features.shape as [number, number];
  const weights = sample("weights", Normal(zeros([f, 2]), 1));
  const logits = concat([matmul(features, weights), zeros([n, 1])], 1);
  plate("step", n, () => sample("action", Categorical({ logits }), { obs: actions }));
}

/** True weights of the simulated agent: features (x1, x2, bias) × actions (0, 1). */
export const TRUE_WEIGHTS = [
  [2.0, -1.0],
  [-1.5, 1.0],
  [0.5, 0.3],
];

/** Simulate `n` decisions: clean states, actions from the true policy, noisy observations. */
export function simulate(k: Key, n: number, noiseStd: number): PolicyData {
  const [kState, kAction, kNoise] = split(k, 3);
  const clean = normal(kState!, [n, 2]);
  const X = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) X.set([clean.data[2 * i]!, clean.data[2 * i + 1]!, 1], 3 * i);
  const W = new Tensor(Float64Array.from(TRUE_WEIGHTS.flat()), [3, 2]);
  const logits = concat([matmul(new Tensor(X, [n, 3]), W), zeros([n, 1])], 1);
  const actions = categorical(kAction!, logits);
  const noise = normal(kNoise!, [n, 2]);
  const observed = Float64Array.from(X);
  for (let i = 0; i < n; i++) {
    observed[3 * i] += noiseStd * noise.data[2 * i]!;
    observed[3 * i + 1] += noiseStd * noise.data[2 * i + 1]!;
  }
  return { features: new Tensor(observed, [n, 3]), actions };
}

export interface DemoOptions {
  numDecisions?: number;
  noiseStd?: number;
  numWarmup?: number;
  numSamples?: number;
  numChains?: number;
  seed?: number;
  log?: (line: string) => void;
}

/** A progress bar on a terminal (redrawn in place); one line per finished chain otherwise. */
function progress(chain: number, numChains: number, it: number, total: number, log: (line: string) => void): void {
  const done = it + 1 === total;
  if (process.stdout.isTTY && log === console.log) {
    if (it % 20 !== 0 && !done) return;
    const width = 30;
    const filled = Math.round((width * (it + 1)) / total);
    const bar = "#".repeat(filled) + "-".repeat(width - filled);
    process.stdout.write(`\r  chain ${chain + 1}/${numChains} [${bar}] ${it + 1}/${total}${done ? "\n" : ""}`);
  } else if (done) log(`  chain ${chain + 1}/${numChains} done (${total} iterations)`);
}

/** Run the demo; returns the summary rows so tests can check them. */
export function runDemo(options: DemoOptions = {}) {
  const {
    numDecisions = 400,
    noiseStd = 0.3,
    numWarmup = 500,
    numSamples = 500,
    numChains = 4,
    seed = 0,
    log = console.log,
  } = options;
  const [dataKey, mcmcKey] = split(key(seed));
  const data = simulate(dataKey!, numDecisions, noiseStd);
  log(
    `policy-posterior demo: ${numDecisions} decisions of a 3-action softmax policy, states seen with noise sd ${noiseStd}`,
  );
  const start = performance.now();
  const result = new MCMC(NUTS(softmaxPolicy), {
    numWarmup,
    numSamples,
    numChains,
    onProgress: (chain, it, total) => progress(chain, numChains, it, total, log),
  }).run(mcmcKey!, data);
  const seconds = (performance.now() - start) / 1000;
  const table = mcmcSummary(result);
  log(`\nNUTS, ${numChains} chains × (${numWarmup} warmup + ${numSamples} draws), ${seconds.toFixed(1)} s\n`);
  log(formatSummary(table));
  log("\ntrue weights (what the agent really does) and whether the 90% interval covers them:");
  let covered = 0;
  table.rows.forEach((row, i) => {
    const truth = TRUE_WEIGHTS.flat()[i]!;
    const inside = row.q5 <= truth && truth <= row.q95;
    if (inside) covered++;
    log(
      `  ${row.name.padEnd(14)} true ${truth.toFixed(2).padStart(6)}   90% interval [${row.q5.toFixed(2)}, ${row.q95.toFixed(2)}] ${inside ? "covers" : "misses"}`,
    );
  });
  log(`\n${covered} of ${table.rows.length} true weights inside their 90% intervals.`);
  log("Noisy states attenuate the weights towards 0 (errors-in-variables); PolicyPosteriorSampler models the noise.");
  return { table, seconds, covered };
}

// Run when executed directly (npm start), not when imported by the tests.
if (import.meta.url === `file://${process.argv[1]}`) runDemo();
