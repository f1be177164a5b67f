/**
 * Configuration of the policy posterior: policy family, hierarchy, prior, observation model and
 * engine, with the ranges the product supports, validated once with errors that name the field.
 * @module
 */

/** Which engine draws the posterior. */
export type Engine = "nuts" | "hmc" | "svi";

/**
 * How the latent clean state is handled (details in model.ts and docs/policy-posterior.md).
 * - `"quadrature"`: affine features and Gaussian noise only — the clean state is integrated out
 *   exactly through the Gaussian law of the logits (Gauss–Hermite cubature) or actions (closed form).
 * - `"monte-carlo"`: integrated out per transition with a fixed set of weighted draws (a simulated
 *   likelihood; any feature map or observation density).
 * - `"joint"`: the clean state of every transition is a latent variable sampled jointly with the
 *   policy parameters (exact; the dimension grows with the number of transitions).
 * - `"auto"` (default): quadrature when it applies, else monte-carlo.
 */
export type Marginalization = "auto" | "quadrature" | "joint" | "monte-carlo";

/** Per-episode (or per-agent) parameters around a global mean, or one set of parameters for all. */
export type Hierarchy = "none" | "episode" | "agent";

/** The policy family. */
export type PolicyFamily = "linear-softmax" | "linear-gaussian";

