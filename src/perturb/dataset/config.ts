/**
 * The configuration of a perturbed data set and its validation. Everything that can be checked
 * without running the environment is checked here, before any rollout, with messages that name
 * the bad value and list the valid ones.
 * @module
 */
import { envIds } from "../../envs/registry.js";
import type { PerturbationParams } from "../perturbation.js";
import { makePerturbation, perturbationTypes } from "../registry.js";
import type { PerturbationModel } from "../define.js";

/** One perturbation of a data set: a name (its group in the file) and a registered model. */
export interface DatasetPerturbationConfig {
  /** Group name in the file (`/perturbations/<name>`); default the type. Letters, digits, `_ . -`. */
  readonly name?: string;
  /** Registered type (see `perturbationTypes`). */
  readonly type: string;
  /** The model's parameters (validated by its factory). */
  readonly params?: PerturbationParams;
}

/** How episodes and perturbations are split between training and evaluation. */
export interface DatasetSplitConfig {
  /** Fraction of episodes held out from training, in [0, 1) (default 0.2). */
  readonly heldOutFraction?: number;
  /**
   * Perturbation names kept out of training entirely ("unseen" perturbations): their
   * observations are generated for held-out episodes only (see `generate.ts`).
   */
  readonly unseen?: readonly string[];
}

/** A JSON record of a behaviour policy, as its `toJSON` writes it (`type` names the class). */
export interface PolicyJSONRecord {
  readonly type: string;
  readonly [key: string]: unknown;
}

/** Configuration of {@link generateDataset}: JSON-serialisable, stored in the file and provenance. */
export interface DatasetConfig {
  /** Registered environment id (see `envIds`). */
  readonly env: string;
  /** `"pretrained"` (the environment's pretrained behaviour policy) or a policy's JSON record. */
  readonly policy?: "pretrained" | PolicyJSONRecord;
  /** Number of episodes, ≥ 1. */
  readonly numEpisodes: number;
  /** Seed of every random draw (rollout, perturbations, split); a safe integer. */
  readonly seed: number;
  readonly perturbations: readonly DatasetPerturbationConfig[];
  readonly split?: DatasetSplitConfig;
  /** Cut episodes after this many steps (default the environment's time limit). */
  readonly maxSteps?: number;
}

/** A validated configuration: defaults filled in, perturbation models built. */
export interface ResolvedDatasetConfig {
  readonly env: string;
  readonly policy: "pretrained" | PolicyJSONRecord;
  readonly numEpisodes: number;
  readonly seed: number;
  readonly perturbations: readonly {
    readonly name: string;
    readonly type: string;
    readonly params: PerturbationParams;
  }[];
  readonly split: { readonly heldOutFraction: number; readonly unseen: readonly string[] };
  readonly maxSteps?: number;
}

/** Names allowed for perturbation groups: safe as HDF5 names, file names and CLI words. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Perturbation types that attack the behaviour policy (need a differentiable policy). */
export const ADVERSARIAL_TYPES: readonly string[] = Object.freeze(["fgsm", "pgd"]);

const KNOWN_KEYS = ["env", "policy", "numEpisodes", "seed", "perturbations", "split", "maxSteps"];

function fail(message: string): never {
  throw new Error(`generateDataset: ${message}`);
}

/** Number of held-out episodes: round(f · E), at least 1 when f > 0. */
export function heldOutCount(numEpisodes: number, fraction: number): number {
  return fraction > 0 ? Math.max(1, Math.round(fraction * numEpisodes)) : 0;
}

/**
 * Validate a configuration and fill in defaults; builds every perturbation model (so bad
 * parameters such as a negative epsilon fail here). Does not touch the file system.
 */
