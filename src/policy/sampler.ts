/**
 * `PolicyPosteriorSampler`: from (perturbed observation, action) pairs to a posterior over the
 * policy's parameters, its predictive, and its calibration.
 * @module
 */
import type { Summary } from "../infer/diagnostics/index.js";
import type { Perturbation } from "../perturb/perturbation.js";
import { finishRun, type ProvenanceRecord, sha256, startRun } from "../provenance/index.js";
import { type Key, fold, key as makeKey, split } from "../random/index.js";
import type { Tensor } from "../tensor/tensor.js";
import { type Calibration, continuousCalibration, discreteCalibration } from "./calibration.js";
import { type PolicyPosteriorConfig, type ResolvedConfig, resolveConfig } from "./config.js";
import {
  type Matrix,
  type PolicyData,
  type StateModel,
  buildModelArgs,
  buildStateModel,
  checkPolicyData,
  toMatrix,
} from "./data.js";
import { type EngineProgress, type EngineDraws, runEngine } from "./engines.js";
import { fitNominalPolicy } from "./nominal.js";
import {
  type GaussianMixturePredictive,
  type PredictOptions,
  type WeightDraws,
  predictiveGaussianMixture,
  predictiveProbabilities,
  weightDraws,
} from "./predictive.js";

/** Convergence at a glance: the thresholds of Vehtari et al. (2021). */
export interface PosteriorDiagnostics {
  readonly maxRhat: number;
  readonly minEssBulk: number;
  readonly minEssTail: number;
  /** Divergent transitions (NUTS/HMC; 0 for SVI). */
  readonly divergences: number;
  /** every R-hat < 1.01 and every bulk and tail ESS > 400 (MCMC); the ELBO converged (SVI). */
  readonly converged: boolean;
}

/** The result of {@link PolicyPosteriorSampler.samplePosterior}. */
export interface PolicyPosterior {
  readonly config: ResolvedConfig;
  /** Named draws `[chains, draws, ...site shape]`: `weights` (`[F, C]`, or `[G, F, C]` per group), … */
  readonly samples: Record<string, Tensor>;
  readonly summary: Summary;
  readonly diagnostics: PosteriorDiagnostics;
  readonly draws: EngineDraws;
  /** How the clean state was handled, and the state prior (needed again for prediction). */
  readonly stateModel: StateModel;
  readonly stateDim: number;
  readonly numTransitions: number;
  readonly numGroups: number;
  readonly provenance: ProvenanceRecord;
}

/** Options of {@link PolicyPosteriorSampler.samplePosterior}. */
export interface PosteriorSampleOptions {
  /** Episode or agent index per transition (required with a hierarchy). */
  groups?: ArrayLike<number>;
  /** Called during the run (MCMC iterations or SVI steps). */
  onProgress?: (p: EngineProgress) => void;
  /** Overrides the configured seed. */
  key?: Key;
  /** Identifies the data in the provenance record (e.g. the data set's path or hash). */
  dataLabel?: string;
}

/** Options of the sampler itself. */
export interface SamplerOptions {
  /**
   * The observation model p(observed | clean): a perturbation model with a density (default:
   * Gaussian with the configured `observationNoiseStd`). A `gaussian` model uses the exact
   * marginalisation; any other density uses weighted Monte Carlo draws.
   */
  observationModel?: Perturbation;
}

/**
 * Bayesian inference of a behaviour policy from noisy observations of the states it acted on.
 *
 * @example
 * const sampler = new PolicyPosteriorSampler({ family: "linear-softmax", numActions: 2, observationNoiseStd: 0.3 });
 * const posterior = await sampler.samplePosterior(observations, actions, 1000);
 * const probs = sampler.predict(heldOutObservations, { posterior });
 * const calib = sampler.evaluateCalibration(posterior, heldOutObservations, heldOutActions);
 */
export class PolicyPosteriorSampler {
  readonly config: ResolvedConfig;
  readonly observationModel?: Perturbation;
  /** The result of the last {@link samplePosterior} call, used by {@link predict} by default. */
  lastPosterior?: PolicyPosterior;

  /** Whether the configuration set `numVariationalSamples` (then it overrides `numSamples` for SVI). */
  private readonly explicitVariationalSamples: boolean;

