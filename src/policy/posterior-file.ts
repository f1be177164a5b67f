/**
 * A policy posterior in one HDF5 file (readable by h5py) and back: the draws, the summary
 * table, the diagnostics, the resolved configuration, the state model prediction needs, the
 * provenance record, and optionally the nominal baseline's weights, the data the posterior was
 * fitted to and extra metrics.
 *
 * Layout (format `"policy-posterior/posterior"`, version 1):
 *
 * ```
 * /                    attrs: format, format_version, engine, num_chains, num_draws, state_dim,
 *                             num_transitions, num_groups, seconds, config (JSON), diagnostics (JSON),
 *                             provenance (JSON), sites (JSON list, the order of /samples),
 *                             [source (JSON)], [metrics (JSON)], [svi_converged_at_step]
 * /samples/<site>      float64 [chains, draws, ...site shape]
 * /summary/<column>    float64 [P]: mean, sd, q5, q50, q95, mcse_mean, mcse_sd, ess_bulk, ess_tail, r_hat
 *                      attrs: names (JSON list of the P parameter names), [sampler (JSON)]
 * /state_model         attrs: mode, [deconvolution], [observation_model (JSON {type, params})]
 *                      datasets: [noise_var [D]], [prior_mean [D]], [prior_covariance [D, D]]
 * /svi/losses          float64 [steps] (SVI only)
 * /nominal/weights     float64 [F, C], [/nominal/action_scale [C]]; attrs: converged (0/1)
 * ```
 *
 * JSON attributes are JSON text; numbers that JSON cannot hold (NaN, ±Infinity — an R-hat of
 * constant draws, a minimum over no rows) are written as the strings `"NaN"`, `"Infinity"`,
 * `"-Infinity"` and read back as numbers.
 * @module
 */
import { type Hdf5DatasetInput, type Hdf5Group, type Hdf5GroupInput, readHdf5, writeHdf5 } from "../io/hdf5.js";
import type { SummaryRow } from "../infer/diagnostics/summary.js";
import type { Summary } from "../infer/diagnostics/index.js";
import { makePerturbation, perturbationTypes } from "../perturb/registry.js";
import type { Perturbation, PerturbationParams } from "../perturb/perturbation.js";
import type { ProvenanceRecord } from "../provenance/record.js";
import { Tensor } from "../tensor/tensor.js";
import { type ResolvedConfig, resolveConfig } from "./config.js";
import type { StateModel } from "./data.js";
import type { EngineDraws } from "./engines.js";
import type { StateMode } from "./model.js";
import type { WeightDraws } from "./predictive.js";
import type { PolicyPosterior, PosteriorDiagnostics } from "./sampler.js";

/** Format name in the root attribute `format`. */
export const POSTERIOR_FORMAT = "policy-posterior/posterior";
/** Version in the root attribute `format_version` (readers refuse newer ones). */
export const POSTERIOR_FORMAT_VERSION = 1;

/** The nominal (point-estimate) baseline stored beside a posterior: one draw of weights. */
export interface StoredNominal {
  readonly numFeatures: number;
  readonly numOutputs: number;
  /** `[F, C]` */
  readonly weights: Float64Array;
  /** `[C]` (continuous policies). */
  readonly actionScale?: Float64Array;
  readonly converged: boolean;
}

/** What {@link savePosterior} may store besides the posterior. */
export interface PosteriorFileExtra {
  /** The nominal baseline (`sampler.fitNominal` on the same data), for calibration and regret later. */
  readonly nominal?: WeightDraws & { converged?: boolean };
  /** Where the training data came from (file, hash, perturbation, split, …). */
  readonly source?: Readonly<Record<string, unknown>>;
  /** Any further figures (JSON). */
  readonly metrics?: Readonly<Record<string, unknown>>;
}

/** A posterior read back by {@link loadPosterior}: usable wherever a {@link PolicyPosterior} is. */
export interface LoadedPosterior extends PolicyPosterior {
  /** The file it was read from. */
  readonly path: string;
  readonly nominal?: StoredNominal;
  readonly source?: Record<string, unknown>;
  readonly metrics?: Record<string, unknown>;
}