export function resolveDatasetConfig(config: DatasetConfig): {
  config: ResolvedDatasetConfig;
  models: PerturbationModel[];
} {
  if (config === null || typeof config !== "object" || Array.isArray(config))
    fail(`config must be an object, got ${config === null ? "null" : typeof config}`);
  for (const k of Object.keys(config))
    if (!KNOWN_KEYS.includes(k)) fail(`unknown configuration key "${k}"; valid: ${KNOWN_KEYS.join(", ")}`);
  const { env, numEpisodes, seed, maxSteps } = config;
  if (typeof env !== "string" || !envIds.includes(env))
    fail(`unknown environment ${JSON.stringify(env)}; valid: ${envIds.join(", ")}`);
  if (!Number.isSafeInteger(numEpisodes) || numEpisodes < 1)
    fail(`numEpisodes must be a positive integer, got ${String(numEpisodes)}`);
  if (!Number.isSafeInteger(seed)) fail(`seed must be a safe integer, got ${String(seed)}`);
  if (maxSteps !== undefined && (!Number.isSafeInteger(maxSteps) || maxSteps < 1))
    fail(`maxSteps must be a positive integer, got ${String(maxSteps)}`);
  const policy = config.policy ?? "pretrained";
  if (policy !== "pretrained" && (policy === null || typeof policy !== "object" || typeof policy.type !== "string"))
    fail(
      `policy must be "pretrained" or a policy JSON record with a "type", got ${JSON.stringify(policy)?.slice(0, 80)}`,
    );

  if (!Array.isArray(config.perturbations)) fail("perturbations must be an array of { name?, type, params }");
  const names = new Set<string>();
  const models: PerturbationModel[] = [];
  const perturbations = config.perturbations.map((p, i) => {
    if (p === null || typeof p !== "object") fail(`perturbations[${i}] must be an object { name?, type, params }`);
    if (typeof p.type !== "string" || !perturbationTypes.includes(p.type))
      fail(
        `perturbations[${i}]: unknown perturbation type ${JSON.stringify(p.type)}; valid: ${perturbationTypes.join(", ")}`,
      );
    const name = p.name ?? p.type;
    if (typeof name !== "string" || !NAME.test(name) || name === "clean")
      fail(
        `perturbations[${i}]: name ${JSON.stringify(name)} must start with a letter or digit and hold only letters, digits, "_", "." or "-" (and not be "clean")`,
      );
    if (names.has(name)) fail(`perturbations[${i}]: name "${name}" is used twice; give each perturbation its own name`);
    names.add(name);
    let model: PerturbationModel;
    try {
      model = makePerturbation(p.type, p.params ?? {});
    } catch (e) {
      fail(`perturbation "${name}": ${(e as Error).message}`);
    }
    models.push(model);
    return { name, type: model.type, params: model.params };
  });

  const split = config.split ?? {};
  if (split === null || typeof split !== "object") fail("split must be an object { heldOutFraction?, unseen? }");
  for (const k of Object.keys(split))
    if (k !== "heldOutFraction" && k !== "unseen") fail(`unknown split key "${k}"; valid: heldOutFraction, unseen`);
  const heldOutFraction = split.heldOutFraction ?? 0.2;
  if (typeof heldOutFraction !== "number" || !(heldOutFraction >= 0 && heldOutFraction < 1))
    fail(`split.heldOutFraction must be in [0, 1), got ${String(heldOutFraction)}`);
  const unseen = split.unseen ?? [];
  if (!Array.isArray(unseen)) fail("split.unseen must be an array of perturbation names");
  const seenUnseen = new Set<string>();
  for (const u of unseen) {
    if (!names.has(u))
      fail(
        `split.unseen names ${JSON.stringify(u)}, which is not a perturbation of this data set; valid: ${[...names].join(", ") || "(none)"}`,
      );
    if (seenUnseen.has(u)) fail(`split.unseen lists "${u}" twice`);
    seenUnseen.add(u);
  }
  const heldOut = heldOutCount(numEpisodes, heldOutFraction);
  if (numEpisodes - heldOut < 1)
    fail(
      `heldOutFraction ${heldOutFraction} of ${numEpisodes} episodes leaves no training episode; use more episodes or a smaller fraction`,
    );
  if (unseen.length > 0 && heldOut === 0)
    fail("split.unseen needs held-out episodes (their only observations); set heldOutFraction > 0");

  return {
    config: {
      env,
      policy,
      numEpisodes,
      seed,
      perturbations,
      split: { heldOutFraction, unseen: [...unseen] },
      ...(maxSteps !== undefined ? { maxSteps } : {}),
    },
    models,
  };
}