  constructor(config: PolicyPosteriorConfig, options: SamplerOptions = {}) {
    this.config = resolveConfig(config);
    this.explicitVariationalSamples = config.numVariationalSamples !== undefined;
    this.observationModel = options.observationModel;
    if (this.observationModel !== undefined && typeof this.observationModel.apply !== "function")
      throw new RangeError("observationModel: expected a perturbation model (with apply and logProb)");
  }

  /** Check inputs as {@link samplePosterior} would, without running anything. */
  checkData(observations: Matrix, actions: ArrayLike<number> | Matrix, groups?: ArrayLike<number>): PolicyData {
    return checkPolicyData(this.config, observations, actions, groups);
  }

  /**
   * Draw `numSamples` posterior samples per chain (MCMC) or from the fitted guide (SVI; the
   * configured `numVariationalSamples` takes precedence when set), with diagnostics and a
   * provenance record.
   */
  async samplePosterior(
    observations: Matrix,
    actions: ArrayLike<number> | Matrix,
    numSamples: number,
    options: PosteriorSampleOptions = {},
  ): Promise<PolicyPosterior> {
    if (!Number.isInteger(numSamples) || numSamples < 4 || numSamples > 10_000_000)
      throw new RangeError(`numSamples: must be an integer in [4, 10000000], got ${numSamples}`);
    const data = this.checkData(observations, actions, options.groups);
    const config = this.config;
    const root = options.key ?? makeKey(config.seed);
    const [argsKey, engineKey] = split(root);
    const run = startRun("posterior", { ...config, numSamples }, { seed: config.seed });
    const stateModel = buildStateModel(config, data, this.observationModel);
    const args = buildModelArgs(config, data, stateModel, argsKey!);
    // SVI: `numVariationalSamples` (when configured) is the number of draws from the fitted guide.
    const numDraws =
      config.engine === "svi" && this.explicitVariationalSamples ? config.numVariationalSamples : numSamples;
    const draws = await runEngine(config, args, numDraws, engineKey!, options.onProgress);
    const diagnostics = summarise(draws);
    const provenance = await finishRun(run, {
      inputs: [{ role: options.dataLabel ?? "transitions", sha256: dataHash(data) }],
      extra: {
        engine: config.engine,
        stateMode: stateModel.mode,
        numTransitions: data.n,
        numGroups: data.numGroups,
        observationModel: this.observationModel
          ? { type: this.observationModel.type, params: this.observationModel.params }
          : { type: "gaussian", params: { std: config.observationNoiseStd } },
        stateDeconvolution: stateModel.prior?.deconvolution,
        diagnostics,
        seconds: draws.seconds,
        ...(draws.convergedAtStep !== undefined ? { sviConvergedAtStep: draws.convergedAtStep } : {}),
      },
    });
    this.lastPosterior = {
      config,
      samples: draws.sites,
      summary: draws.summary,
      diagnostics,
      draws,
      stateModel,
      stateDim: data.stateDim,
      numTransitions: data.n,
      numGroups: data.numGroups,
      provenance,
    };
    return this.lastPosterior;
  }

  /**
   * Posterior predictive of the actions at new observations (perturbed by the same observation
   * model): probabilities `[n, K]` for discrete policies, a Gaussian mixture for continuous ones.
   */
  predict(
    observations: Matrix,
    options: PredictOptions & { posterior?: PolicyPosterior } = {},
  ): Float64Array | GaussianMixturePredictive {
    const posterior = options.posterior ?? this.lastPosterior;
    if (posterior === undefined)
      throw new Error("predict: no posterior yet; call samplePosterior first or pass { posterior }");
    const obs = this.checkObservations(posterior, observations);
    const k = options.key ?? fold(makeKey(this.config.seed), 0x7072);
    const [wKey, sKey] = split(k);
    const wd = weightDraws(posterior.draws, this.config, posterior.stateDim, wKey!, options);
    return this.predictWith(posterior.stateModel, wd, obs.data, obs.rows, sKey!);
  }

  /** The nominal policy's predictive (MAP weights, observations taken as clean). */
  predictNominal(nominal: WeightDraws, observations: Matrix): Float64Array | GaussianMixturePredictive {
    const obs = toMatrix("observations", observations);
    return this.predictWith({ mode: "known" }, nominal, obs.data, obs.rows, makeKey(0));
  }