const SUMMARY_COLUMNS: readonly [keyof SummaryRow, string][] = [
  ["mean", "mean"],
  ["sd", "sd"],
  ["q5", "q5"],
  ["q50", "q50"],
  ["q95", "q95"],
  ["mcseMean", "mcse_mean"],
  ["mcseSd", "mcse_sd"],
  ["essBulk", "ess_bulk"],
  ["essTail", "ess_tail"],
  ["rHat", "r_hat"],
];

const STATE_MODES: readonly StateMode[] = ["known", "quadrature", "monte-carlo", "joint"];

/** JSON text in which NaN and ±Infinity survive (as strings; see the module comment). */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === "number" && !Number.isFinite(v)) return String(v);
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as Float64Array);
    return v;
  });
}

/** Parse JSON written by {@link encodeJson}: `"NaN"`, `"Infinity"`, `"-Infinity"` become numbers. */
export function decodeJson(text: string): unknown {
  return JSON.parse(text, (_k, v: unknown) =>
    v === "NaN" ? NaN : v === "Infinity" ? Infinity : v === "-Infinity" ? -Infinity : v,
  );
}

function vec(data: Float64Array, shape: readonly number[] = [data.length]): Hdf5DatasetInput {
  return { data, shape };
}

function stateModelGroup(s: StateModel): Hdf5GroupInput {
  const attrs: Record<string, string | number> = { mode: s.mode };
  const datasets: Record<string, Hdf5DatasetInput> = {};
  if (s.noiseVar !== undefined) datasets["noise_var"] = vec(Float64Array.from(s.noiseVar));
  if (s.prior !== undefined) {
    datasets["prior_mean"] = vec(Float64Array.from(s.prior.mean));
    datasets["prior_covariance"] = vec(Float64Array.from(s.prior.covariance), [s.prior.dim, s.prior.dim]);
    attrs["deconvolution"] = s.prior.deconvolution;
  }
  if (s.observationModel !== undefined)
    attrs["observation_model"] = encodeJson({ type: s.observationModel.type, params: s.observationModel.params });
  return { attrs, datasets };
}

function summaryGroup(summary: Summary): Hdf5GroupInput {
  const datasets: Record<string, Hdf5DatasetInput> = {};
  for (const [field, column] of SUMMARY_COLUMNS)
    datasets[column] = vec(Float64Array.from(summary.rows, (r) => r[field] as number));
  const attrs: Record<string, string> = { names: encodeJson(summary.rows.map((r) => r.name)) };
  if (summary.sampler !== undefined) attrs["sampler"] = encodeJson(summary.sampler);
  return { attrs, datasets };
}

function checkPosterior(p: PolicyPosterior): void {
  if (p === null || typeof p !== "object" || p.draws === undefined || p.config === undefined)
    throw new Error("savePosterior: expected a PolicyPosterior (from samplePosterior or loadPosterior)");
  const { numChains, numDraws, sites } = p.draws;
  for (const [name, t] of Object.entries(sites))
    if (!(t instanceof Tensor) || t.shape[0] !== numChains || t.shape[1] !== numDraws)
      throw new Error(
        `savePosterior: site ${name} must be a tensor [${numChains}, ${numDraws}, ...], got shape [${t?.shape?.join(", ")}]`,
      );
}

/**
 * Write `posterior` (and `extra`) to an HDF5 file at `path`, atomically: the file appears
 * complete or not at all (written aside, then renamed; see `io/hdf5.ts`).
 */
