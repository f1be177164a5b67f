/**
 * Data-set generation: roll out a behaviour policy, perturb the clean observations with every
 * configured perturbation model, split episodes into training and held-out sets, write one HDF5
 * file (layout in `format.ts`) and append a provenance record.
 *
 * Keys. `key(seed)` is split into three: rollout, perturbations, split. The rollout key follows
 * `envs/rollout.ts` (episode e uses `fold(key, e)`); perturbation i (its position in the
 * configuration) uses `fold(perturbationKey, i)`; the split uses the third key. So adding a
 * perturbation at the end changes neither the trajectories, nor the split, nor the other
 * perturbations' draws.
 *
 * Unseen perturbations. A perturbation listed in `split.unseen` is applied to the held-out
 * episodes only: its observations do not exist for training episodes, so nothing downstream can
 * train on them by mistake (its `rows` dataset names the held-out rows it covers). Its draws
 * are made on that sub-batch, so they differ from what the same model would draw on all rows.
 * @module
 */
import { rollout, type Trajectories } from "../../envs/rollout.js";
import { makeEnv } from "../../envs/registry.js";
import type { DifferentiablePolicy } from "../../envs/policy.js";
import { checkWritableFile } from "../../io/atomic-file.js";
import { type Hdf5GroupInput, int32, writeHdf5 } from "../../io/hdf5.js";
import { canonicalJson, sha256Json } from "../../provenance/hash.js";
import { appendProvenance } from "../../provenance/log.js";
import { type ProvenanceRecord, finishRun, packageVersion, startRun } from "../../provenance/record.js";
import { type Key, fold, key as makeKey, split } from "../../random/index.js";
import { Tensor } from "../../tensor/tensor.js";
import type { PerturbationModel } from "../define.js";
import type { PerturbContext } from "../perturbation.js";
import { ADVERSARIAL_TYPES, type DatasetConfig, type ResolvedDatasetConfig, resolveDatasetConfig } from "./config.js";
import { DATASET_FORMAT, DATASET_FORMAT_VERSION, dataSectionHash, datasetsOfTree } from "./format.js";
import { policyRecord, resolveBehaviourPolicy } from "./policy.js";
import { type EpisodeSplit, splitEpisodes } from "./split.js";

/** A stage of generation, for progress reporting. */
export type DatasetStage = "rollout" | "perturb" | "write" | "provenance";

/** Options of {@link generateDataset}. */
export interface GenerateDatasetOptions {
  /** Where the HDF5 file goes (replaced atomically if it exists). */
  readonly out: string;
  /** Append a provenance record (kind `"dataset"`) to this JSON-lines log. */
  readonly provenanceLog?: string;
  /**
   * Called at the start of each stage, and after each perturbation with `done`/`total`
   * (perturbations applied so far / in all).
   */
  readonly onProgress?: (event: { stage: DatasetStage; done: number; total: number; detail?: string }) => void;
}

/** What {@link generateDataset} returns. */
export interface GenerateDatasetResult {
  readonly path: string;
  readonly config: ResolvedDatasetConfig;
  readonly numEpisodes: number;
  readonly numTransitions: number;
  readonly obsDim: number;
  /** SHA-256 of the data section (see `format.ts`). */
  readonly dataSha256: string;
  /** SHA-256 and size of the whole file. */
  readonly fileSha256: string;
  readonly fileBytes: number;
  readonly split: EpisodeSplit;
  /** Mean undiscounted return of the clean episodes. */
  readonly meanReturn: number;
  readonly provenance: ProvenanceRecord;
}

/** The three keys of a data set (see the module comment). */
export function datasetKeys(seed: number): { rollout: Key; perturbations: Key; split: Key } {
  const [r, p, s] = split(makeKey(seed), 3) as [Key, Key, Key];
  return { rollout: r, perturbations: p, split: s };
}

function checkPolicyFor(models: readonly PerturbationModel[], names: readonly string[], policy: DifferentiablePolicy) {
  models.forEach((m, i) => {
    if (ADVERSARIAL_TYPES.includes(m.type) && typeof policy.klDivergence !== "function")
      throw new Error(
        `generateDataset: perturbation "${names[i]}" (${m.type}) attacks the behaviour policy, which must be differentiable (have klDivergence)`,
      );
  });
}

/** Rows of the given episodes, ascending (episodes' rows are contiguous in a rollout). */
function rowsOfEpisodes(traj: Trajectories, episodes: Int32Array): Int32Array {
  const wanted = new Uint8Array(traj.numEpisodes);
  for (const e of episodes) wanted[e] = 1;
  const rows: number[] = [];
  for (let r = 0; r < traj.numTransitions; r++) if (wanted[traj.episode[r]!]) rows.push(r);
  return Int32Array.from(rows);
}

