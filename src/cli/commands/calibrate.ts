/**
 * `policy-posterior calibrate`: calibration of a stored posterior's predictive, and of the
 * nominal baseline stored with it, against the actions really taken in a data set.
 * @module
 */
import { writeFileAtomic } from "../../io/atomic-file.js";
import { continuousCalibration, discreteCalibration } from "../../policy/calibration.js";
import type { GaussianMixturePredictive } from "../../policy/predictive.js";
import { ndtr } from "../../tensor/special.js";
import { nominalWeightDraws } from "../../policy/posterior-file.js";
import { PolicyPosteriorSampler } from "../../policy/sampler.js";
import type { ReliabilityBin } from "../../report/types.js";
import { UsageError } from "../args.js";
import type { Command, CommandContext, CommandResult } from "../command.js";
import {
  batchInputs,
  fmt,
  noPositionals,
  openDataset,
  openPosterior,
  outputPath,
  requireString,
  selectTransitions,
} from "./policy-common.js";

/** Format name of a calibration file. */
export const CALIBRATION_FORMAT = "policy-posterior/calibration";

/** One method's calibration in a calibration file. */
export interface MethodCalibration {
  /** `"Bayesian"` (the posterior predictive) or `"nominal"` (the point-estimate baseline). */
  readonly method: string;
  /** Discrete actions: expected calibration error, Brier score, accuracy and the reliability bins. */
  readonly ece?: number;
  readonly brier?: number;
  readonly accuracy?: number;
  readonly reliability?: ReliabilityBin[];
  /** Mean negative log-likelihood (log predictive density for continuous actions). */
  readonly nll: number;
  /** Continuous actions: central-interval coverage keyed by nominal level ("0.5", "0.8", "0.95"). */
  readonly coverage?: Readonly<Record<string, number>>;
  /** Continuous actions: {@link pitCalibrationError} (the report's ECE column for continuous actions). */
  readonly pitCalibrationError?: number;
  /** Continuous actions: mean {@link mixtureCrps} (the report's Brier column for continuous actions). */
  readonly crps?: number;
}

/**
 * Calibration error of continuous predictives from their PIT values u = F(a | o): the mean over
 * `numLevels` probability levels p_j = (j − ½)/numLevels of |#{u ≤ p_j}/n − p_j|, the absolute
 * form of the regression calibration error of Kuleshov, Fenner & Ermon (2018, eq. 9). 0 for a
 * calibrated predictive (uniform PIT), at most ½; the continuous counterpart of the ECE.
 */
export function pitCalibrationError(pit: ArrayLike<number>, numLevels: number): number {
  const u = Float64Array.from(pit).sort();
  let total = 0;
  let below = 0;
  for (let j = 1; j <= numLevels; j++) {
    const p = (j - 0.5) / numLevels;
    while (below < u.length && u[below]! <= p) below++;
    total += Math.abs(below / u.length - p);
  }
  return total / numLevels;
}

/** E|X| for X ~ N(μ, σ²): 2σφ(μ/σ) + μ(2Φ(μ/σ) − 1) (the folded-normal mean). */
function absNormalMean(mu: number, sd: number): number {
  if (sd === 0) return Math.abs(mu);
  const z = mu / sd;
  return 2 * sd * (Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI)) + mu * (2 * ndtr(z) - 1);
}

/**
 * Mean continuous ranked probability score of Gaussian-mixture predictives at the true actions,
 * per row and action dimension: CRPS(F, y) = E|X − y| − ½ E|X − X′| with X, X′ ~ F independent
 * (Gneiting & Raftery 2007, eq. 21), in closed form for a mixture (Grimit et al. 2006, QJRMS 132,
 * eq. 5): Σ_j w_j A(y − μ_j, σ_j²) − ½ Σ_j Σ_k w_j w_k A(μ_j − μ_k, σ_j² + σ_k²), A(μ, s²) = E|N(μ, s²)|.
 * The continuous generalisation of the Brier score; O(n·J²) for J components.
 */
