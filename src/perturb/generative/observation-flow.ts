/**
 * The learned observation model with a likelihood: a conditional normalising flow
 * p(perturbed | clean, context), fitted by maximum likelihood to clean/perturbed pairs with
 * `fitConditionalDensity` (src/nn/conditional-density.ts: conditional MAF, Papamakarios et al.
 * 2017), exposed as a {@link Perturbation} of type `"learned-flow"`.
 *
 * What the flow models: the residual r = perturbed − clean given x = [clean, context], so
 * log p(perturbed | clean) = log p_r(perturbed − clean | clean) (a shift by clean has unit
 * Jacobian). Why the residual: after standardisation (which `fitConditionalDensity` applies to
 * r and x) the flow's identity initialisation is already "perturbed = clean + noise of the
 * right mean and scale", and the flow only has to learn the noise's shape and its dependence
 * on clean. Modelling perturbed directly would make the tanh conditioners reproduce the identity
 * map clean ↦ perturbed, only approximately and with errors on the clean data's scale, which is
 * usually far larger than the noise's: the density would be wrong exactly where it matters.
 *
 * Differentiability: `logProb` is built from autodiff ops in both places clean enters (the
 * residual and the flow's context), so it is differentiable in clean and can serve as the
 * observation model of a latent clean state in HMC/NUTS.
 * @module
 */
import { concat, reshape, sub } from "../../autodiff/index.js";
import { activationFunction, type Activation } from "../../nn/activations.js";
import {
  type ConditionalDensityEpoch,
  type ConditionalDensityEstimator,
  fitConditionalDensity,
} from "../../nn/conditional-density.js";
import { cosineDecay } from "../../optim/schedules.js";
import { type Key, checkKey, split } from "../../random/key.js";
import { permutation } from "../../random/permutation.js";
import { formatShape } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import type { PerturbContext, Perturbation, PerturbationParams } from "../perturbation.js";
import { checkMatrix } from "./conditional-gan.js";
import { type ObservationPairs, checkPairs } from "./train-gan.js";

/** Every hyperparameter of an observation flow and its fit: plain JSON, stored with the weights. */
export interface ObservationFlowConfig {
  /** Flow family: "maf" (conditional MAF) or "realNVP" (conditional affine coupling). Default "maf". */
  readonly flow: "maf" | "realNVP";
  /** Number of flow layers. Default 4. */
  readonly layers: number;
  /** Hidden widths of each conditioner. Default [32, 32]. */
  readonly hidden: readonly number[];
  /** Conditioner activation. Default "tanh" (smooth, so log-density gradients in clean are too). */
  readonly activation: Activation;
  /** Passes over the training pairs. Default 30. */
  readonly epochs: number;
  /** Pairs per minibatch. Default 128. */
  readonly batchSize: number;
  /** Adam's initial learning rate. Default 5e-3. */
  readonly learningRate: number;
  /**
   * Cosine decay of the learning rate to `learningRate · finalLearningRateFraction` over the run
   * (Loshchilov & Hutter 2017); 1 keeps it constant. Default 0.05.
   */
  readonly finalLearningRateFraction: number;
  /**
   * Fraction of the pairs (a seeded random subset) held out to pick the best epoch; 0 uses
   * every pair for training and keeps the last epoch. Default 0.
   */
  readonly validationFraction: number;
}

/** The defaults of {@link ObservationFlowConfig}. */
export const DEFAULT_FLOW_CONFIG: ObservationFlowConfig = Object.freeze({
  flow: "maf",
  layers: 4,
  hidden: Object.freeze([32, 32]) as readonly number[],
  activation: "tanh",
  epochs: 30,
  batchSize: 128,
  learningRate: 5e-3,
  finalLearningRateFraction: 0.05,
  validationFraction: 0,
});

const FLOW_KEYS = Object.keys(DEFAULT_FLOW_CONFIG) as (keyof ObservationFlowConfig)[];

/**
 * The full configuration from a partial one (missing entries take {@link DEFAULT_FLOW_CONFIG}),
 * validated: unknown keys and out-of-range values are errors naming the entry and the value.
 */
