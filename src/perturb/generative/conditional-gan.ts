/**
 * The conditional GAN of perturbed observations: a generator G(clean, context, z) and a
 * discriminator D(clean, context, perturbed) (Mirza & Osindero 2014, "Conditional generative
 * adversarial nets": both networks see the condition), as plain MLP parameter trees with their
 * configuration, standardisation statistics and training history. Training is in
 * `./train-gan.ts`; saving and loading in `./saved-model.ts`.
 *
 * The generator produces the *residual* perturbed − clean, not the perturbed observation. The
 * perturbation is a small correction of the clean value, so the residual is a well-scaled target
 * of its own (standardised with the training residuals' moments), and an untrained generator is
 * already the identity plus the mean residual: its output layer starts at zero. Generating
 * the observation itself would spend capacity and early training on re-learning the identity
 * map, and its errors would be on the scale of the clean data instead of the noise.
 *
 * The discriminator sees the same reparametrised pair: (clean, context, standardised residual).
 * For a given clean value the map perturbed ↦ residual is a bijection, so telling apart real and
 * generated pairs is the same problem in either coordinates; the residual ones are better scaled.
 * @module
 */
import {
  add,
  broadcastTo,
  concat,
  matmul,
  mT,
  mul,
  reshape,
  sigmoid,
  slice,
  square,
  sub,
} from "../../autodiff/index.js";
import { ACTIVATIONS, type Activation, activationFunction } from "../../nn/activations.js";
import { linear } from "../../nn/linear.js";
import { type MLPConfig, type MLPParams, mlp } from "../../nn/mlp.js";
import { normal } from "../../random/normal.js";
import { type Key, checkKey } from "../../random/key.js";
import { formatShape } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import type { Perturbation } from "../perturbation.js";

/**
 * Every hyperparameter of a conditional GAN and its training: plain JSON, stored with the
 * weights. The PRNG key is recorded separately, in {@link GANTrainingRecord}.
 */
export interface ConditionalGANConfig {
  /** Size of the generator's noise vector z ~ N(0, I). Default 4. */
  readonly latentDim: number;
  /** Hidden widths of the generator MLP. Default [64, 64]. */
  readonly generatorHidden: readonly number[];
  /** Hidden widths of the discriminator MLP. Default [64, 64]. */
  readonly discriminatorHidden: readonly number[];
  /** Generator hidden activation. Default "leakyRelu" (piecewise linear: sharp mixture components). */
  readonly generatorActivation: Activation;
  /** Discriminator hidden activation. Default "leakyRelu". */
  readonly discriminatorActivation: Activation;
  /** Training steps; one step is `discriminatorSteps` discriminator updates and one generator update. Default 3000. */
  readonly steps: number;
  /** Pairs per minibatch (capped at the number of training pairs). Default 256. */
  readonly batchSize: number;
  /** Adam learning rate of the generator. Default 1e-3. */
  readonly generatorLearningRate: number;
  /** Adam learning rate of the discriminator. Default 1e-3. */
  readonly discriminatorLearningRate: number;
  /**
   * Adam's β1. Default 0.5: a short gradient memory, since the other network keeps moving
   * (Radford et al. 2016, DCGAN, section 4, found 0.9 oscillated).
   */
  readonly beta1: number;
  /** Adam's β2. Default 0.9 (Gulrajani et al. 2017, WGAN-GP, Algorithm 1). */
  readonly beta2: number;
  /**
   * Weight γ of the R1 penalty (γ/2)·E_real ‖∇_perturbed D‖² (Mescheder et al. 2018, "Which
   * training methods for GANs actually converge?", eq. 9). 0 disables it. Default 1.
   */
  readonly r1Weight: number;
  /**
   * Decay of the exponential moving average of the generator's weights that the model keeps
   * and samples with (Yazıcı et al. 2019, "The unusual effectiveness of averaging in GAN
   * training"): the iterates of simultaneous GAN updates circle around an equilibrium, and
   * their average sits closer to it than the last one. 0 keeps the last iterate. Default 0.995
   * (an average over roughly the last 200 steps).
   */
  readonly generatorAverageDecay: number;
  /** Discriminator updates per generator update. Default 1. */
  readonly discriminatorSteps: number;
  /** Steps averaged into one {@link GANHistoryEntry}. Default 50. */
  readonly logEvery: number;
}

