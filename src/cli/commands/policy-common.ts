/**
 * Helpers shared by the policy-posterior commands (`sample`, `calibrate`, `report`): input files
 * opened with usage errors that name the option, transitions selected from a data set, and
 * option values checked against the ranges the library accepts.
 * @module
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { checkWritableFile } from "../../io/atomic-file.js";
import { checkHdf5File } from "../../io/hdf5.js";
import {
  type DatasetSplitName,
  type PerturbedDataset,
  type TransitionBatch,
  loadTransitions,
  readDataset,
} from "../../perturb/dataset/read.js";
import { type LoadedPosterior, loadPosterior } from "../../policy/posterior-file.js";
import { Tensor } from "../../tensor/tensor.js";
import { UsageError } from "../args.js";
import type { CommandContext } from "../command.js";

/** The splits `--split` accepts. */
export const SPLITS: readonly DatasetSplitName[] = ["train", "heldout", "all"];

/** The string value of a required option, or a usage error saying what it is for. */
export function requireString(ctx: CommandContext, name: string, what: string): string {
  const v = ctx.args.options[name];
  if (typeof v !== "string" || v.length === 0) throw new UsageError(`--${name} ${what} is required`);
  return v;
}

/** No positional arguments: every input is an option. */
export function noPositionals(ctx: CommandContext): void {
  if (ctx.args.positionals.length > 0)
    throw new UsageError(`unexpected argument ${JSON.stringify(ctx.args.positionals[0])} (all inputs are --options)`);
}

/** An absolute output path whose folder is writable (usage error naming the option otherwise). */
export function outputPath(ctx: CommandContext, option: string, path: string): string {
  const out = resolve(ctx.cwd, path);
  try {
    checkWritableFile(out, `--${option}`);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return out;
}

/** An existing HDF5 input file (usage error naming the option otherwise). */
export function inputHdf5(ctx: CommandContext, option: string, path: string): string {
  const p = resolve(ctx.cwd, path);
  try {
    checkHdf5File(p, `--${option}`);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return p;
}

/** Read a data set named by `--<option>`; a file that is not one is a usage error. */
export async function openDataset(ctx: CommandContext, option: string, path: string): Promise<PerturbedDataset> {
  const p = inputHdf5(ctx, option, path);
  try {
    return await readDataset(p);
  } catch (e) {
    throw new UsageError(`--${option}: ${(e as Error).message}`);
  }
}

/** Read a posterior file named by `--<option>`; a file that is not one is a usage error. */
export async function openPosterior(ctx: CommandContext, option: string, path: string): Promise<LoadedPosterior> {
  const p = inputHdf5(ctx, option, path);
  try {
    return await loadPosterior(p);
  } catch (e) {
    throw new UsageError(`--${option}: ${(e as Error).message}`);
  }
}

/** The perturbation names a data set offers (`clean` first). */
export function perturbationNames(ds: PerturbedDataset): string[] {
  return ["clean", ...Object.keys(ds.perturbations)];
}

/**
 * The transitions of `perturbation` and `split`, with usage errors that list the valid names
 * (an unknown perturbation, an unseen one asked for its training split, an empty selection).
 */
export function selectTransitions(
  ds: PerturbedDataset,
  dataOption: string,
  perturbation: string,
  split: string,
): TransitionBatch {
  if (!SPLITS.includes(split as DatasetSplitName))
    throw new UsageError(`--split must be one of ${SPLITS.join(", ")}, got ${JSON.stringify(split)}`);
  const valid = perturbationNames(ds);
  if (!valid.includes(perturbation))
    throw new UsageError(
      `--perturbation ${JSON.stringify(perturbation)} is not in the data set ${ds.path}; valid: ${valid.join(", ")}`,
    );
  let batch: TransitionBatch;
  try {
    batch = loadTransitions(ds, { perturbation, split: split as DatasetSplitName });
  } catch (e) {
    throw new UsageError(`--perturbation ${perturbation} --split ${split}: ${(e as Error).message}`);
  }
  if (batch.numTransitions < 2)
    throw new UsageError(
      `--${dataOption} ${ds.path}: perturbation ${perturbation}, split ${split} has ${batch.numTransitions} transitions; need at least 2`,
    );
  return batch;
}

/** Observations `[n, D]` and actions (indices, or a `[n, A]` tensor) of a batch, as the sampler takes them. */
export function batchInputs(batch: TransitionBatch): { observations: Tensor; actions: Int32Array | Tensor } {
  const observations = new Tensor(Float64Array.from(batch.observations), [batch.numTransitions, batch.obsDim]);
  const actions =
    batch.actionKind === "discrete"
      ? (batch.actions as Int32Array)
      : new Tensor(Float64Array.from(batch.actions), [batch.numTransitions, batch.actionDim]);
  return { observations, actions };
}

/** Read a JSON file named by `--<option>` (usage error when unreadable or not JSON). */
export function readJsonOption(ctx: CommandContext, option: string, path: string): unknown {
  const p = resolve(ctx.cwd, path);
  let text: string;
  try {
    text = readFileSync(p, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`--${option}: ${code === "ENOENT" ? "no such file" : `cannot read (${code})`}: ${p}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new UsageError(`--${option}: ${p} is not valid JSON (${(e as Error).message})`);
  }
}

/** Format a number for text tables: 4 significant digits, `—` for NaN. */
export function fmt(x: number | undefined): string {
  if (x === undefined || Number.isNaN(x)) return "—";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  return Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(3) : x.toPrecision(4);
}