function gatherRows(src: Float64Array, rows: Int32Array, d: number): Float64Array {
  const out = new Float64Array(rows.length * d);
  for (let i = 0; i < rows.length; i++) out.set(src.subarray(rows[i]! * d, rows[i]! * d + d), i * d);
  return out;
}

function gatherInts(src: Int32Array, rows: Int32Array): Int32Array {
  const out = new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = src[rows[i]!]!;
  return out;
}

/** Apply one model to the clean rows `rows`; checks the result's shape and finiteness. */
function perturbRows(
  name: string,
  model: PerturbationModel,
  k: Key,
  traj: Trajectories,
  rows: Int32Array,
  policy: DifferentiablePolicy,
): Float64Array {
  const d = traj.obsDim;
  const all = rows.length === traj.numTransitions;
  const clean = all ? traj.states : gatherRows(traj.states, rows, d);
  const context: PerturbContext = {
    episode: all ? traj.episode : gatherInts(traj.episode, rows),
    step: all ? traj.step : gatherInts(traj.step, rows),
    policy,
  };
  let out: Tensor;
  try {
    out = model.apply(k, new Tensor(clean.slice(), [rows.length, d]), context);
  } catch (e) {
    throw new Error(`generateDataset: perturbation "${name}" failed: ${(e as Error).message}`, { cause: e });
  }
  if (!(out instanceof Tensor) || out.size !== rows.length * d)
    throw new Error(`generateDataset: perturbation "${name}" returned a result of the wrong shape`);
  const data = Float64Array.from(out.data);
  for (let i = 0; i < data.length; i++)
    if (Number.isNaN(data[i]!))
      throw new Error(`generateDataset: perturbation "${name}" produced NaN at row ${rows[Math.floor(i / d)]}`);
  return data;
}

/**
 * Generate a perturbed data set; see the module comment and `format.ts`. Everything that can be
 * checked before the rollout is: the configuration (unknown environment or perturbation type,
 * bad parameters, unknown unseen names, split sizes), the output and log paths, and one
 * application of every perturbation to a single reset observation (so a perturbation that
 * needs a differentiable policy or a context fails in milliseconds, not after the rollout).
 */