/** The defaults of {@link ConditionalGANConfig}. */
export const DEFAULT_GAN_CONFIG: ConditionalGANConfig = Object.freeze({
  latentDim: 4,
  generatorHidden: Object.freeze([64, 64]) as readonly number[],
  discriminatorHidden: Object.freeze([64, 64]) as readonly number[],
  generatorActivation: "leakyRelu",
  discriminatorActivation: "leakyRelu",
  steps: 3000,
  batchSize: 256,
  generatorLearningRate: 1e-3,
  discriminatorLearningRate: 1e-3,
  beta1: 0.5,
  beta2: 0.9,
  r1Weight: 1,
  generatorAverageDecay: 0.995,
  discriminatorSteps: 1,
  logEvery: 50,
});

const CONFIG_KEYS = Object.keys(DEFAULT_GAN_CONFIG) as (keyof ConditionalGANConfig)[];

function positiveInteger(v: unknown, name: string): void {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1)
    throw new Error(`ConditionalGAN config: ${name} must be a positive integer, got ${JSON.stringify(v)}`);
}

function widths(v: unknown, name: string): void {
  if (!Array.isArray(v))
    throw new Error(`ConditionalGAN config: ${name} must be an array of layer widths, got ${JSON.stringify(v)}`);
  v.forEach((w, i) => positiveInteger(w, `${name}[${i}]`));
}

function rate(v: unknown, name: string, { open01 = false } = {}): void {
  const ok = typeof v === "number" && Number.isFinite(v) && (open01 ? v >= 0 && v < 1 : v > 0);
  if (!ok)
    throw new Error(
      `ConditionalGAN config: ${name} must be ${open01 ? "in [0, 1)" : "a finite number > 0"}, got ${JSON.stringify(v)}`,
    );
}

function activation(v: unknown, name: string, { r1 = false } = {}): void {
  const allowed = r1 ? ACTIVATIONS.filter((a) => a in ACTIVATION_DERIVATIVES) : ACTIVATIONS;
  if (typeof v !== "string" || !allowed.includes(v as Activation))
    throw new Error(`ConditionalGAN config: ${name} must be one of ${allowed.join(", ")}, got ${JSON.stringify(v)}`);
}

/**
 * The full configuration from a partial one (missing entries take {@link DEFAULT_GAN_CONFIG}),
 * validated: unknown keys and out-of-range values are errors naming the entry and the value.
 */
export function resolveGANConfig(partial: Partial<ConditionalGANConfig> = {}): ConditionalGANConfig {
  if (partial === null || typeof partial !== "object" || Array.isArray(partial))
    throw new Error(`ConditionalGAN config: must be an object, got ${JSON.stringify(partial)}`);
  for (const k of Object.keys(partial))
    if (!CONFIG_KEYS.includes(k as keyof ConditionalGANConfig))
      throw new Error(
        `ConditionalGAN config: unknown entry ${JSON.stringify(k)}, expected one of ${CONFIG_KEYS.join(", ")}`,
      );
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  const c = { ...DEFAULT_GAN_CONFIG, ...defined } as ConditionalGANConfig;
  positiveInteger(c.latentDim, "latentDim");
  widths(c.generatorHidden, "generatorHidden");
  widths(c.discriminatorHidden, "discriminatorHidden");
  activation(c.generatorActivation, "generatorActivation");
  activation(c.discriminatorActivation, "discriminatorActivation", { r1: true });
  positiveInteger(c.steps, "steps");
  positiveInteger(c.batchSize, "batchSize");
  rate(c.generatorLearningRate, "generatorLearningRate");
  rate(c.discriminatorLearningRate, "discriminatorLearningRate");
  rate(c.beta1, "beta1", { open01: true });
  rate(c.beta2, "beta2", { open01: true });
  if (typeof c.r1Weight !== "number" || !Number.isFinite(c.r1Weight) || c.r1Weight < 0)
    throw new Error(`ConditionalGAN config: r1Weight must be a finite number >= 0, got ${JSON.stringify(c.r1Weight)}`);
  rate(c.generatorAverageDecay, "generatorAverageDecay", { open01: true });
  positiveInteger(c.discriminatorSteps, "discriminatorSteps");
  positiveInteger(c.logEvery, "logEvery");
  return Object.freeze({
    ...c,
    generatorHidden: [...c.generatorHidden],
    discriminatorHidden: [...c.discriminatorHidden],
  });
}

