/**
 * Reading a perturbed data set (layout in `format.ts`) and selecting the transitions the policy
 * posterior consumes.
 * @module
 */
import {
  type Hdf5Array,
  type Hdf5AttributeValue,
  type Hdf5Group,
  attrJson,
  getDataset,
  getGroup,
  readHdf5,
} from "../../io/hdf5.js";
import type { PerturbationParams } from "../perturbation.js";
import type { ResolvedDatasetConfig } from "./config.js";
import { DATASET_FORMAT, DATASET_FORMAT_VERSION, type HashedDataset, dataSectionHash } from "./format.js";

/** One perturbation of a data set as read. */
export interface DatasetPerturbation {
  readonly name: string;
  readonly type: string;
  readonly params: PerturbationParams;
  /** The key words it drew with (`fold(perturbationKey, index)`). */
  readonly key: readonly [number, number];
  /** Position in the configuration (`perturbations` lists them in this order). */
  readonly index: number;
  /** Kept out of training: observed on held-out episodes only. */
  readonly unseen: boolean;
  /** Rows of `/clean` that `observations` perturb, ascending. */
  readonly rows: Int32Array;
  /** `[rows.length · D]` perturbed observations. */
  readonly observations: Float64Array;
  /** `[rows.length · D]` observations − clean. */
  readonly delta: Float64Array;
}

/** A data set as read by {@link readDataset}. */
export interface PerturbedDataset {
  readonly path: string;
  readonly formatVersion: number;
  readonly config: ResolvedDatasetConfig;
  readonly seed: number;
  readonly packageVersion: string;
  readonly envId: string;
  readonly obsDim: number;
  readonly actionKind: "discrete" | "continuous";
  readonly actionDim: number;
  /** K for discrete actions. */
  readonly numActions: number | undefined;
  readonly numEpisodes: number;
  readonly numTransitions: number;
  /** The behaviour policy's JSON record (null when it had none). */
  readonly policy: unknown;
  /** SHA-256 of the data section, checked against the data on reading. */
  readonly dataSha256: string;
  readonly clean: {
    /** `[N · D]` */
    readonly states: Float64Array;
    /** `[N]` integers or `[N · A]` reals. */
    readonly actions: Int32Array | Float64Array;
    readonly rewards: Float64Array;
  };
  readonly index: { readonly episode: Int32Array; readonly step: Int32Array };
  readonly episodes: { readonly returns: Float64Array; readonly lengths: Int32Array };
  readonly perturbations: Readonly<Record<string, DatasetPerturbation>>;
  readonly splits: {
    readonly trainEpisodes: Int32Array;
    readonly heldOutEpisodes: Int32Array;
    /** Names of the perturbations kept out of training. */
    readonly unseen: readonly string[];
    readonly heldOutFraction: number;
  };
}

function fail(path: string, message: string): never {
  throw new Error(`readDataset: ${path}: ${message}`);
}

function num(attrs: Record<string, Hdf5AttributeValue>, name: string, path: string): number {
  const v = attrs[name];
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  return fail(path, `attribute ${name} must be a number, got ${v === undefined ? "nothing" : typeof v}`);
}

function str(attrs: Record<string, Hdf5AttributeValue>, name: string, path: string): string {
  const v = attrs[name];
  if (typeof v !== "string") fail(path, `attribute ${name} must be a string`);
  return v;
}

function typed<T extends Hdf5Array>(tree: Hdf5Group, p: string, ctor: new (n: number) => T, file: string): T {
  let d;
  try {
    d = getDataset(tree, p);
  } catch (e) {
    return fail(file, (e as Error).message);
  }
  if (!(d.data instanceof ctor)) fail(file, `${p} must hold ${ctor.name}, got ${d.data.constructor.name}`);
  return d.data as T;
}

function allDatasets(g: Hdf5Group, prefix = ""): HashedDataset[] {
  const out: HashedDataset[] = [];
  for (const [name, d] of Object.entries(g.datasets))
    out.push({ path: `${prefix}/${name}`, data: d.data, shape: d.shape });
  for (const [name, sub] of Object.entries(g.groups)) out.push(...allDatasets(sub, `${prefix}/${name}`));
  return out;
}

