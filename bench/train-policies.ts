/**
 * Retrain the pretrained behaviour policies of `src/envs/policies/pretrained.ts` by the noisy
 * cross-entropy method and print, for each environment, the parameters (rounded to three
 * decimals, as committed) and the mean return ± standard error of the rounded policy over 100
 * episodes with `key(PRETRAINED_EVALUATION_SEED)`, next to its threshold.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/train-policies.js [--only <env id substring>]
 *
 * Deterministic: each environment trains with its own fixed key. Takes about a minute.
 */
import { PRETRAINED_EVALUATION_SEED, type PretrainedSpec, pretrainedSpecs } from "../src/envs/policies/pretrained.js";
import { type CEMOptions, trainCEM } from "../src/envs/policies/train.js";
import { evaluatePolicy } from "../src/envs/rollout.js";
import { key } from "../src/random/index.js";

/** Linearly decreasing extra noise (Szita & Lőrincz 2006), floored at `min`. */
const decreasing =
  (start: number, over: number, min: number) =>
  (i: number): number =>
    Math.max(min, start * (1 - i / over));

/** CEM settings and training seed per environment (chosen by hand; see the commit history). */
const settings: Readonly<Record<string, { seed: number; options: Omit<CEMOptions, "numParams"> }>> = {
  "CartPole-v1": {
    seed: 1,
    options: {
      populationSize: 60,
      eliteFraction: 0.2,
      iterations: 30,
      episodesPerCandidate: 3,
      initialStd: 5,
      extraStd: decreasing(1, 10, 0.1),
      l2Penalty: 0.01,
      evaluateMeanEpisodes: 20,
      targetReturn: 500,
    },
  },
  "Pendulum-v1": {
    seed: 1,
    options: {
      populationSize: 40,
      eliteFraction: 0.2,
      iterations: 30,
      episodesPerCandidate: 3,
      initialStd: 5,
      extraStd: decreasing(1, 10, 0.05),
      l2Penalty: 0.001,
    },
  },
  "MountainCar-v0": {
    seed: 1,
    options: {
      populationSize: 50,
      eliteFraction: 0.2,
      iterations: 40,
      episodesPerCandidate: 5,
      initialStd: 5,
      extraStd: decreasing(1, 20, 0.05),
      l2Penalty: 0.01,
    },
  },
  "MountainCarContinuous-v0": {
    seed: 1,
    options: {
      populationSize: 40,
      eliteFraction: 0.2,
      iterations: 30,
      episodesPerCandidate: 3,
      initialStd: 5,
      extraStd: decreasing(1, 10, 0.05),
      l2Penalty: 0.001,
    },
  },
  "Acrobot-v1": {
    seed: 1,
    options: {
      populationSize: 50,
      eliteFraction: 0.2,
      iterations: 40,
      episodesPerCandidate: 5,
      initialStd: 3,
      extraStd: decreasing(1, 20, 0.05),
      l2Penalty: 0.01,
    },
  },
  "LaneKeeping-v0": {
    seed: 1,
    options: {
      populationSize: 40,
      eliteFraction: 0.2,
      iterations: 20,
      episodesPerCandidate: 3,
      initialStd: 1,
      extraStd: decreasing(0.3, 10, 0.02),
      l2Penalty: 0.01,
    },
  },
  "LaneKeepingDiscrete-v0": {
    seed: 1,
    options: {
      populationSize: 40,
      eliteFraction: 0.2,
      iterations: 20,
      episodesPerCandidate: 3,
      initialStd: 3,
      extraStd: decreasing(1, 10, 0.05),
      l2Penalty: 0.001,
    },
  },
};

function train(spec: PretrainedSpec): void {
  const s = settings[spec.envId];
  if (s === undefined) throw new Error(`train-policies: no settings for ${spec.envId}`);
  const t0 = performance.now();
  const result = trainCEM(spec.envId, (p) => spec.makePolicy(p), key(s.seed), {
    ...s.options,
    numParams: spec.numParams,
  });
  const seconds = (performance.now() - t0) / 1000;
  const rounded = Array.from(result.params, (x) => Math.round(x * 1000) / 1000);
  const ev = evaluatePolicy(spec.envId, spec.makePolicy(rounded), key(PRETRAINED_EVALUATION_SEED), 100);
  const ok = ev.mean >= spec.threshold ? "meets" : "MISSES";
  console.log(
    `${spec.envId}: mean return ${ev.mean.toFixed(2)} ± ${ev.standardError.toFixed(2)} (s.e., 100 episodes) ${ok} threshold ${spec.threshold}; ${result.history.length} iterations, ${seconds.toFixed(1)} s`,
  );
  console.log(`  params: [${rounded.join(", ")}]`);
}

const only = process.argv.indexOf("--only");
const filter = only >= 0 ? process.argv[only + 1] : undefined;
for (const spec of Object.values(pretrainedSpecs()))
  if (filter === undefined || spec.envId.includes(filter)) train(spec);
