/**
 * Conditional density estimation: fit p(y | x) by maximum likelihood with a conditional flow
 * (conditional MAF, Papamakarios et al. 2017, section 3.4, or conditional RealNVP coupling,
 * Dinh et al. 2017), x entering every layer's conditioner as context. This is what models a
 * perturbed observation y given the clean one x.
 *
 * Standardisation. Inputs and outputs are standardised with the training set's column means
 * and standard deviations (Papamakarios et al. 2017, section 4, standardise every data set):
 * the flow models y' = (y − m_y) / s_y given x' = (x − m_x) / s_x, where its identity
 * initialisation (a standard Normal) is already close and the tanh conditioners are in their
 * useful range. Densities are reported in y's own units: log p(y | x) = log p(y' | x') −
 * Σ log s_y (the change of variables). The constants are part of the parameter tree, so a
 * saved estimator carries them.
 * @module
 */
import { add, div, mul, sub } from "../autodiff/index.js";
import { adam } from "../optim/adam.js";
import type { LearningRate } from "../optim/learning-rate.js";
import { type Key, key as makeKey, split } from "../random/index.js";
import { formatShape } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import type { Activation } from "./activations.js";
import { maf, realNVP } from "./flows/builders.js";
import { fitFlow } from "./flows/fit-flow.js";
import type { Flow, FlowParams } from "./flows/flow.js";
import { FlowDistributionImpl } from "./flows/flow-distribution.js";
import { namedTensorsToTree } from "./named-tensors.js";

/** The architecture of a {@link ConditionalDensityEstimator}: plain data, stored with its parameters. */
export interface ConditionalDensityConfig {
  /** Size c of the conditioning input x. */
  readonly xFeatures: number;
  /** Size d of the output y. */
  readonly yFeatures: number;
  /** "maf" (conditional MAF, the default) or "realNVP" (conditional affine coupling). */
  readonly flow: "maf" | "realNVP";
  /** Number of MAF or coupling layers. Default 4. */
  readonly layers: number;
  /** Hidden widths of each conditioner. Default [32, 32]. */
  readonly hidden: readonly number[];
  /** Conditioner activation. Default "tanh". */
  readonly activation: Activation;
}

/** Parameters of a {@link ConditionalDensityEstimator}: the flow's and the standardisation constants. */
export type ConditionalDensityParams = {
  readonly flow: FlowParams;
  readonly standardization: {
    readonly xLoc: Tensor;
    readonly xScale: Tensor;
    readonly yLoc: Tensor;
    readonly yScale: Tensor;
  };
};

/** One epoch of {@link fitConditionalDensity}: mean log-likelihoods in y's units. */
export interface ConditionalDensityEpoch {
  readonly epoch: number;
  /** Mean training log p(y | x), a running figure over the epoch's minibatches. */
  readonly trainLogLikelihood: number;
  /** Mean held-out log p(y | x) at the epoch's end, with `validation`. */
  readonly validationLogLikelihood?: number;
}

/** Options of {@link fitConditionalDensity}. */
export interface FitConditionalDensityOptions {
  /** Conditioning inputs, [n, c] (or [n] for c = 1). */
  readonly x: Tensor;
  /** Outputs, [n, d] (or [n] for d = 1). */
  readonly y: Tensor;
  /** Seeds the initial parameters and the minibatch order. */
  readonly key: Key;
  /** Flow family. Default "maf". */
  readonly flow?: "maf" | "realNVP";
  /** Number of flow layers. Default 4. */
  readonly layers?: number;
  /** Hidden widths of each conditioner. Default [32, 32]. */
  readonly hidden?: readonly number[];
  /** Conditioner activation. Default "tanh". */
  readonly activation?: Activation;
  /** Passes over the data. */
  readonly epochs: number;
  /** Examples per minibatch. Default 128. */
  readonly batchSize?: number;
  /** Adam's learning rate, a number or a schedule. Default 1e-3. */
  readonly learningRate?: LearningRate;
  /** Held-out pairs: scored after every epoch; the best epoch's parameters are returned. */
  readonly validation?: { readonly x: Tensor; readonly y: Tensor };
  /** Stop after this many epochs without held-out improvement (needs `validation`). */
  readonly patience?: number;
}

/** The flow a configuration describes (identity-initialised layers, as the builders make them). */
function buildFlow(config: ConditionalDensityConfig): Flow {
  const options = {
    features: config.yFeatures,
    layers: config.layers,
    hidden: config.hidden,
    activation: config.activation,
    contextFeatures: config.xFeatures,
  };
  return config.flow === "maf" ? maf(options) : realNVP(options);
}

/** `t` as [n, features]: a 1-D tensor is one column. */
function asMatrix(who: string, what: string, t: Tensor, features?: number): Tensor {
  if (!(t instanceof Tensor)) throw new Error(`${who}: ${what} must be a Tensor, got ${String(t)}`);
  const m = t.ndim === 1 ? new Tensor(t.data, [t.shape[0]!, 1]) : t;
  if (m.ndim !== 2 || (features !== undefined && m.shape[1] !== features))
    throw new Error(
      `${who}: ${what} must have shape [n, ${features ?? "features"}]${features === 1 ? " or [n]" : ""}, got ${formatShape(t.shape)}`,
    );
  return m;
}

