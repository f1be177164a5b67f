/**
 * Saving and loading the generative observation models, one safetensors file per model.
 *
 * Layout. The weights are float64 tensors named by their dotted parameter paths
 * (`generator.layers.0.weight`, `discriminator.…` for a GAN; the estimator's `flow.…` and
 * `standardization.…` for a flow), so any safetensors reader (Python's `safetensors`, PyTorch,
 * JAX) opens them. Everything else goes into the header's `__metadata__` string map, which the
 * format reserves for exactly this and which keeps one model one file (no sidecar to lose):
 *
 * - `format`: `"policy-posterior/generative-model@1"`, the version of this layout;
 * - `kind`: `"conditional-gan"` or `"observation-flow"`;
 * - `config`: the hyperparameters, JSON;
 * - `training`: key, example count, feature counts (and the flow's best epoch), JSON;
 * - `standardization`: the GAN's column statistics, JSON (a flow keeps its own as tensors);
 * - `history`: the loss / log-likelihood history, JSON.
 *
 * JSON numbers round-trip float64 exactly (ECMAScript's Number-to-String gives the shortest
 * string that reads back as the same double), and the tensors are stored as float64, so a
 * reloaded model gives bit-identical draws and log-densities for the same key.
 * @module
 */
import { readFile } from "node:fs/promises";
import { ConditionalDensityEstimator, type ConditionalDensityConfig } from "../../nn/conditional-density.js";
import { initMLP, type MLPParams } from "../../nn/mlp.js";
import { namedTensorsToTree } from "../../nn/named-tensors.js";
import { type Safetensors, loadSafetensors, saveSafetensors } from "../../nn/safetensors.js";
import { writeFileAtomic } from "../../nn/safetensors-file.js";
import { key as makeKey } from "../../random/key.js";
import {
  ConditionalGAN,
  type GANHistoryEntry,
  type GANStandardization,
  type GANTrainingRecord,
  discriminatorConfig,
  generatorConfig,
  resolveGANConfig,
} from "./conditional-gan.js";
import { type FlowTrainingRecord, ObservationFlow, resolveFlowConfig } from "./observation-flow.js";

/** The `format` metadata value of files written by this module. */
export const GENERATIVE_MODEL_FORMAT = "policy-posterior/generative-model@1";

/** The model kinds a file can hold. */
export type GenerativeModelKind = "conditional-gan" | "observation-flow";

function metadataOf(kind: GenerativeModelKind, entries: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = { format: GENERATIVE_MODEL_FORMAT, kind };
  for (const [k, v] of Object.entries(entries)) out[k] = JSON.stringify(v);
  return out;
}