export async function savePosterior(
  path: string,
  posterior: PolicyPosterior,
  extra: PosteriorFileExtra = {},
): Promise<void> {
  checkPosterior(posterior);
  const d = posterior.draws;
  const samples: Record<string, Hdf5DatasetInput> = {};
  for (const [name, t] of Object.entries(d.sites)) samples[name] = vec(Float64Array.from(t.data), t.shape);
  const attrs: Record<string, string | number> = {
    format: POSTERIOR_FORMAT,
    format_version: POSTERIOR_FORMAT_VERSION,
    engine: d.engine,
    num_chains: d.numChains,
    num_draws: d.numDraws,
    state_dim: posterior.stateDim,
    num_transitions: posterior.numTransitions,
    num_groups: posterior.numGroups,
    seconds: d.seconds,
    config: encodeJson(posterior.config),
    diagnostics: encodeJson(posterior.diagnostics),
    provenance: encodeJson(posterior.provenance),
    sites: encodeJson(Object.keys(d.sites)),
  };
  if (extra.source !== undefined) attrs["source"] = encodeJson(extra.source);
  if (extra.metrics !== undefined) attrs["metrics"] = encodeJson(extra.metrics);
  if (d.convergedAtStep !== undefined) attrs["svi_converged_at_step"] = d.convergedAtStep;
  const groups: Record<string, Hdf5GroupInput> = {
    samples: { datasets: samples },
    summary: summaryGroup(d.summary),
    state_model: stateModelGroup(posterior.stateModel),
  };
  if (d.losses !== undefined) groups["svi"] = { datasets: { losses: vec(Float64Array.from(d.losses)) } };
  if (extra.nominal !== undefined) {
    const n = extra.nominal;
    if (n.weights.length !== n.numFeatures * n.numOutputs)
      throw new Error(
        `savePosterior: nominal weights hold ${n.weights.length} values, expected ${n.numFeatures}·${n.numOutputs} (one draw)`,
      );
    const datasets: Record<string, Hdf5DatasetInput> = {
      weights: vec(Float64Array.from(n.weights), [n.numFeatures, n.numOutputs]),
    };
    if (n.actionScale !== undefined) datasets["action_scale"] = vec(Float64Array.from(n.actionScale));
    groups["nominal"] = { attrs: { converged: n.converged === false ? 0 : 1 }, datasets };
  }
  await writeHdf5(path, { attrs, groups });
}

function fail(path: string, message: string): never {
  throw new Error(`loadPosterior: ${path}: ${message}`);
}

function numAttr(g: Hdf5Group, name: string, path: string): number {
  const v = g.attrs[name];
  if (typeof v === "number") return v;
  if (typeof v === "bigint") return Number(v);
  return fail(path, `attribute ${name} must be a number, got ${v === undefined ? "nothing" : typeof v}`);
}

function jsonAttr(g: Hdf5Group, name: string, path: string): unknown {
  const v = g.attrs[name];
  if (typeof v !== "string") return fail(path, `attribute ${name} must be a JSON string`);
  try {
    return decodeJson(v);
  } catch {
    return fail(path, `attribute ${name} is not valid JSON`);
  }
}

function floats(g: Hdf5Group, name: string, path: string, where: string): Float64Array {
  const d = g.datasets[name];
  if (d === undefined) return fail(path, `no dataset ${where}/${name}`);
  if (!(d.data instanceof Float64Array)) return fail(path, `${where}/${name} must hold float64 values`);
  return d.data;
}

/**
 * An observation model that could not be rebuilt from its `{ type, params }` record (a learned
 * density): every use says so, rather than predicting with a different model.
 */
function unrestorable(type: string, params: PerturbationParams, path: string): Perturbation {
  const refuse = (): never => {
    throw new Error(
      `loadPosterior: ${path}: the observation model "${type}" was learned and is not stored in the posterior file; ` +
        "prediction needs it (refit, or predict with a posterior kept in memory)",
    );
  };
  return { type, params, apply: refuse, logProb: refuse };
}