/** Column means and standard deviations (population) of [n, k] data; a constant column is an error. */
function columnMoments(who: string, what: string, data: Tensor): { loc: Tensor; scale: Tensor } {
  const [n, k] = data.shape as [number, number];
  if (n < 2) throw new Error(`${who}: ${what} needs at least 2 examples to standardise, got ${n}`);
  const loc = new Float64Array(k);
  const sq = new Float64Array(k);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) loc[j]! += data.data[i * k + j]! / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) sq[j]! += (data.data[i * k + j]! - loc[j]!) ** 2 / n;
  const scale = sq.map(Math.sqrt);
  scale.forEach((s, j) => {
    if (!(s > 0 && Number.isFinite(s)))
      throw new Error(`${who}: column ${j} of ${what} has standard deviation ${s}; it cannot be standardised`);
  });
  return { loc: new Tensor(loc, [k]), scale: new Tensor(scale, [k]) };
}

/**
 * A fitted conditional density p(y | x): log-densities and draws in the data's own units.
 * Make one with {@link fitConditionalDensity}, or from saved parameters with
 * {@link ConditionalDensityEstimator.fromNamedTensors}.
 */
export class ConditionalDensityEstimator {
  readonly flowLayers: Flow;
  readonly #logScaleSum: number;

  constructor(
    readonly config: ConditionalDensityConfig,
    readonly params: ConditionalDensityParams,
  ) {
    this.flowLayers = buildFlow(config);
    const s = params.standardization;
    const check = (t: Tensor, name: string, k: number) => {
      if (!(t instanceof Tensor) || t.ndim !== 1 || t.shape[0] !== k)
        throw new Error(
          `ConditionalDensityEstimator: standardization.${name} must have shape [${k}], got ${t instanceof Tensor ? formatShape(t.shape) : String(t)}`,
        );
    };
    check(s.xLoc, "xLoc", config.xFeatures);
    check(s.xScale, "xScale", config.xFeatures);
    check(s.yLoc, "yLoc", config.yFeatures);
    check(s.yScale, "yScale", config.yFeatures);
    this.#logScaleSum = Array.from(s.yScale.data).reduce((a, v) => a + Math.log(v), 0);
  }

  /**
   * An estimator from named tensors (as {@link loadSafetensors} returns them, dotted paths of
   * {@link ConditionalDensityParams}) and its config: the tree is rebuilt against the
   * config's own parameter structure, so missing, extra or misshapen tensors are errors.
   */
  static fromNamedTensors(
    config: ConditionalDensityConfig,
    named: Record<string, Tensor>,
  ): ConditionalDensityEstimator {
    const template: ConditionalDensityParams = {
      flow: buildFlow(config).init(makeKey(0)),
      standardization: {
        xLoc: new Tensor(new Float64Array(config.xFeatures), [config.xFeatures]),
        xScale: new Tensor(new Float64Array(config.xFeatures), [config.xFeatures]),
        yLoc: new Tensor(new Float64Array(config.yFeatures), [config.yFeatures]),
        yScale: new Tensor(new Float64Array(config.yFeatures), [config.yFeatures]),
      },
    };
    const params = namedTensorsToTree(named, template);
    return new ConditionalDensityEstimator(config, params);
  }

  /** x standardised, as the flow's context. */
  private context(x: Tensor): Tensor {
    const s = this.params.standardization;
    return div(sub(x, s.xLoc), s.xScale);
  }

  /** The flow's distribution of standardised y given x ([c] or [..., c]). */
  private standardDistribution(x: Tensor): FlowDistributionImpl<FlowParams> {
    const c = this.config.xFeatures;
    if (!(x instanceof Tensor) || x.ndim < 1 || x.shape[x.ndim - 1] !== c)
      throw new Error(
        `ConditionalDensityEstimator: x must have shape [..., ${c}], got ${x instanceof Tensor ? formatShape(x.shape) : String(x)}`,
      );
    return new FlowDistributionImpl(this.flowLayers, this.params.flow, {
      context: this.context(x),
      validateArgs: false,
    });
  }

  /** log p(y | x) in y's units: y [..., d] and x [..., c] (broadcasting), result [...]. */
  logProb(y: Tensor, x: Tensor): Tensor {
    const d = this.config.yFeatures;
    if (!(y instanceof Tensor) || y.ndim < 1 || y.shape[y.ndim - 1] !== d)
      throw new Error(
        `ConditionalDensityEstimator.logProb: y must have shape [..., ${d}], got ${y instanceof Tensor ? formatShape(y.shape) : String(y)}`,
      );
    const s = this.params.standardization;
    const yStd = div(sub(y, s.yLoc), s.yScale);
    return sub(this.standardDistribution(x).logProb(yStd), this.#logScaleSum);
  }

  /**
   * `n` draws of y given x: x of shape [c] gives [n, d]; x of shape [m, c] gives [n, m, d]
   * (n draws for each of the m inputs).
   */
  sample(key: Key, x: Tensor, n: number): Tensor {
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`ConditionalDensityEstimator.sample: n must be a positive integer, got ${n}`);
    const s = this.params.standardization;
    const yStd = this.standardDistribution(x).sample(key, [n]);
    return add(mul(yStd, s.yScale), s.yLoc);
  }
}