/** The metadata entries of a file, checked for format and kind; errors start with `who` and name `where`. */
function readHeader(
  who: string,
  where: string,
  file: Safetensors,
  kind: GenerativeModelKind,
  entries: readonly string[],
): Record<string, unknown> {
  const m = file.metadata;
  if (m.format !== GENERATIVE_MODEL_FORMAT)
    throw new Error(
      `${who}: ${where} is not a saved generative observation model (metadata format ${JSON.stringify(m.format)}, expected ${JSON.stringify(GENERATIVE_MODEL_FORMAT)})`,
    );
  if (m.kind !== kind) {
    const hint =
      m.kind === "conditional-gan"
        ? "loadConditionalGAN"
        : m.kind === "observation-flow"
          ? "loadObservationFlow"
          : null;
    throw new Error(
      `${who}: ${where} holds a model of kind ${JSON.stringify(m.kind)}, expected ${JSON.stringify(kind)}${hint === null ? "" : ` (load it with ${hint})`}`,
    );
  }
  const out: Record<string, unknown> = {};
  for (const e of entries) {
    const text = m[e];
    if (text === undefined) throw new Error(`${who}: ${where} lacks the metadata entry ${JSON.stringify(e)}`);
    try {
      out[e] = JSON.parse(text);
    } catch (err) {
      throw new Error(
        `${who}: metadata entry ${JSON.stringify(e)} of ${where} is not valid JSON: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
  }
  return out;
}

function wrap<T>(who: string, where: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    const msg = (e as Error).message;
    throw new Error(msg.startsWith(who) ? msg : `${who}: ${where}: ${msg}`, { cause: e });
  }
}

/** The bytes of a safetensors file holding `gan` (see the module comment for the layout). */
export function conditionalGANToBytes(gan: ConditionalGAN): Uint8Array {
  if (!(gan instanceof ConditionalGAN))
    throw new Error(`saveConditionalGAN: expected a ConditionalGAN, got ${String(gan)}`);
  return saveSafetensors(
    { generator: gan.generatorParams, discriminator: gan.discriminatorParams },
    metadataOf("conditional-gan", {
      config: gan.config,
      training: gan.training,
      standardization: gan.standardization,
      history: gan.history,
    }),
  );
}

/** A {@link ConditionalGAN} from the bytes {@link conditionalGANToBytes} wrote; `where` names the source in errors. */
export function conditionalGANFromBytes(bytes: Uint8Array, where = "the given bytes"): ConditionalGAN {
  const who = "loadConditionalGAN";
  const file = wrap(who, where, () => loadSafetensors(bytes));
  const meta = readHeader(who, where, file, "conditional-gan", ["config", "training", "standardization", "history"]);
  return wrap(who, where, () => {
    const config = resolveGANConfig(meta.config as object);
    const training = meta.training as GANTrainingRecord;
    const d = training?.dataFeatures;
    const c = training?.contextFeatures;
    if (!Number.isInteger(d) || d < 1 || !Number.isInteger(c) || c < 0)
      throw new Error(
        `training record must give dataFeatures >= 1 and contextFeatures >= 0, got ${JSON.stringify(training)}`,
      );
    const s = meta.standardization as GANStandardization;
    const lengths: [keyof GANStandardization, number][] = [
      ["cleanLoc", d],
      ["cleanScale", d],
      ["contextLoc", c],
      ["contextScale", c],
      ["residualLoc", d],
      ["residualScale", d],
    ];
    for (const [name, k] of lengths) {
      const v = s?.[name];
      if (!Array.isArray(v) || v.length !== k || !v.every((x) => typeof x === "number" && Number.isFinite(x)))
        throw new Error(`standardization.${name} must be ${k} finite numbers, got ${JSON.stringify(v)}`);
    }
    if (!Array.isArray(meta.history)) throw new Error(`history must be an array, got ${JSON.stringify(meta.history)}`);
    const template = {
      generator: initMLP(makeKey(0), generatorConfig(config, d, c)),
      discriminator: initMLP(makeKey(0), discriminatorConfig(config, d, c)),
    };
    const tree = namedTensorsToTree<{ generator: MLPParams; discriminator: MLPParams }>(file.tensors, template);
    return new ConditionalGAN(
      config,
      training,
      s,
      tree.generator,
      tree.discriminator,
      meta.history as GANHistoryEntry[],
    );
  });
}

/** The bytes of a safetensors file holding `flow` (see the module comment for the layout). */
export function observationFlowToBytes(flow: ObservationFlow): Uint8Array {
  if (!(flow instanceof ObservationFlow))
    throw new Error(`saveObservationFlow: expected an ObservationFlow, got ${String(flow)}`);
  return saveSafetensors(
    flow.estimator.params,
    metadataOf("observation-flow", {
      config: flow.config,
      training: flow.training,
      estimator: flow.estimator.config,
      history: flow.history,
    }),
  );
}

/** An {@link ObservationFlow} from the bytes {@link observationFlowToBytes} wrote; `where` names the source in errors. */
export function observationFlowFromBytes(bytes: Uint8Array, where = "the given bytes"): ObservationFlow {
  const who = "loadObservationFlow";
  const file = wrap(who, where, () => loadSafetensors(bytes));
  const meta = readHeader(who, where, file, "observation-flow", ["config", "training", "estimator", "history"]);
  return wrap(who, where, () => {
    const config = resolveFlowConfig(meta.config as object);
    const training = meta.training as FlowTrainingRecord;
    const e = meta.estimator as ConditionalDensityConfig;
    if (e === null || typeof e !== "object" || e.flow !== config.flow || e.layers !== config.layers)
      throw new Error(
        `estimator config ${JSON.stringify(e)} does not match the model config ${JSON.stringify(config)}`,
      );
    if (!Array.isArray(meta.history)) throw new Error(`history must be an array, got ${JSON.stringify(meta.history)}`);
    const estimator = ConditionalDensityEstimator.fromNamedTensors(e, file.tensors);
    return new ObservationFlow(config, training, estimator, meta.history as ObservationFlow["history"]);
  });
}

/** Write `bytes` to `path` atomically (a reader sees the old file or the new one); errors name the path. */
async function writeModelFile(who: string, path: string, bytes: Uint8Array): Promise<void> {
  try {
    await writeFileAtomic(path, bytes);
  } catch (e) {
    throw new Error(`${who}: could not write ${path}: ${(e as Error).message}`, { cause: e });
  }
}

async function readModelFile(who: string, path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (e) {
    throw new Error(`${who}: could not read ${path}: ${(e as Error).message}`, { cause: e });
  }
}

/** Save `gan` to the safetensors file `path`, atomically. */
export async function saveConditionalGAN(path: string, gan: ConditionalGAN): Promise<void> {
  await writeModelFile("saveConditionalGAN", path, conditionalGANToBytes(gan));
}

/** Load a {@link ConditionalGAN} saved by {@link saveConditionalGAN}; errors name the path and what is wrong. */
export async function loadConditionalGAN(path: string): Promise<ConditionalGAN> {
  return conditionalGANFromBytes(await readModelFile("loadConditionalGAN", path), path);
}

/** Save `flow` to the safetensors file `path`, atomically. */
export async function saveObservationFlow(path: string, flow: ObservationFlow): Promise<void> {
  await writeModelFile("saveObservationFlow", path, observationFlowToBytes(flow));
}

/** Load an {@link ObservationFlow} saved by {@link saveObservationFlow}; errors name the path and what is wrong. */
export async function loadObservationFlow(path: string): Promise<ObservationFlow> {
  return observationFlowFromBytes(await readModelFile("loadObservationFlow", path), path);
}