/**
 * Read a data set written by `generateDataset`. Checks the format name and version, the shapes,
 * and recomputes the data-section hash (a mismatch means the file was altered or damaged).
 */
export async function readDataset(path: string): Promise<PerturbedDataset> {
  const tree = await readHdf5(path);
  const a = tree.attrs;
  if (a.format !== DATASET_FORMAT)
    fail(path, `not a policy-posterior data set (attribute format is ${JSON.stringify(a.format)})`);
  const formatVersion = num(a, "format_version", path);
  if (formatVersion > DATASET_FORMAT_VERSION)
    fail(path, `format version ${formatVersion} is newer than this library reads (${DATASET_FORMAT_VERSION})`);
  const dataSha256 = str(a, "data_sha256", path);
  const actual = dataSectionHash(allDatasets(tree));
  if (actual !== dataSha256) fail(path, `data section hash ${actual} does not match the recorded ${dataSha256}`);

  const N = num(a, "num_transitions", path);
  const D = num(a, "obs_dim", path);
  const E = num(a, "num_episodes", path);
  const actionKind = str(a, "action_kind", path);
  if (actionKind !== "discrete" && actionKind !== "continuous") fail(path, `unknown action_kind ${actionKind}`);
  const states = typed(tree, "clean/states", Float64Array, path);
  if (states.length !== N * D) fail(path, `clean/states holds ${states.length} values, expected N·D = ${N}·${D}`);
  const actions =
    actionKind === "discrete"
      ? typed(tree, "clean/actions", Int32Array, path)
      : typed(tree, "clean/actions", Float64Array, path);

  const perturbations: Record<string, DatasetPerturbation> = {};
  const pg = getGroup(tree, "perturbations");
  // in configuration order (HDF5 lists names alphabetically)
  const byIndex = Object.entries(pg.groups).sort(
    ([, x], [, y]) => num(x.attrs, "index", path) - num(y.attrs, "index", path),
  );
  for (const [name, g] of byIndex) {
    const rows = typed(tree, `perturbations/${name}/rows`, Int32Array, path);
    const observations = typed(tree, `perturbations/${name}/observations`, Float64Array, path);
    if (observations.length !== rows.length * D) fail(path, `perturbations/${name}/observations has the wrong size`);
    const keyAttr = g.attrs.key as ArrayLike<number>;
    perturbations[name] = {
      name,
      type: str(g.attrs, "type", path),
      params: attrJson(g.attrs, "params") as PerturbationParams,
      key: [Number(keyAttr[0]), Number(keyAttr[1])],
      index: num(g.attrs, "index", path),
      unseen: num(g.attrs, "unseen", path) === 1,
      rows,
      observations,
      delta: typed(tree, `latent/${name}/delta`, Float64Array, path),
    };
  }
  const sg = getGroup(tree, "splits");
  return {
    path,
    formatVersion,
    config: attrJson(a, "config") as ResolvedDatasetConfig,
    seed: num(a, "seed", path),
    packageVersion: str(a, "package_version", path),
    envId: str(a, "env_id", path),
    obsDim: D,
    actionKind,
    actionDim: num(a, "action_dim", path),
    numActions: a.num_actions === undefined ? undefined : num(a, "num_actions", path),
    numEpisodes: E,
    numTransitions: N,
    policy: attrJson(a, "policy"),
    dataSha256,
    clean: { states, actions, rewards: typed(tree, "clean/rewards", Float64Array, path) },
    index: {
      episode: typed(tree, "index/episode", Int32Array, path),
      step: typed(tree, "index/step", Int32Array, path),
    },
    episodes: {
      returns: typed(tree, "episodes/returns", Float64Array, path),
      lengths: typed(tree, "episodes/lengths", Int32Array, path),
    },
    perturbations,
    splits: {
      trainEpisodes: typed(tree, "splits/train_episodes", Int32Array, path),
      heldOutEpisodes: typed(tree, "splits/heldout_episodes", Int32Array, path),
      unseen: attrJson(sg.attrs, "unseen") as string[],
      heldOutFraction: num(sg.attrs, "held_out_fraction", path),
    },
  };
}

/** Which episodes {@link loadTransitions} selects. */
export type DatasetSplitName = "train" | "heldout" | "all";