/** A feature map by name: `"affine"` is `[state, 1]`. */
export interface FeatureSpec {
  readonly name: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** Everything that determines a policy posterior (JSON-serialisable; stored in provenance). */
export interface PolicyPosteriorConfig {
  /** `"linear-softmax"` (discrete actions) or `"linear-gaussian"` (continuous actions). */
  family: PolicyFamily;
  /** Number of discrete actions (linear-softmax). */
  numActions?: number;
  /** Action dimension (linear-gaussian). */
  actionDim?: number;
  /** Feature map applied to the clean state (default affine: `[state, 1]`). */
  features?: FeatureSpec;
  /** Default `"none"`. With `"episode"`/`"agent"`, `samplePosterior` needs a group index per transition. */
  hierarchy?: Hierarchy;
  /** Prior variance of each policy weight (or of the global mean under a hierarchy), in [0.1, 10]. Default 1. */
  policyPriorVariance?: number;
  /** Scale of the half-normal prior on the between-group standard deviation (default 1). */
  groupScalePrior?: number;
  /**
   * Standard deviation of Gaussian observation noise, a scalar in [0, 1] or one per state dimension
   * (default 0: the states are observed exactly). Ignored when `observationModel` is given to the sampler.
   */
  observationNoiseStd?: number | readonly number[];
  /** Default `"auto"`. */
  marginalization?: Marginalization;
  /** Clean-state draws per transition for `"monte-carlo"` marginalisation and for prediction (default 32). */
  numMarginalSamples?: number;
  /** Default `"nuts"`. */
  engine?: Engine;
  numWarmup?: number;
  numChains?: number;
  targetAccept?: number;
  /** Leapfrog steps per HMC transition, 10–100 (default 20). */
  hmcSteps?: number;
  /**
   * Posterior draws taken from the fitted SVI guide, 50–500: the Monte Carlo error of every
   * summary and prediction against their cost. When set it overrides `samplePosterior`'s
   * `numSamples` for SVI.
   */
  numVariationalSamples?: number;
  /** SVI learning rate (Adam), default 0.01. */
  lr?: number;
  /** SVI optimisation steps (default 2000). */
  sviSteps?: number;
  /** ELBO particles per SVI step (default 4). */
  sviParticles?: number;
  /** Run MCMC chains in worker threads when the model allows it (default true). */
  parallelChains?: boolean;
  /** Seed of every random choice of a run (default 0). */
  seed?: number;
}

/** The configuration with every default filled in. */
export type ResolvedConfig = Required<
  Omit<PolicyPosteriorConfig, "numActions" | "actionDim" | "observationNoiseStd">
> & {
  numActions: number;
  actionDim: number;
  observationNoiseStd: number | readonly number[];
};

const ENGINES: readonly Engine[] = ["nuts", "hmc", "svi"];
/** Names of the feature maps the policy posterior knows (features.ts implements them). */
export const FEATURE_NAMES: readonly string[] = ["affine", "pendulum"];
const HIERARCHIES: readonly Hierarchy[] = ["none", "episode", "agent"];
const FAMILIES: readonly PolicyFamily[] = ["linear-softmax", "linear-gaussian"];
const MARGINALIZATIONS: readonly Marginalization[] = ["auto", "quadrature", "joint", "monte-carlo"];
const KNOWN_FIELDS = new Set([
  "family",
  "numActions",
  "actionDim",
  "features",
  "hierarchy",
  "policyPriorVariance",
  "groupScalePrior",
  "observationNoiseStd",
  "marginalization",
  "numMarginalSamples",
  "engine",
  "numWarmup",
  "numChains",
  "targetAccept",
  "hmcSteps",
  "numVariationalSamples",
  "lr",
  "sviSteps",
  "sviParticles",
  "parallelChains",
  "seed",
]);

function fail(field: string, expected: string, got: unknown): never {
  throw new RangeError(`PolicyPosteriorSampler: ${field} must be ${expected}, got ${formatValue(got)}`);
}

function formatValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(formatValue).join(", ")}]`;
  return String(v);
}

function oneOf<T extends string>(field: string, value: unknown, valid: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (typeof value !== "string" || !valid.includes(value as T)) fail(field, `one of ${valid.join(", ")}`, value);
  return value as T;
}

function integerIn(field: string, value: unknown, lo: number, hi: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < lo || value > hi)
    fail(field, `an integer in [${lo}, ${hi}]`, value);
  return value;
}

function numberIn(field: string, value: unknown, lo: number, hi: number, fallback: number, open = false): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value > hi || (open ? value <= lo : value < lo))
    fail(field, `a number in ${open ? "(" : "["}${lo}, ${hi}]`, value);
  return value;
}

/** Validate a configuration and fill in the defaults; throws a `RangeError` naming the first bad field. */
export function resolveConfig(config: PolicyPosteriorConfig): ResolvedConfig {
  if (config === null || typeof config !== "object") fail("config", "an object", config);
  for (const k of Object.keys(config))
    if (!KNOWN_FIELDS.has(k)) fail(`field ${JSON.stringify(k)}`, `one of ${[...KNOWN_FIELDS].join(", ")}`, k);
  if (config.family === undefined) fail("family", `one of ${FAMILIES.join(", ")}`, undefined);
  const family = oneOf("family", config.family, FAMILIES, "linear-softmax");
  const numActions = family === "linear-softmax" ? integerIn("numActions", config.numActions, 2, 1000, NaN) : 0;
  if (family === "linear-softmax" && Number.isNaN(numActions))
    fail("numActions", "an integer in [2, 1000] for linear-softmax", undefined);
  const actionDim = family === "linear-gaussian" ? integerIn("actionDim", config.actionDim, 1, 1000, 1) : 0;
  const engine = oneOf("engine", config.engine, ENGINES, "nuts");
  const noise = config.observationNoiseStd ?? 0;
  if (typeof noise === "number") numberIn("observationNoiseStd", noise, 0, 1, 0);
  else if (Array.isArray(noise)) noise.forEach((s, i) => numberIn(`observationNoiseStd[${i}]`, s, 0, 1, 0));
  else fail("observationNoiseStd", "a number in [0, 1] or an array of them", noise);
  const features = config.features ?? { name: "affine" };
  if (typeof features !== "object" || typeof features.name !== "string")
    fail("features", 'a feature spec { name, params? } such as { name: "affine" }', features);
  if (!FEATURE_NAMES.includes(features.name))
    throw new RangeError(
      `PolicyPosteriorSampler: features: unknown feature map ${JSON.stringify(features.name)}; valid: ${FEATURE_NAMES.join(", ")}`,
    );
  return {
    family,
    numActions,
    actionDim,
    features,
    hierarchy: oneOf("hierarchy", config.hierarchy, HIERARCHIES, "none"),
    policyPriorVariance: numberIn("policyPriorVariance", config.policyPriorVariance, 0.1, 10, 1),
    groupScalePrior: numberIn("groupScalePrior", config.groupScalePrior, 0, 100, 1, true),
    observationNoiseStd: noise,
    marginalization: oneOf("marginalization", config.marginalization, MARGINALIZATIONS, "auto"),
    numMarginalSamples: integerIn("numMarginalSamples", config.numMarginalSamples, 1, 4096, 32),
    engine,
    numWarmup: integerIn("numWarmup", config.numWarmup, 0, 1_000_000, 500),
    numChains: integerIn("numChains", config.numChains, 1, 64, 4),
    targetAccept: numberIn("targetAccept", config.targetAccept, 0, 1, 0.8, true),
    hmcSteps: integerIn("hmcSteps", config.hmcSteps, 10, 100, 20),
    numVariationalSamples: integerIn("numVariationalSamples", config.numVariationalSamples, 50, 500, 200),
    lr: numberIn("lr", config.lr, 0, 10, 0.01, true),
    sviSteps: integerIn("sviSteps", config.sviSteps, 1, 10_000_000, 2000),
    sviParticles: integerIn("sviParticles", config.sviParticles, 1, 1000, 4),
    parallelChains: config.parallelChains ?? true,
    seed: integerIn("seed", config.seed, 0, 2 ** 32 - 1, 0),
  };
}