function readStateModel(g: Hdf5Group, path: string): StateModel {
  const mode = g.attrs["mode"];
  if (typeof mode !== "string" || !STATE_MODES.includes(mode as StateMode))
    fail(path, `state_model/mode must be one of ${STATE_MODES.join(", ")}, got ${JSON.stringify(mode)}`);
  const noiseVar = g.datasets["noise_var"] ? floats(g, "noise_var", path, "/state_model") : undefined;
  let prior: StateModel["prior"];
  if (g.datasets["prior_mean"] !== undefined) {
    const mean = floats(g, "prior_mean", path, "/state_model");
    const covariance = floats(g, "prior_covariance", path, "/state_model");
    if (covariance.length !== mean.length * mean.length)
      fail(path, `state_model/prior_covariance must be [${mean.length}, ${mean.length}]`);
    prior = { dim: mean.length, mean, covariance, deconvolution: numAttr(g, "deconvolution", path) };
  }
  let observationModel: Perturbation | undefined;
  if (g.attrs["observation_model"] !== undefined) {
    const rec = jsonAttr(g, "observation_model", path) as { type: string; params: PerturbationParams };
    observationModel = perturbationTypes.includes(rec.type)
      ? makePerturbation(rec.type, rec.params)
      : unrestorable(rec.type, rec.params, path);
  }
  return {
    mode: mode as StateMode,
    ...(noiseVar ? { noiseVar } : {}),
    ...(prior ? { prior } : {}),
    ...(observationModel ? { observationModel } : {}),
  };
}

function readSummary(g: Hdf5Group, path: string): Summary {
  const names = jsonAttr(g, "names", path);
  if (!Array.isArray(names) || !names.every((n) => typeof n === "string"))
    fail(path, "summary/names must be a JSON list of parameter names");
  const columns = SUMMARY_COLUMNS.map(([, c]) => floats(g, c, path, "/summary"));
  columns.forEach((c, j) => {
    if (c.length !== names.length)
      fail(path, `summary/${SUMMARY_COLUMNS[j]![1]} has ${c.length} rows, names has ${names.length}`);
  });
  const rows = (names as string[]).map((name, i) => {
    const row: Record<string, number | string> = { name };
    SUMMARY_COLUMNS.forEach(([field], j) => (row[field] = columns[j]![i]!));
    return row as unknown as SummaryRow;
  });
  const sampler = g.attrs["sampler"] !== undefined ? (jsonAttr(g, "sampler", path) as Summary["sampler"]) : undefined;
  return sampler ? { rows, sampler } : { rows };
}

/**
 * Read a posterior written by {@link savePosterior}. The result works with a sampler built from
 * its configuration: `new PolicyPosteriorSampler(p.config).predict(obs, { posterior: p })`.
 */
export async function loadPosterior(path: string): Promise<LoadedPosterior> {
  const tree = await readHdf5(path);
  if (tree.attrs["format"] !== POSTERIOR_FORMAT)
    fail(path, `not a policy-posterior posterior file (attribute format is ${JSON.stringify(tree.attrs["format"])})`);
  const version = numAttr(tree, "format_version", path);
  if (version > POSTERIOR_FORMAT_VERSION)
    fail(path, `format version ${version} is newer than this library reads (${POSTERIOR_FORMAT_VERSION})`);
  const engine = tree.attrs["engine"];
  if (engine !== "nuts" && engine !== "hmc" && engine !== "svi")
    fail(path, `attribute engine must be nuts, hmc or svi, got ${JSON.stringify(engine)}`);
  const numChains = numAttr(tree, "num_chains", path);
  const numDraws = numAttr(tree, "num_draws", path);
  let config: ResolvedConfig;
  try {
    config = resolveConfig(jsonAttr(tree, "config", path) as ResolvedConfig);
  } catch (e) {
    return fail(path, `stored configuration is invalid: ${(e as Error).message}`);
  }
  const samplesGroup = tree.groups["samples"] ?? fail(path, "no group /samples");
  const siteOrder = jsonAttr(tree, "sites", path) as string[];
  const sites: Record<string, Tensor> = {};
  for (const name of siteOrder) {
    const d = samplesGroup.datasets[name];
    if (d === undefined || !(d.data instanceof Float64Array)) return fail(path, `no float64 dataset /samples/${name}`);
    if (d.shape[0] !== numChains || d.shape[1] !== numDraws)
      fail(path, `/samples/${name} has shape [${d.shape.join(", ")}], expected [${numChains}, ${numDraws}, ...]`);
    sites[name] = new Tensor(d.data, d.shape);
  }
  const summary = readSummary(tree.groups["summary"] ?? fail(path, "no group /summary"), path);
  const stateModel = readStateModel(tree.groups["state_model"] ?? fail(path, "no group /state_model"), path);
  const losses = tree.groups["svi"] ? floats(tree.groups["svi"], "losses", path, "/svi") : undefined;
  const convergedAtStep =
    tree.attrs["svi_converged_at_step"] !== undefined ? numAttr(tree, "svi_converged_at_step", path) : undefined;
  const draws: EngineDraws = {
    engine,
    numChains,
    numDraws,
    sites,
    summary,
    seconds: numAttr(tree, "seconds", path),
    ...(losses ? { losses } : {}),
    ...(convergedAtStep !== undefined ? { convergedAtStep } : {}),
  };
  let nominal: StoredNominal | undefined;
  const ng = tree.groups["nominal"];
  if (ng !== undefined) {
    const w = ng.datasets["weights"] ?? fail(path, "no dataset /nominal/weights");
    if (!(w.data instanceof Float64Array) || w.shape.length !== 2)
      fail(path, "/nominal/weights must be float64 [F, C]");
    nominal = {
      numFeatures: w.shape[0]!,
      numOutputs: w.shape[1]!,
      weights: w.data as Float64Array,
      ...(ng.datasets["action_scale"] ? { actionScale: floats(ng, "action_scale", path, "/nominal") } : {}),
      converged: numAttr(ng, "converged", path) === 1,
    };
  }
  return {
    path,
    config,
    samples: sites,
    summary,
    diagnostics: jsonAttr(tree, "diagnostics", path) as PosteriorDiagnostics,
    draws,
    stateModel,
    stateDim: numAttr(tree, "state_dim", path),
    numTransitions: numAttr(tree, "num_transitions", path),
    numGroups: numAttr(tree, "num_groups", path),
    provenance: jsonAttr(tree, "provenance", path) as ProvenanceRecord,
    ...(nominal ? { nominal } : {}),
    ...(tree.attrs["source"] !== undefined
      ? { source: jsonAttr(tree, "source", path) as Record<string, unknown> }
      : {}),
    ...(tree.attrs["metrics"] !== undefined
      ? { metrics: jsonAttr(tree, "metrics", path) as Record<string, unknown> }
      : {}),
  };
}