/** Column means and scales the networks work in, as plain numbers (stored as JSON with the model). */
export interface GANStandardization {
  readonly cleanLoc: readonly number[];
  readonly cleanScale: readonly number[];
  readonly contextLoc: readonly number[];
  readonly contextScale: readonly number[];
  readonly residualLoc: readonly number[];
  readonly residualScale: readonly number[];
}

/** Averages over `logEvery` training steps. */
export interface GANHistoryEntry {
  /** The last step (1-based) of the window. */
  readonly step: number;
  /** Discriminator loss: −log σ(D(real)) − log(1 − σ(D(fake))), batch means, without the penalty. */
  readonly discriminatorLoss: number;
  /** Non-saturating generator loss −log σ(D(fake)). */
  readonly generatorLoss: number;
  /** (γ/2)·mean ‖∇_perturbed D(real)‖², the R1 term added to the discriminator loss. */
  readonly r1Penalty: number;
}

/** What a model was trained on, beyond its hyperparameters. */
export interface GANTrainingRecord {
  /** Words of the PRNG key training started from (`key` as a plain array). */
  readonly key: readonly number[];
  /** Number of training pairs. */
  readonly examples: number;
  /** Size D of an observation. */
  readonly dataFeatures: number;
  /** Size C of the sensor context (0 without one). */
  readonly contextFeatures: number;
}

/** Architecture of the generator: [clean′, context′, z] → standardised residual. */
export function generatorConfig(config: ConditionalGANConfig, d: number, c: number): MLPConfig {
  return {
    inFeatures: d + c + config.latentDim,
    hidden: config.generatorHidden,
    outFeatures: d,
    activation: config.generatorActivation,
  };
}

/** Architecture of the discriminator: [clean′, context′, residual′] → logit. */
export function discriminatorConfig(config: ConditionalGANConfig, d: number, c: number): MLPConfig {
  return {
    inFeatures: d + c + d,
    hidden: config.discriminatorHidden,
    outFeatures: 1,
    activation: config.discriminatorActivation,
  };
}

/**
 * σ′(a) of each hidden activation given its input a and output h = σ(a), as autodiff ops where
 * it depends on the parameters through a (so the R1 penalty's own gradient is right), or as a
 * constant where σ′ is piecewise constant (its derivative is zero almost everywhere).
 */
const ACTIVATION_DERIVATIVES: Partial<Record<Activation, (a: Tensor, h: Tensor) => Tensor>> = {
  identity: (a) => new Tensor(new Float64Array(a.size).fill(1), a.shape),
  relu: (a) =>
    new Tensor(
      a.data.map((v) => (v > 0 ? 1 : 0)),
      a.shape,
    ),
  // the slope 0.01 of src/autodiff/ops/unary.ts leakyRelu's default
  leakyRelu: (a) =>
    new Tensor(
      a.data.map((v) => (v > 0 ? 1 : 0.01)),
      a.shape,
    ),
  tanh: (_a, h) => sub(1, square(h)),
  sigmoid: (_a, h) => mul(h, sub(1, h)),
  softplus: (a) => sigmoid(a),
  swish: (a) => {
    const s = sigmoid(a);
    return add(s, mul(a, mul(s, sub(1, s))));
  },
  silu: (a) => {
    const s = sigmoid(a);
    return add(s, mul(a, mul(s, sub(1, s))));
  },
  elu: (a, h) => {
    // 1 for a > 0, else e^a = h + 1
    const mask = new Tensor(
      a.data.map((v) => (v > 0 ? 1 : 0)),
      a.shape,
    );
    const off = new Tensor(
      a.data.map((v) => (v > 0 ? 0 : 1)),
      a.shape,
    );
    return add(mask, mul(off, add(h, 1)));
  },
};