  /** Fit the nominal (no-noise, point-estimate) baseline on the same data. */
  fitNominal(observations: Matrix, actions: ArrayLike<number> | Matrix): WeightDraws & { converged: boolean } {
    return fitNominalPolicy(
      { ...this.config, hierarchy: "none" },
      checkPolicyData({ ...this.config, hierarchy: "none" }, observations, actions),
    );
  }

  /**
   * Calibration of the posterior predictive against the actions really taken at `observations`:
   * ECE (15 bins), Brier, NLL and the reliability diagram for discrete actions; central-interval
   * coverage at 50/80/95% and NLL for continuous ones.
   */
  evaluateCalibration(
    posterior: PolicyPosterior,
    observations: Matrix,
    trueActions: ArrayLike<number> | Matrix,
    options: PredictOptions & { numBins?: number } = {},
  ): Calibration {
    return this.calibrationOf(
      this.predict(observations, { ...options, posterior }),
      observations,
      trueActions,
      options.numBins,
    );
  }

  /** Calibration of the nominal policy on the same footing. */
  evaluateNominalCalibration(
    nominal: WeightDraws,
    observations: Matrix,
    trueActions: ArrayLike<number> | Matrix,
    numBins?: number,
  ): Calibration {
    return this.calibrationOf(this.predictNominal(nominal, observations), observations, trueActions, numBins);
  }

  private calibrationOf(
    pred: Float64Array | GaussianMixturePredictive,
    observations: Matrix,
    trueActions: ArrayLike<number> | Matrix,
    numBins?: number,
  ): Calibration {
    const data = checkPolicyData({ ...this.config, hierarchy: "none" }, observations, trueActions);
    if (pred instanceof Float64Array) return discreteCalibration(pred, this.config.numActions, data.actions, numBins);
    return continuousCalibration(pred, data.actions);
  }

  private predictWith(
    state: StateModel,
    wd: WeightDraws,
    obs: Float64Array,
    n: number,
    k: Key,
  ): Float64Array | GaussianMixturePredictive {
    const d = obs.length / n;
    return this.config.family === "linear-softmax"
      ? predictiveProbabilities(this.config, state, wd, obs, n, d, k)
      : predictiveGaussianMixture(this.config, state, wd, obs, n, d, k);
  }

  private checkObservations(posterior: PolicyPosterior, observations: Matrix) {
    const obs = toMatrix("observations", observations);
    if (obs.cols !== posterior.stateDim)
      throw new RangeError(
        `observations: ${obs.cols} columns; the posterior was fitted on ${posterior.stateDim}-dimensional states`,
      );
    for (let i = 0; i < obs.data.length; i++)
      if (!Number.isFinite(obs.data[i]!))
        throw new RangeError(
          `observations: value at row ${Math.floor(i / obs.cols)}, column ${i % obs.cols} is ${obs.data[i]}; observations must be finite`,
        );
    return obs;
  }
}

function summarise(draws: EngineDraws): PosteriorDiagnostics {
  let maxRhat = -Infinity;
  let minEssBulk = Infinity;
  let minEssTail = Infinity;
  for (const r of draws.summary.rows) {
    if (Number.isFinite(r.rHat)) maxRhat = Math.max(maxRhat, r.rHat);
    minEssBulk = Math.min(minEssBulk, r.essBulk);
    minEssTail = Math.min(minEssTail, r.essTail);
  }
  const divergences = draws.summary.sampler?.divergences ?? 0;
  const converged =
    draws.engine === "svi"
      ? draws.convergedAtStep !== undefined
      : maxRhat < 1.01 && minEssBulk > 400 && minEssTail > 400 && divergences === 0;
  return { maxRhat, minEssBulk, minEssTail, divergences, converged };
}

/** sha256 of the data a posterior was fitted to (observations, actions, groups). */
function dataHash(data: PolicyData): string {
  const parts = [data.observations, data.actions, data.groups ?? new Int32Array(0)];
  const total = parts.reduce((s, p) => s + p.byteLength, 0);
  const bytes = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    bytes.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), off);
    off += p.byteLength;
  }
  return sha256(bytes);
}