/** Options of {@link loadTransitions}. */
export interface LoadTransitionsOptions {
  /** A perturbation name, or `"clean"` (observations are the clean states). */
  readonly perturbation: string;
  readonly split: DatasetSplitName;
}

/** Transitions for the policy posterior: what was observed, what was done, what was true. */
export interface TransitionBatch {
  readonly perturbation: string;
  readonly split: DatasetSplitName;
  /** n, the number of rows selected. */
  readonly numTransitions: number;
  readonly obsDim: number;
  readonly actionKind: "discrete" | "continuous";
  readonly actionDim: number;
  /** `[n · D]` observed (perturbed) states. */
  readonly observations: Float64Array;
  /** `[n · D]` the clean states (latent during inference; for checks and oracles). */
  readonly cleanStates: Float64Array;
  /** `[n]` integers or `[n · A]` reals. */
  readonly actions: Int32Array | Float64Array;
  readonly rewards: Float64Array;
  readonly episode: Int32Array;
  readonly step: Int32Array;
  /** Row indices into the data set's `/clean` arrays. */
  readonly rows: Int32Array;
}

/**
 * The transitions of one perturbation and split. Selecting the training split of an unseen
 * perturbation is an error (it has no training observations by construction).
 */
export function loadTransitions(dataset: PerturbedDataset, options: LoadTransitionsOptions): TransitionBatch {
  const { perturbation, split } = options;
  if (split !== "train" && split !== "heldout" && split !== "all")
    throw new Error(`loadTransitions: split must be "train", "heldout" or "all", got ${JSON.stringify(split)}`);
  const D = dataset.obsDim;
  const A = dataset.actionKind === "discrete" ? 1 : dataset.actionDim;
  let rows: Int32Array;
  let observedRows: Float64Array | undefined; // perturbed observations aligned with `rows` of the perturbation
  if (perturbation === "clean") {
    rows = new Int32Array(dataset.numTransitions).map((_, i) => i);
  } else {
    const p = dataset.perturbations[perturbation];
    if (p === undefined)
      throw new Error(
        `loadTransitions: no perturbation ${JSON.stringify(perturbation)}; valid: clean, ${Object.keys(dataset.perturbations).join(", ")}`,
      );
    if (p.unseen && split === "train")
      throw new Error(
        `loadTransitions: perturbation "${perturbation}" is unseen (kept out of training); it has held-out observations only`,
      );
    rows = p.rows;
    observedRows = p.observations;
  }
  const episodes =
    split === "train" ? dataset.splits.trainEpisodes : split === "heldout" ? dataset.splits.heldOutEpisodes : undefined;
  const keep = new Uint8Array(dataset.numEpisodes);
  if (episodes === undefined) keep.fill(1);
  else for (const e of episodes) keep[e] = 1;
  const picked: number[] = []; // positions within `rows`
  for (let i = 0; i < rows.length; i++) if (keep[dataset.index.episode[rows[i]!]!]) picked.push(i);
  const n = picked.length;
  const observations = new Float64Array(n * D);
  const cleanStates = new Float64Array(n * D);
  const actions = dataset.actionKind === "discrete" ? new Int32Array(n) : new Float64Array(n * A);
  const rewards = new Float64Array(n);
  const episode = new Int32Array(n);
  const step = new Int32Array(n);
  const outRows = new Int32Array(n);
  const { states } = dataset.clean;
  picked.forEach((pos, j) => {
    const r = rows[pos]!;
    outRows[j] = r;
    cleanStates.set(states.subarray(r * D, r * D + D), j * D);
    observations.set(
      (observedRows ?? states).subarray((observedRows ? pos : r) * D, (observedRows ? pos : r) * D + D),
      j * D,
    );
    actions.set(dataset.clean.actions.subarray(r * A, r * A + A), j * A);
    rewards[j] = dataset.clean.rewards[r]!;
    episode[j] = dataset.index.episode[r]!;
    step[j] = dataset.index.step[r]!;
  });
  return {
    perturbation,
    split,
    numTransitions: n,
    obsDim: D,
    actionKind: dataset.actionKind,
    actionDim: A,
    observations,
    cleanStates,
    actions,
    rewards,
    episode,
    step,
    rows: outRows,
  };
}