/**
 * The discriminator's logits and the gradient of the logit sum with respect to its last
 * `wrtLast` input columns, both as autodiff ops of the parameters.
 *
 * Our tape computes first derivatives only (src/autodiff/grad.ts: a gradient taken inside a
 * gradient call cannot be differentiated again), so R1's ∇ₓD cannot come from `grad` inside the
 * loss. For an MLP it has a closed form, the backpropagation recursion written out with ops:
 * δ_L = w_L (the output layer's weights), δ_{l−1} = (δ_l ⊙ σ′(a_l)) W_lᵀ, so ∇ₓD = δ_0. Every
 * step is an op, hence the penalty's gradient with respect to the weights (the "double
 * backward") is just the tape's first derivative of this expression. Each row's logit depends
 * on its own input row only, so the gradient of the sum gives every row's input gradient.
 */
export function discriminatorWithInputGradient(
  params: MLPParams,
  x: Tensor,
  config: MLPConfig,
  wrtLast: number,
): { logits: Tensor; inputGradient: Tensor } {
  const derivative = ACTIVATION_DERIVATIVES[config.activation];
  if (derivative === undefined)
    throw new Error(
      `discriminatorWithInputGradient: no derivative for activation ${JSON.stringify(config.activation)}`,
    );
  if (config.outFeatures !== 1 || (config.outputActivation ?? "identity") !== "identity")
    throw new Error("discriminatorWithInputGradient: the discriminator must have one linear output");
  const hidden = activationFunction(config.activation);
  const layers = params.layers;
  const n = x.shape[0]!;
  const pre: Tensor[] = [];
  const post: Tensor[] = [];
  let h = x;
  for (let i = 0; i < layers.length - 1; i++) {
    const a = linear(layers[i]!, h);
    h = hidden(a);
    pre.push(a);
    post.push(h);
  }
  const out = layers[layers.length - 1]!;
  const logits = reshape(linear(out, h), [n]);
  // δ_L: the output weight column as a row, broadcast over the batch; with no hidden layer the
  // input gradient is that row itself (only the last `wrtLast` inputs' part of it)
  const firstRows = (w: Tensor) => slice(w, [{ start: w.shape[0]! - wrtLast }]);
  const column = layers.length === 1 ? firstRows(out.weight) : out.weight;
  let delta: Tensor = reshape(column, [1, column.shape[0]!]);
  for (let i = layers.length - 2; i >= 0; i--) {
    const local = mul(delta, derivative(pre[i]!, post[i]!));
    delta = matmul(local, mT(i === 0 ? firstRows(layers[0]!.weight) : layers[i]!.weight));
  }
  const inputGradient = delta.shape[0] === n ? delta : broadcastTo(delta, [n, wrtLast]);
  return { logits, inputGradient };
}

/** A `[N, k]` Tensor check; returns N. */
export function checkMatrix(who: string, what: string, t: unknown, k?: number, n?: number): number {
  if (!(t instanceof Tensor))
    throw new Error(`${who}: ${what} must be a Tensor of shape [N, ${k ?? "k"}], got ${String(t)}`);
  if (t.ndim !== 2 || (k !== undefined && t.shape[1] !== k) || (n !== undefined && t.shape[0] !== n))
    throw new Error(`${who}: ${what} must have shape [${n ?? "N"}, ${k ?? "k"}], got ${formatShape(t.shape)}`);
  return t.shape[0]!;
}

/** `(x − loc) / scale` column-wise, as a plain tensor (no tape). */
export function standardizeColumns(x: Tensor, loc: readonly number[], scale: readonly number[]): Tensor {
  const k = loc.length;
  return new Tensor(
    x.data.map((v, i) => (v - loc[i % k]!) / scale[i % k]!),
    x.shape,
  );
}

/**
 * A trained conditional GAN: draws of perturbed observations given clean ones (and the sensor
 * context, if it was trained with one). Make one with `trainConditionalGAN` or
 * `loadConditionalGAN`.
 */
export class ConditionalGAN {
  /** The model kind, as recorded in saved files. */
  readonly kind = "conditional-gan";
  readonly #generator: MLPConfig;
  readonly #discriminator: MLPConfig;