export function mixtureCrps(pred: GaussianMixturePredictive, actions: ArrayLike<number>): number {
  const { n, numComponents: J, actionDim: A } = pred;
  if (actions.length !== n * A)
    throw new RangeError(`mixtureCrps: ${actions.length / A} action rows for ${n} predictions`);
  let total = 0;
  const w = new Float64Array(J);
  for (let i = 0; i < n; i++) {
    let wsum = 0;
    for (let c = 0; c < J; c++) wsum += w[c] = Math.exp(pred.logWeights[i * J + c]!);
    for (let q = 0; q < A; q++) {
      const y = actions[i * A + q]!;
      const mu = (c: number) => pred.means[(i * J + c) * A + q]!;
      const sd = (c: number) => pred.sds[(i * J + c) * A + q]!;
      let first = 0;
      let pair = 0;
      for (let c = 0; c < J; c++) {
        first += w[c]! * absNormalMean(y - mu(c), sd(c));
        for (let e = 0; e < J; e++) pair += w[c]! * w[e]! * absNormalMean(mu(c) - mu(e), Math.hypot(sd(c), sd(e)));
      }
      total += first / wsum - (0.5 * pair) / (wsum * wsum);
    }
  }
  return total / (n * A);
}

/** The JSON written by `calibrate --out` (and printed with `--json`). */
export interface CalibrationFile {
  readonly format: typeof CALIBRATION_FORMAT;
  readonly formatVersion: 1;
  readonly posterior: string;
  readonly posteriorProvenanceId: string;
  readonly data: string;
  readonly dataSha256: string;
  readonly perturbation: string;
  readonly split: string;
  readonly kind: "discrete" | "continuous";
  readonly numTransitions: number;
  /** Reliability bins (discrete) or PIT levels of the calibration error (continuous). */
  readonly numBins: number;
  readonly methods: MethodCalibration[];
}

function methodCalibration(
  method: string,
  pred: Float64Array | GaussianMixturePredictive,
  numActions: number,
  actions: Float64Array,
  numBins: number,
): MethodCalibration {
  if (pred instanceof Float64Array) {
    const c = discreteCalibration(pred, numActions, actions, numBins);
    return { method, ece: c.ece, brier: c.brier, nll: c.nll, accuracy: c.accuracy, reliability: c.reliability };
  }
  const c = continuousCalibration(pred, actions);
  return {
    method,
    nll: c.nll,
    coverage: c.coverage,
    pitCalibrationError: pitCalibrationError(c.pit, numBins),
    crps: mixtureCrps(pred, actions),
  };
}

/** A calibration file as a text table. */
export function calibrationTable(f: CalibrationFile): string {
  const head = `calibration on ${f.numTransitions} transitions (${f.perturbation}/${f.split}) of ${f.data}`;
  const w = Math.max(6, ...f.methods.map((m) => m.method.length));
  if (f.kind === "discrete")
    return [
      head,
      `  ${"method".padEnd(w)}  ${"ECE".padStart(9)}  ${"Brier".padStart(9)}  ${"NLL".padStart(9)}  ${"accuracy".padStart(9)}`,
      ...f.methods.map(
        (m) =>
          `  ${m.method.padEnd(w)}  ${fmt(m.ece).padStart(9)}  ${fmt(m.brier).padStart(9)}  ${fmt(m.nll).padStart(9)}  ${fmt(m.accuracy).padStart(9)}`,
      ),
    ].join("\n");
  return [
    head,
    `  ${"method".padEnd(w)}  ${"cover50".padStart(9)}  ${"cover80".padStart(9)}  ${"cover95".padStart(9)}  ${"NLL".padStart(9)}  ${"PIT-CE".padStart(9)}  ${"CRPS".padStart(9)}`,
    ...f.methods.map(
      (m) =>
        `  ${m.method.padEnd(w)}  ${fmt(m.coverage?.["0.5"]).padStart(9)}  ${fmt(m.coverage?.["0.8"]).padStart(9)}  ${fmt(m.coverage?.["0.95"]).padStart(9)}  ${fmt(m.nll).padStart(9)}  ${fmt(m.pitCalibrationError).padStart(9)}  ${fmt(m.crps).padStart(9)}`,
    ),
  ].join("\n");
}