export function resolveFlowConfig(partial: Partial<ObservationFlowConfig> = {}): ObservationFlowConfig {
  const who = "ObservationFlow config";
  if (partial === null || typeof partial !== "object" || Array.isArray(partial))
    throw new Error(`${who}: must be an object, got ${JSON.stringify(partial)}`);
  for (const k of Object.keys(partial))
    if (!FLOW_KEYS.includes(k as keyof ObservationFlowConfig))
      throw new Error(`${who}: unknown entry ${JSON.stringify(k)}, expected one of ${FLOW_KEYS.join(", ")}`);
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  const c = { ...DEFAULT_FLOW_CONFIG, ...defined } as ObservationFlowConfig;
  const positiveInteger = (v: unknown, name: string) => {
    if (typeof v !== "number" || !Number.isInteger(v) || v < 1)
      throw new Error(`${who}: ${name} must be a positive integer, got ${JSON.stringify(v)}`);
  };
  if (c.flow !== "maf" && c.flow !== "realNVP")
    throw new Error(`${who}: flow must be "maf" or "realNVP", got ${JSON.stringify(c.flow)}`);
  positiveInteger(c.layers, "layers");
  if (!Array.isArray(c.hidden))
    throw new Error(`${who}: hidden must be an array of layer widths, got ${JSON.stringify(c.hidden)}`);
  c.hidden.forEach((h, i) => positiveInteger(h, `hidden[${i}]`));
  activationFunction(c.activation, `${who}: activation`);
  positiveInteger(c.epochs, "epochs");
  positiveInteger(c.batchSize, "batchSize");
  if (typeof c.learningRate !== "number" || !(c.learningRate > 0) || !Number.isFinite(c.learningRate))
    throw new Error(`${who}: learningRate must be a finite number > 0, got ${JSON.stringify(c.learningRate)}`);
  const fraction = c.finalLearningRateFraction;
  if (typeof fraction !== "number" || !(fraction >= 0 && fraction <= 1))
    throw new Error(`${who}: finalLearningRateFraction must be in [0, 1], got ${JSON.stringify(fraction)}`);
  const v = c.validationFraction;
  if (typeof v !== "number" || !(v >= 0 && v < 1))
    throw new Error(`${who}: validationFraction must be in [0, 1), got ${JSON.stringify(v)}`);
  return Object.freeze({ ...c, hidden: [...c.hidden] });
}

/** What an observation flow was fitted on, beyond its hyperparameters. */
export interface FlowTrainingRecord {
  /** Words of the PRNG key the fit started from. */
  readonly key: readonly number[];
  /** Number of pairs used for training (after any validation split). */
  readonly examples: number;
  /** Pairs held out for choosing the epoch (0 without validation). */
  readonly validationExamples: number;
  /** Size D of an observation. */
  readonly dataFeatures: number;
  /** Size C of the sensor context (0 without one). */
  readonly contextFeatures: number;
  /** The epoch whose parameters were kept (0-based). */
  readonly bestEpoch: number;
}

/**
 * A fitted conditional flow p(perturbed | clean, context) as a {@link Perturbation}
 * (type `"learned-flow"`): `apply` draws, `logProb` scores and is differentiable in clean.
 * Make one with {@link fitObservationFlow} or `loadObservationFlow`.
 */
export class ObservationFlow implements Perturbation {
  readonly type = "learned-flow";
  /** The model kind, as recorded in saved files. */
  readonly kind = "observation-flow";
  readonly params: PerturbationParams;

  constructor(
    /** Every hyperparameter. */
    readonly config: ObservationFlowConfig,
    /** The key, data size and feature counts it was fitted with. */
    readonly training: FlowTrainingRecord,
    /** The fitted density of the residual given [clean, context] (its standardisation included). */
    readonly estimator: ConditionalDensityEstimator,
    /** Mean log-likelihoods per epoch, in the data's units. */
    readonly history: readonly ConditionalDensityEpoch[],
  ) {
    const e = estimator.config;
    if (e.yFeatures !== training.dataFeatures || e.xFeatures !== training.dataFeatures + training.contextFeatures)
      throw new Error(
        `ObservationFlow: the estimator models ${e.yFeatures} outputs given ${e.xFeatures} inputs, expected ${training.dataFeatures} given ${training.dataFeatures + training.contextFeatures}`,
      );
    this.params = {
      flow: config.flow,
      layers: config.layers,
      hidden: config.hidden,
      activation: config.activation,
      dataFeatures: training.dataFeatures,
      contextFeatures: training.contextFeatures,
      examples: training.examples,
    };
  }

  /** Size D of an observation. */
  get dataFeatures(): number {
    return this.training.dataFeatures;
  }

  /** Size C of the sensor context (0 without one). */
  get contextFeatures(): number {
    return this.training.contextFeatures;
  }

  /** The flow's conditioning input [clean, context] (ops, so clean stays differentiable). */
  private condition(who: string, clean: Tensor, context?: Tensor): Tensor {
    const n = checkMatrix(who, "clean", clean, this.dataFeatures);
    if (this.contextFeatures === 0) {
      if (context !== undefined)
        throw new Error(
          `${who}: this model was fitted without a sensor context, got one of shape ${formatShape(context.shape)}`,
        );
      return clean;
    }
    if (context === undefined)
      throw new Error(
        `${who}: this model needs a sensor context of shape [${n}, ${this.contextFeatures}]; use sample(key, clean, context) / logDensity(perturbed, clean, context)`,
      );
    checkMatrix(who, "context", context, this.contextFeatures, n);
    return concat([clean, context], 1);
  }

