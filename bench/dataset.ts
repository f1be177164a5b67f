/**
 * Data-set generation rate: transitions per second for `generateDataset` on CartPole-v1 with
 * the pretrained policy, end to end (rollout, perturbation, HDF5 write with fsync, provenance
 * hashing), for a Gaussian and for an FGSM perturbation, plus each stage on its own so the cost
 * of the attack and of the file can be told apart. Median of repeats after one warm-up run.
 *
 *     npm run build && node dist/bench/dataset.js [--episodes 20] [--repeats 7]
 *
 * Writes bench/results/dataset-<timestamp>.json and bench/results/dataset-latest.json.
 * @module
 */
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { pretrainedPolicy } from "../src/envs/policies/pretrained.js";
import { rollout } from "../src/envs/rollout.js";
import { datasetKeys, generateDataset, type DatasetConfig } from "../src/perturb/dataset/index.js";
import { makePerturbation } from "../src/perturb/registry.js";
import { fold } from "../src/random/index.js";
import { Tensor } from "../src/tensor/tensor.js";
import { machineInfo, writeResults } from "./results-file.js";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer`);
  return v;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function timeRepeats(repeats: number, fn: (i: number) => Promise<void> | void): Promise<number[]> {
  await fn(-1); // warm-up (JIT, WebAssembly instantiation)
  const ms: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await fn(i);
    ms.push(performance.now() - t0);
  }
  return ms;
}

const episodes = arg("episodes", 20);
const repeats = arg("repeats", 7);
const loadStart = loadavg();
const started = new Date();
const dir = mkdtempSync(join(tmpdir(), "pp-bench-dataset-"));
const cases: Record<string, DatasetConfig["perturbations"]> = {
  gaussian: [{ type: "gaussian", params: { std: 0.3 } }],
  fgsm: [{ type: "fgsm", params: { epsilon: 0.05, norm: "linf" } }],
};

const results: Record<string, unknown> = {};
try {
  const policy = pretrainedPolicy("CartPole-v1");
  const keys = datasetKeys(0);
  const traj = rollout("CartPole-v1", policy, keys.rollout, { numEpisodes: episodes });
  const N = traj.numTransitions;
  const rolloutMs = await timeRepeats(repeats, () => {
    rollout("CartPole-v1", policy, keys.rollout, { numEpisodes: episodes });
  });
  results.rollout = {
    transitions: N,
    medianMs: median(rolloutMs),
    transitionsPerSecond: N / (median(rolloutMs) / 1000),
  };
  for (const [name, perturbations] of Object.entries(cases)) {
    const model = makePerturbation(perturbations[0]!.type, perturbations[0]!.params);
    const clean = new Tensor(traj.states, [N, traj.obsDim]);
    const perturbMs = await timeRepeats(repeats, () => {
      model.apply(fold(keys.perturbations, 0), clean, { episode: traj.episode, step: traj.step, policy });
    });
    const config: DatasetConfig = { env: "CartPole-v1", numEpisodes: episodes, seed: 0, perturbations };
    let bytes = 0;
    const totalMs = await timeRepeats(repeats, async (i) => {
      const r = await generateDataset(config, { out: join(dir, `${name}-${i}.h5`) });
      bytes = r.fileBytes;
    });
    results[name] = {
      transitions: N,
      fileBytes: bytes,
      endToEnd: {
        medianMs: median(totalMs),
        minMs: Math.min(...totalMs),
        maxMs: Math.max(...totalMs),
        transitionsPerSecond: N / (median(totalMs) / 1000),
      },
      perturbationOnly: { medianMs: median(perturbMs), transitionsPerSecond: N / (median(perturbMs) / 1000) },
    };
    console.log(
      `${name.padEnd(9)} ${N} transitions: end to end ${median(totalMs).toFixed(1)} ms ` +
        `(${Math.round(N / (median(totalMs) / 1000))} transitions/s), perturbation alone ${median(perturbMs).toFixed(1)} ms, ` +
        `file ${(bytes / 1e6).toFixed(2)} MB`,
    );
  }
  console.log(`rollout alone: ${median(rolloutMs).toFixed(1)} ms for ${N} transitions`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const out = {
  name: "dataset",
  timestamp: started.toISOString(),
  environment: {
    ...machineInfo(),
    loadAverage: { start: loadStart, end: loadavg() },
  },
  method:
    `generateDataset on CartPole-v1, pretrained policy, ${episodes} episodes (seed 0), one perturbation; ` +
    `end to end = validation, rollout, perturbation, HDF5 write (temporary file, fsync, rename) and provenance ` +
    `hashing; median of ${repeats} repeats after one warm-up run, in one process.`,
  episodes,
  repeats,
  results,
};
const file = writeResults("dataset", out);
console.log(`written: ${file} and bench/results/dataset-latest.json`);