export async function generateDataset(
  config: DatasetConfig,
  options: GenerateDatasetOptions,
): Promise<GenerateDatasetResult> {
  const { config: cfg, models } = resolveDatasetConfig(config);
  if (options === null || typeof options !== "object") throw new Error("generateDataset: options { out } are required");
  checkWritableFile(options.out, "generateDataset");
  if (options.provenanceLog !== undefined) checkWritableFile(options.provenanceLog, "generateDataset (provenance log)");
  const progress = options.onProgress ?? (() => {});
  const names = cfg.perturbations.map((p) => p.name);
  const keys = datasetKeys(cfg.seed);
  const run = startRun("dataset", cfg, { seed: cfg.seed });

  const policy = resolveBehaviourPolicy(cfg.policy, cfg.env);
  checkPolicyFor(models, names, policy);
  // A one-row trial of every perturbation, before the (long) rollout.
  const probe = makeEnv(cfg.env).reset(fold(keys.rollout, -1));
  models.forEach((m, i) => {
    try {
      m.apply(fold(keys.perturbations, i), new Tensor(Float64Array.from(probe), [1, probe.length]), {
        episode: Int32Array.of(0),
        step: Int32Array.of(0),
        policy,
      });
    } catch (e) {
      throw new Error(`generateDataset: perturbation "${names[i]}" cannot run: ${(e as Error).message}`, { cause: e });
    }
  });

  progress({ stage: "rollout", done: 0, total: cfg.numEpisodes });
  const traj = rollout(cfg.env, policy, keys.rollout, {
    numEpisodes: cfg.numEpisodes,
    ...(cfg.maxSteps !== undefined ? { maxSteps: cfg.maxSteps } : {}),
  });
  const N = traj.numTransitions;
  const D = traj.obsDim;
  const episodes = splitEpisodes(keys.split, cfg.numEpisodes, cfg.split.heldOutFraction);
  const heldOutRows = rowsOfEpisodes(traj, episodes.heldOut);
  const allRows = new Int32Array(N).map((_, i) => i);

  const perturbationGroups: Record<string, Hdf5GroupInput> = {};
  const latentGroups: Record<string, Hdf5GroupInput> = {};
  const unseen = new Set(cfg.split.unseen);
  for (let i = 0; i < models.length; i++) {
    const name = names[i]!;
    progress({ stage: "perturb", done: i, total: models.length, detail: name });
    const k = fold(keys.perturbations, i);
    const rows = unseen.has(name) ? heldOutRows : allRows;
    const observations = perturbRows(name, models[i]!, k, traj, rows, policy);
    const delta = new Float64Array(observations.length);
    for (let r = 0; r < rows.length; r++) {
      const base = rows[r]! * D;
      for (let j = 0; j < D; j++) delta[r * D + j] = observations[r * D + j]! - traj.states[base + j]!;
    }
    perturbationGroups[name] = {
      attrs: {
        type: models[i]!.type,
        params: canonicalJson(models[i]!.params),
        seed: cfg.seed,
        key: [k[0]!, k[1]!],
        index: int32(i),
        unseen: int32(unseen.has(name) ? 1 : 0),
      },
      datasets: {
        observations: { data: observations, shape: [rows.length, D] },
        rows: { data: rows, shape: [rows.length] },
      },
    };
    latentGroups[name] = { datasets: { delta: { data: delta, shape: [rows.length, D] } } };
  }
  progress({ stage: "perturb", done: models.length, total: models.length });

  const data: Hdf5GroupInput = {
    groups: {
      clean: {
        datasets: {
          states: { data: traj.states, shape: [N, D] },
          actions:
            traj.actionKind === "discrete"
              ? { data: traj.actions as Int32Array, shape: [N] }
              : { data: traj.actions as Float64Array, shape: [N, traj.actionDim] },
          rewards: { data: traj.rewards, shape: [N] },
        },
      },
      index: {
        datasets: { episode: { data: traj.episode, shape: [N] }, step: { data: traj.step, shape: [N] } },
      },
      episodes: {
        datasets: {
          returns: { data: traj.episodeReturns, shape: [cfg.numEpisodes] },
          lengths: { data: traj.episodeLengths, shape: [cfg.numEpisodes] },
        },
      },
      perturbations: { groups: perturbationGroups },
      latent: { groups: latentGroups },
      splits: {
        attrs: { unseen: JSON.stringify(cfg.split.unseen), held_out_fraction: cfg.split.heldOutFraction },
        datasets: {
          train_episodes: { data: episodes.train, shape: [episodes.train.length] },
          heldout_episodes: { data: episodes.heldOut, shape: [episodes.heldOut.length] },
        },
      },
    },
  };
  const dataSha256 = dataSectionHash(datasetsOfTree(data));
  const policyJson = policyRecord(policy);
  const tree: Hdf5GroupInput = {
    ...data,
    attrs: {
      format: DATASET_FORMAT,
      format_version: int32(DATASET_FORMAT_VERSION),
      config: canonicalJson(cfg),
      seed: cfg.seed,
      package_version: packageVersion(),
      env_id: cfg.env,
      obs_dim: int32(D),
      action_kind: traj.actionKind,
      action_dim: int32(traj.actionDim),
      ...(traj.numActions !== undefined ? { num_actions: int32(traj.numActions) } : {}),
      num_episodes: int32(cfg.numEpisodes),
      num_transitions: int32(N),
      policy: policyJson === undefined ? "null" : canonicalJson(policyJson),
      data_sha256: dataSha256,
    },
  };

  progress({ stage: "write", done: 0, total: 1, detail: options.out });
  await writeHdf5(options.out, tree);
  let meanReturn = 0;
  for (const r of traj.episodeReturns) meanReturn += r / cfg.numEpisodes;

  progress({ stage: "provenance", done: 0, total: 1 });
  const record = await finishRun(run, {
    inputs: policyJson === undefined ? [] : [{ role: "policy", sha256: sha256Json(policyJson) }],
    outputs: [options.out],
    extra: {
      dataSha256,
      numEpisodes: cfg.numEpisodes,
      numTransitions: N,
      obsDim: D,
      meanReturn,
      trainEpisodes: episodes.train.length,
      heldOutEpisodes: episodes.heldOut.length,
    },
  });
  if (options.provenanceLog !== undefined) await appendProvenance(options.provenanceLog, record);
  return {
    path: options.out,
    config: cfg,
    numEpisodes: cfg.numEpisodes,
    numTransitions: N,
    obsDim: D,
    dataSha256,
    fileSha256: record.outputs[0]!.sha256,
    fileBytes: record.outputs[0]!.bytes,
    split: episodes,
    meanReturn,
    provenance: record,
  };
}