  /** One draw of the perturbed observation per row of `clean` [N, D] (and `context` [N, C]). */
  sample(key: Key, clean: Tensor, context?: Tensor): Tensor {
    checkKey(key, "ObservationFlow.sample");
    const x = this.condition("ObservationFlow.sample", clean, context);
    const n = clean.shape[0]!;
    const r = reshape(this.estimator.sample(key, x, 1), [n, this.dataFeatures]);
    return new Tensor(
      r.data.map((v, i) => clean.data[i]! + v),
      clean.shape,
    );
  }

  /**
   * log p(perturbed | clean, context) per row, shape [N]; autodiff ops throughout, so it is
   * differentiable in `clean` (and in `perturbed`).
   */
  logDensity(perturbed: Tensor, clean: Tensor, context?: Tensor): Tensor {
    const x = this.condition("ObservationFlow.logProb", clean, context);
    checkMatrix("ObservationFlow.logProb", "perturbed", perturbed, this.dataFeatures, clean.shape[0]);
    return this.estimator.logProb(sub(perturbed, clean), x);
  }

  /**
   * {@link Perturbation.apply}: {@link sample} for models without a sensor context (the
   * interface's context carries trajectory positions, not sensor features).
   */
  apply(key: Key, clean: Tensor, _context?: PerturbContext): Tensor {
    return this.sample(key, clean);
  }

  /** {@link Perturbation.logProb}: {@link logDensity} for models without a sensor context. */
  logProb(perturbed: Tensor, clean: Tensor, _context?: PerturbContext): Tensor {
    return this.logDensity(perturbed, clean);
  }
}

/** Rows `idx` of a [N, k] tensor. */
function takeRows(t: Tensor, idx: Int32Array): Tensor {
  const k = t.shape[1]!;
  const out = new Float64Array(idx.length * k);
  idx.forEach((r, i) => out.set(t.data.subarray(r * k, (r + 1) * k), i * k));
  return new Tensor(out, [idx.length, k]);
}

/**
 * Fit an {@link ObservationFlow} to clean/perturbed pairs (see the module comment for what is
 * modelled and why). `config` entries left out take {@link DEFAULT_FLOW_CONFIG}'s values.
 * Reproducible bit for bit from `key` and `config`.
 *
 * @example
 * const model = fitObservationFlow({ clean, perturbed }, key(0), { epochs: 20 });
 * model.logProb(observed, latentClean); // [N], differentiable in latentClean
 */
export function fitObservationFlow(
  pairs: ObservationPairs,
  key: Key,
  config: Partial<ObservationFlowConfig> = {},
): ObservationFlow {
  const who = "fitObservationFlow";
  checkKey(key, who);
  const cfg = resolveFlowConfig(config);
  const { n, d, c } = checkPairs(who, pairs);
  const residual = new Tensor(
    pairs.perturbed.data.map((v, i) => v - pairs.clean.data[i]!),
    pairs.clean.shape,
  );
  for (let j = 0; j < d; j++) {
    const first = residual.data[j]!;
    let constant = true;
    for (let i = 1; i < n && constant; i++) constant = residual.data[i * d + j] === first;
    if (constant)
      throw new Error(
        `${who}: column ${j} of perturbed − clean is constant (${first}); a flow has no density for an unperturbed dimension`,
      );
  }
  const x = pairs.context === undefined ? pairs.clean : concat([pairs.clean, pairs.context], 1);
  const [splitKey, fitKey] = split(key, 2) as [Key, Key];
  const held = Math.floor(n * cfg.validationFraction);
  let train = { x, y: residual };
  let validation: { x: Tensor; y: Tensor } | undefined;
  if (held > 0) {
    if (n - held < 2)
      throw new Error(`${who}: validationFraction ${cfg.validationFraction} leaves fewer than 2 training pairs`);
    const order = permutation(splitKey, n);
    const trainIdx = order.subarray(held);
    const heldIdx = order.subarray(0, held);
    train = { x: takeRows(x, trainIdx), y: takeRows(residual, trainIdx) };
    validation = { x: takeRows(x, heldIdx), y: takeRows(residual, heldIdx) };
  }
  const examples = train.x.shape[0]!;
  const stepsPerEpoch = Math.ceil(examples / cfg.batchSize);
  const learningRate =
    cfg.finalLearningRateFraction === 1
      ? cfg.learningRate
      : cosineDecay({
          initialValue: cfg.learningRate,
          decaySteps: cfg.epochs * stepsPerEpoch,
          alpha: cfg.finalLearningRateFraction,
        });
  const fitted = fitConditionalDensity({
    x: train.x,
    y: train.y,
    key: fitKey,
    flow: cfg.flow,
    layers: cfg.layers,
    hidden: cfg.hidden,
    activation: cfg.activation,
    epochs: cfg.epochs,
    batchSize: cfg.batchSize,
    learningRate,
    ...(validation === undefined ? {} : { validation }),
  });
  return new ObservationFlow(
    cfg,
    {
      key: Array.from(key),
      examples,
      validationExamples: held,
      dataFeatures: d,
      contextFeatures: c,
      bestEpoch: fitted.bestEpoch,
    },
    fitted.estimator,
    fitted.history,
  );
}