async function run(ctx: CommandContext): Promise<CommandResult> {
  const o = ctx.args.options;
  noPositionals(ctx);
  const posteriorArg = requireString(ctx, "posterior", "FILE (from sample)");
  const dataArg = requireString(ctx, "data", "FILE (the HDF5 data set)");
  const numBins = o.bins as number;
  if (numBins < 1 || numBins > 1000) throw new UsageError(`--bins must be an integer in [1, 1000], got ${numBins}`);
  const out = typeof o.out === "string" ? outputPath(ctx, "out", o.out) : undefined;
  const posterior = await openPosterior(ctx, "posterior", posteriorArg);
  const ds = await openDataset(ctx, "data", dataArg);
  const trainedOn = posterior.source?.["perturbation"];
  const perturbation =
    (o.perturbation as string | undefined) ?? (typeof trainedOn === "string" ? trainedOn : undefined);
  if (perturbation === undefined)
    throw new UsageError("--perturbation NAME is required (the posterior file does not record one)");
  const split = o.split as string;
  const batch = selectTransitions(ds, "data", perturbation, split);
  if (batch.obsDim !== posterior.stateDim)
    throw new UsageError(
      `--data ${ds.path}: observations have ${batch.obsDim} dimensions; the posterior was fitted on ${posterior.stateDim}`,
    );
  const family = posterior.config.family;
  if ((family === "linear-softmax") !== (batch.actionKind === "discrete"))
    throw new UsageError(
      `--data ${ds.path}: ${batch.actionKind} actions, but the posterior's policy family is ${family}`,
    );
  if (family === "linear-softmax" && ds.numActions !== posterior.config.numActions)
    throw new UsageError(
      `--data ${ds.path}: ${ds.numActions} actions, but the posterior was fitted with ${posterior.config.numActions}`,
    );
  const sampler = new PolicyPosteriorSampler(posterior.config);
  const { observations } = batchInputs(batch);
  ctx.progress.milestone(`predicting ${batch.numTransitions} transitions (${perturbation}/${split})`);
  // The same predictive as sampler.evaluateCalibration (same default key), kept to compute the CRPS too.
  const flatActions = Float64Array.from(batch.actions);
  const K = posterior.config.numActions;
  const methods: MethodCalibration[] = [
    methodCalibration("Bayesian", sampler.predict(observations, { posterior }), K, flatActions, numBins),
  ];
  if (posterior.nominal !== undefined)
    methods.push(
      methodCalibration(
        "nominal",
        sampler.predictNominal(nominalWeightDraws(posterior.nominal), observations),
        K,
        flatActions,
        numBins,
      ),
    );
  const file: CalibrationFile = {
    format: CALIBRATION_FORMAT,
    formatVersion: 1,
    posterior: posterior.path,
    posteriorProvenanceId: posterior.provenance.id,
    data: ds.path,
    dataSha256: ds.dataSha256,
    perturbation,
    split,
    kind: batch.actionKind,
    numTransitions: batch.numTransitions,
    numBins,
    methods,
  };
  if (out !== undefined) await writeFileAtomic(out, new TextEncoder().encode(`${JSON.stringify(file, null, 2)}\n`));
  const notes = [
    ...(posterior.nominal === undefined ? ["  (no nominal baseline stored in the posterior file)"] : []),
    ...(out !== undefined ? [`wrote ${out}`] : []),
  ];
  return { data: file, text: [calibrationTable(file), ...notes].join("\n") };
}

/** The `calibrate` command. */
export const calibrateCommand: Command = {
  name: "calibrate",
  summary: "calibration (ECE, Brier, NLL / coverage) of a posterior and the nominal policy",
  help: [
    "usage: policy-posterior calibrate --posterior FILE --data FILE [--perturbation NAME] [--split heldout] [--bins 15] [--out FILE]",
    "",
    "Predicts the actions of one perturbation and split of a data set with the posterior",
    "predictive and with the nominal baseline stored in the posterior file, and compares them",
    "with the actions really taken: ECE, Brier score, NLL, accuracy and reliability bins for",
    "discrete actions; 50/80/95% interval coverage and NLL for continuous ones. --perturbation",
    "defaults to the one the posterior was fitted on. --out writes the JSON that 'report' reads.",
    "",
    "example:",
    "  policy-posterior calibrate --posterior posterior.h5 --data data.h5 --perturbation fgsm --out calibration.json",
  ].join("\n"),
  options: [
    { name: "posterior", type: "string", valueName: "FILE", description: "HDF5 posterior file (from sample)" },
    { name: "data", type: "string", valueName: "FILE", description: "HDF5 data set (from generate)" },
    {
      name: "perturbation",
      type: "string",
      valueName: "NAME",
      description: "perturbation name in the data set, or clean",
    },
    {
      name: "split",
      type: "string",
      valueName: "train|heldout|all",
      description: "episodes to evaluate",
      default: "heldout",
    },
    { name: "bins", type: "integer", valueName: "N", description: "reliability bins", default: 15 },
    { name: "out", type: "string", valueName: "FILE", description: "write the calibration JSON here" },
  ],
  run,
};