  constructor(
    /** Every hyperparameter. */
    readonly config: ConditionalGANConfig,
    /** The key, data size and feature counts it was trained with. */
    readonly training: GANTrainingRecord,
    /** Column statistics of the training pairs (see the module comment). */
    readonly standardization: GANStandardization,
    /** The generator's weights (their moving average when `generatorAverageDecay` > 0). */
    readonly generatorParams: MLPParams,
    readonly discriminatorParams: MLPParams,
    /** Loss averages over training. */
    readonly history: readonly GANHistoryEntry[],
  ) {
    const d = training.dataFeatures;
    const c = training.contextFeatures;
    this.#generator = generatorConfig(config, d, c);
    this.#discriminator = discriminatorConfig(config, d, c);
  }

  /** Size D of an observation. */
  get dataFeatures(): number {
    return this.training.dataFeatures;
  }

  /** Size C of the sensor context (0 without one). */
  get contextFeatures(): number {
    return this.training.contextFeatures;
  }

  /** The standardised condition [clean′, context′], `[N, D + C]`. */
  private condition(who: string, clean: Tensor, context?: Tensor): Tensor {
    const s = this.standardization;
    const n = checkMatrix(who, "clean", clean, this.dataFeatures);
    const cleanStd = standardizeColumns(clean, s.cleanLoc, s.cleanScale);
    if (this.contextFeatures === 0) {
      if (context !== undefined)
        throw new Error(
          `${who}: this model was trained without a sensor context, got one of shape ${formatShape(context.shape)}`,
        );
      return cleanStd;
    }
    if (context === undefined)
      throw new Error(`${who}: this model needs a sensor context of shape [${n}, ${this.contextFeatures}], got none`);
    checkMatrix(who, "context", context, this.contextFeatures, n);
    return concat([cleanStd, standardizeColumns(context, s.contextLoc, s.contextScale)], 1);
  }

  /**
   * One draw of the perturbed observation for each row of `clean` ([N, D]; `context` [N, C]
   * when the model has one): clean + residual, the residual from the generator with
   * z ~ N(0, I) drawn from `key`. The same key gives the same draws.
   */
  sample(key: Key, clean: Tensor, context?: Tensor): Tensor {
    checkKey(key, "ConditionalGAN.sample");
    const cond = this.condition("ConditionalGAN.sample", clean, context);
    const z = normal(key, [clean.shape[0]!, this.config.latentDim]);
    const r = mlp(this.generatorParams, concat([cond, z], 1), this.#generator);
    const s = this.standardization;
    const d = this.dataFeatures;
    return new Tensor(
      r.data.map((v, i) => clean.data[i]! + s.residualLoc[i % d]! + s.residualScale[i % d]! * v),
      clean.shape,
    );
  }

  /** The discriminator's logit (log-odds of "real") for each pair, shape [N]. */
  discriminate(clean: Tensor, perturbed: Tensor, context?: Tensor): Tensor {
    const cond = this.condition("ConditionalGAN.discriminate", clean, context);
    checkMatrix("ConditionalGAN.discriminate", "perturbed", perturbed, this.dataFeatures, clean.shape[0]);
    const s = this.standardization;
    const residual = standardizeColumns(sub(perturbed, clean), s.residualLoc, s.residualScale);
    const logits = mlp(this.discriminatorParams, concat([cond, residual], 1), this.#discriminator);
    return reshape(logits, [clean.shape[0]!]);
  }

  /**
   * The generator as a {@link Perturbation} of type `"learned-gan"` (only for models without a
   * sensor context, which the interface has no place for). It has no `logProb`: a GAN has no
   * tractable density (use the observation flow for that).
   */
  asPerturbation(): Perturbation {
    if (this.contextFeatures > 0)
      throw new Error(
        `ConditionalGAN.asPerturbation: this model needs a sensor context of ${this.contextFeatures} features, which the Perturbation interface cannot pass; call sample(key, clean, context) instead`,
      );
    return {
      type: "learned-gan",
      params: {
        latentDim: this.config.latentDim,
        generatorHidden: this.config.generatorHidden,
        generatorActivation: this.config.generatorActivation,
        dataFeatures: this.dataFeatures,
        steps: this.config.steps,
        examples: this.training.examples,
      },
      apply: (key, clean) => this.sample(key, clean),
    };
  }
}