/** The outcome of {@link fitConditionalDensity}. */
export interface FitConditionalDensityResult {
  /** The fitted estimator (the best epoch's parameters with `validation`, else the last). */
  readonly estimator: ConditionalDensityEstimator;
  /** log p(y | x) of the fitted estimator. */
  logProb(y: Tensor, x: Tensor): Tensor;
  /** Draws of y given x (see {@link ConditionalDensityEstimator.sample}). */
  sample(key: Key, x: Tensor, n: number): Tensor;
  readonly params: ConditionalDensityParams;
  readonly config: ConditionalDensityConfig;
  readonly history: ConditionalDensityEpoch[];
  readonly bestEpoch: number;
}

/**
 * Fit p(y | x) by maximum likelihood with a conditional flow over standardised data (see the
 * module comment): Adam on −mean log p(y | x) over shuffled minibatches, reproducible from
 * `key`, the best held-out epoch kept with `validation`.
 *
 * @example
 * const fitted = fitConditionalDensity({ x, y, key: key(0), epochs: 30, validation: { x: xVal, y: yVal } });
 * fitted.logProb(yNew, xNew);           // [m]
 * fitted.sample(key(1), tensor([0.5]), 1000);  // [1000, d]
 */
export function fitConditionalDensity(options: FitConditionalDensityOptions): FitConditionalDensityResult {
  const who = "fitConditionalDensity";
  if (options === null || typeof options !== "object")
    throw new Error(`${who}: options { x, y, key, epochs } are required, got ${String(options)}`);
  const x = asMatrix(who, "x", options.x);
  const y = asMatrix(who, "y", options.y);
  if (x.shape[0] !== y.shape[0])
    throw new Error(
      `${who}: x ${formatShape(options.x.shape)} and y ${formatShape(options.y.shape)} must have the same number of examples`,
    );
  const kind = options.flow ?? "maf";
  if (kind !== "maf" && kind !== "realNVP")
    throw new Error(`${who}: flow must be "maf" or "realNVP", got ${JSON.stringify(kind)}`);
  const config: ConditionalDensityConfig = {
    xFeatures: x.shape[1]!,
    yFeatures: y.shape[1]!,
    flow: kind,
    layers: options.layers ?? 4,
    hidden: (options.hidden ?? [32, 32]).slice(),
    activation: options.activation ?? "tanh",
  };
  const xm = columnMoments(who, "x", x);
  const ym = columnMoments(who, "y", y);
  const standardize = (t: Tensor, m: { loc: Tensor; scale: Tensor }) => div(sub(t, m.loc), m.scale);
  const validation =
    options.validation === undefined
      ? undefined
      : (() => {
          const vx = asMatrix(who, "validation.x", options.validation.x, config.xFeatures);
          const vy = asMatrix(who, "validation.y", options.validation.y, config.yFeatures);
          if (vx.shape[0] !== vy.shape[0])
            throw new Error(`${who}: validation.x and validation.y must have the same number of examples`);
          return { data: standardize(vy, ym), context: standardize(vx, xm) };
        })();
  const flow = buildFlow(config);
  const [initKey, fitKey] = split(options.key, 2) as [Key, Key];
  const result = fitFlow(flow, {
    data: standardize(y, ym),
    context: standardize(x, xm),
    key: fitKey,
    params: flow.init(initKey),
    epochs: options.epochs,
    batchSize: options.batchSize ?? 128,
    optimizer: adam({ learningRate: options.learningRate ?? 1e-3 }),
    ...(validation === undefined ? {} : { validation }),
    ...(options.patience === undefined ? {} : { patience: options.patience }),
  });
  const params: ConditionalDensityParams = {
    flow: result.params,
    standardization: { xLoc: xm.loc, xScale: xm.scale, yLoc: ym.loc, yScale: ym.scale },
  };
  const estimator = new ConditionalDensityEstimator(config, params);
  // log-likelihoods of standardised y, moved to y's units by the Jacobian of the standardisation
  const shift = -Array.from(ym.scale.data).reduce((a, v) => a + Math.log(v), 0);
  const history = result.trainLogLikelihood.map((ll, epoch) => {
    const held = result.heldOutLogLikelihood[epoch];
    return {
      epoch,
      trainLogLikelihood: ll + shift,
      ...(held === undefined ? {} : { validationLogLikelihood: held + shift }),
    };
  });
  return {
    estimator,
    logProb: (yv, xv) => estimator.logProb(yv, xv),
    sample: (k, xv, n) => estimator.sample(k, xv, n),
    params,
    config,
    history,
    bestEpoch: result.bestEpoch,
  };
}
