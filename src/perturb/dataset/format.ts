/**
 * The data-set file layout (format version 1) and the hash of its data section.
 *
 * ```
 * /                       attributes: format, format_version, config (canonical JSON), seed,
 *                         package_version, env_id, obs_dim, action_kind, action_dim,
 *                         num_actions (discrete only), num_episodes, num_transitions,
 *                         policy (JSON), data_sha256
 * /clean/states           float64 [N, D]   observations the behaviour policy acted on
 * /clean/actions          int32 [N] (discrete) or float64 [N, A] (continuous)
 * /clean/rewards          float64 [N]
 * /index/episode          int32 [N]        episode of each row
 * /index/step             int32 [N]        step within its episode
 * /episodes/returns       float64 [E]
 * /episodes/lengths       int32 [E]
 * /perturbations/<name>/observations  float64 [M, D]   perturbed observations of rows `rows`
 * /perturbations/<name>/rows          int32 [M]        row indices into /clean (0…N−1, or the
 *                                                      held-out rows for an unseen perturbation)
 *                         attributes: type, params (JSON), seed, key (the two key words), index,
 *                         unseen (0/1)
 * /latent/<name>/delta    float64 [M, D]   what the perturbation added: observations − clean
 * /splits/train_episodes  int32            ascending
 * /splits/heldout_episodes int32           ascending
 *                         attributes: unseen (JSON array of names), held_out_fraction
 * ```
 *
 * The data section is every dataset of the file; its SHA-256 (`data_sha256`) is taken over the
 * datasets in ascending order of their full path, each contributing the UTF-8 bytes of
 * `path \0 dtype \0 shape-joined-by-commas \0` followed by its elements' little-endian bytes
 * (the in-memory bytes of the typed array; every platform Node supports is little-endian).
 * Attributes are outside it (they include the package version and free-form JSON); the config
 * and seed that determine the data are among them. So "same seed, same data" is checkable
 * without trusting the HDF5 writer's own byte layout.
 * @module
 */
import { createHash } from "node:crypto";
import type { Hdf5Array, Hdf5GroupInput } from "../../io/hdf5.js";

/** Value of the root `format` attribute. */
export const DATASET_FORMAT = "policy-posterior-dataset";
/** Value of the root `format_version` attribute written by this version. */
export const DATASET_FORMAT_VERSION = 1;

/** A dataset as seen by the hash: its path, element code and shape, and its elements. */
export interface HashedDataset {
  readonly path: string;
  readonly data: Hdf5Array;
  readonly shape: readonly number[];
}

/** Element code of an array in the hash: `f8`, `i4`, `u1`, … */
function code(data: Hdf5Array): string {
  if (data instanceof Float64Array) return "f8";
  if (data instanceof Float32Array) return "f4";
  if (data instanceof Int32Array) return "i4";
  if (data instanceof Uint8Array) return "u1";
  if (data instanceof Int8Array) return "i1";
  if (data instanceof Int16Array) return "i2";
  if (data instanceof Uint16Array) return "u2";
  if (data instanceof Uint32Array) return "u4";
  if (data instanceof BigInt64Array) return "i8";
  return "u8";
}

/** SHA-256 (hex) of the data section (see the module comment). */
export function dataSectionHash(datasets: readonly HashedDataset[]): string {
  const sorted = [...datasets].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const h = createHash("sha256");
  for (const d of sorted) {
    h.update(`${d.path}\0${code(d.data)}\0${d.shape.join(",")}\0`, "utf8");
    h.update(new Uint8Array(d.data.buffer, d.data.byteOffset, d.data.byteLength));
  }
  return h.digest("hex");
}

/** Every dataset of a write tree with its full path. */
export function datasetsOfTree(tree: Hdf5GroupInput, prefix = ""): HashedDataset[] {
  const out: HashedDataset[] = [];
  for (const [name, d] of Object.entries(tree.datasets ?? {}))
    out.push({ path: `${prefix}/${name}`, data: d.data, shape: d.shape });
  for (const [name, g] of Object.entries(tree.groups ?? {})) out.push(...datasetsOfTree(g, `${prefix}/${name}`));
  return out;
}