/** The nominal baseline of a loaded posterior as the one-draw {@link WeightDraws} the sampler takes. */
export function nominalWeightDraws(n: StoredNominal): WeightDraws {
  return {
    numDraws: 1,
    numFeatures: n.numFeatures,
    numOutputs: n.numOutputs,
    weights: n.weights,
    ...(n.actionScale ? { actionScale: n.actionScale } : {}),
  };
}

/** A posterior as JSON for `--json` output and services: everything but the raw draws. */
export interface PosteriorJSON {
  readonly engine: string;
  readonly numChains: number;
  readonly numDraws: number;
  readonly stateDim: number;
  readonly numTransitions: number;
  readonly numGroups: number;
  readonly seconds: number;
  readonly stateMode: StateMode;
  readonly config: ResolvedConfig;
  readonly diagnostics: PosteriorDiagnostics;
  readonly summary: { rows: SummaryRow[]; sampler?: Summary["sampler"] };
  readonly provenance: ProvenanceRecord;
  readonly sviConvergedAtStep?: number;
}

/**
 * The JSON view of a posterior (summary, diagnostics, configuration, provenance; no raw draws).
 * Non-finite numbers become the strings `"NaN"`, `"Infinity"`, `"-Infinity"` (see the module comment).
 */
export function posteriorToJSON(p: PolicyPosterior): PosteriorJSON {
  const plain: PosteriorJSON = {
    engine: p.draws.engine,
    numChains: p.draws.numChains,
    numDraws: p.draws.numDraws,
    stateDim: p.stateDim,
    numTransitions: p.numTransitions,
    numGroups: p.numGroups,
    seconds: p.draws.seconds,
    stateMode: p.stateModel.mode,
    config: p.config,
    diagnostics: p.diagnostics,
    summary: p.draws.summary,
    provenance: p.provenance,
    ...(p.draws.convergedAtStep !== undefined ? { sviConvergedAtStep: p.draws.convergedAtStep } : {}),
  };
  return JSON.parse(encodeJson(plain)) as PosteriorJSON;
}
