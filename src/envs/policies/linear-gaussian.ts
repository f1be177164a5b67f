/**
 * The linear-Gaussian behaviour policy for continuous actions: a ~ N(φ(s) · W, diag(σ²)) with W
 * `[F, A]` and a state-independent log standard deviation `[A]`.
 *
 * Clipping: the density ({@link LinearGaussianPolicy.logProb}) is always that of the
 * *unclipped* Gaussian. With `clip: true` (the default) {@link LinearGaussianPolicy.act} clips
 * the draw to the action space before returning it, so a recorded action on a bound is censored
 * (its likelihood is a tail mass, not the density). With `clip: false` the raw draw is returned
 * and the environment clips it (Gymnasium's Pendulum and MountainCarContinuous do), which keeps
 * the recorded actions exactly Gaussian — the better choice when the data feed inference.
 * @module
 */
import { add, exp, matmul, scale, square, sub, sum } from "../../autodiff/index.js";
import { type Key, normal } from "../../random/index.js";
import { Tensor, tensor } from "../../tensor/tensor.js";
import type { BoxSpace } from "../env.js";
import type { DifferentiablePolicy } from "../policy.js";
import { type FeatureMap, type FeatureMapJSON, checkObservationBatch, featureMapFromJSON } from "./feature-maps.js";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** The JSON record of a {@link LinearGaussianPolicy}. */
export interface LinearGaussianJSON {
  readonly type: "linear-gaussian";
  readonly featureMap: FeatureMapJSON;
  readonly actionDim: number;
  /** `[F, A]` row-major. */
  readonly weights: readonly number[];
  readonly logStd: readonly number[];
  readonly low?: readonly number[];
  readonly high?: readonly number[];
  readonly clip: boolean;
  readonly deterministic: boolean;
}

/** Options of {@link LinearGaussianPolicy}. */
export interface LinearGaussianOptions {
  readonly featureMap: FeatureMap;
  /** A ≥ 1. */
  readonly actionDim: number;
  /** `[F, A]` row-major (default zeros). */
  readonly weights?: ArrayLike<number>;
  /** `[A]` (default zeros: unit standard deviation). */
  readonly logStd?: ArrayLike<number>;
  /** Action bounds used by `act` when `clip` is true (e.g. the environment's action space). */
  readonly actionSpace?: BoxSpace | { readonly low: ArrayLike<number>; readonly high: ArrayLike<number> };
  /** Clip sampled actions to the bounds in `act` (default true when bounds are given). */
  readonly clip?: boolean;
  /** Act with the mean instead of sampling (for evaluation). */
  readonly deterministic?: boolean;
}

/**
 * Means `[N, A]` = features `[N, F]` · weights `[F, A]` (differentiable in both).
 */
export function linearGaussianMean(features: Tensor, weights: Tensor): Tensor {
  if (features.ndim !== 2 || weights.ndim !== 2 || features.shape[1] !== weights.shape[0])
    throw new Error(
      `linearGaussianMean: features [N, F] and weights [F, A] must agree on F, got [${features.shape.join(", ")}] and [${weights.shape.join(", ")}]`,
    );
  return matmul(features, weights);
}

/**
 * Per-row KL(N(μ₁, diag σ₁²) ‖ N(μ₂, diag σ₂²)) summed over the last axis:
 * Σ_j log(σ₂/σ₁) + (σ₁² + (μ₁ − μ₂)²) / (2σ₂²) − ½ (the closed form, e.g. Bishop 2006, §1.6 / ex. 1.30).
 * `mu` tensors are `[N, A]`, `logStd` tensors broadcast against them.
 */
export function diagonalGaussianKL(mu1: Tensor, logStd1: Tensor, mu2: Tensor, logStd2: Tensor): Tensor {
  const var1 = exp(scale(logStd1, 2));
  const var2 = exp(scale(logStd2, 2));
  const terms = add(sub(logStd2, logStd1), sub(scale(add(var1, square(sub(mu1, mu2))).div(var2), 0.5), 0.5));
  return sum(terms, -1);
}

function checkFinite(v: Float64Array, what: string): void {
  v.forEach((x, i) => {
    if (!Number.isFinite(x)) throw new Error(`LinearGaussianPolicy: ${what}[${i}] must be finite, got ${x}`);
  });
}

/** A Gaussian policy whose mean is linear in fixed features; see the module documentation. */
export class LinearGaussianPolicy implements DifferentiablePolicy {
  /** Always `"continuous"`. */
  readonly actionKind = "continuous" as const;
  readonly featureMap: FeatureMap;
  readonly actionDim: number;
  /** `[F, A]` row-major; treat as read-only. */
  readonly weights: Float64Array;
  /** `[A]`; treat as read-only. */
  readonly logStd: Float64Array;
  /** Lower action bounds (or undefined when none were given). */
  readonly low: Float64Array | undefined;
  readonly high: Float64Array | undefined;
  readonly clip: boolean;
  readonly deterministic: boolean;
  private readonly features: Float64Array;

  constructor(options: LinearGaussianOptions) {
    const { featureMap, actionDim, actionSpace, deterministic = false } = options;
    if (!Number.isInteger(actionDim) || actionDim < 1)
      throw new Error(`LinearGaussianPolicy: actionDim must be a positive integer, got ${actionDim}`);
    const F = featureMap.outputDim;
    const w = options.weights === undefined ? new Float64Array(F * actionDim) : Float64Array.from(options.weights);
    if (w.length !== F * actionDim)
      throw new Error(
        `LinearGaussianPolicy: weights must have F·A = ${F}·${actionDim} = ${F * actionDim} values, got ${w.length}`,
      );
    checkFinite(w, "weights");
    const ls = options.logStd === undefined ? new Float64Array(actionDim) : Float64Array.from(options.logStd);
    if (ls.length !== actionDim)
      throw new Error(`LinearGaussianPolicy: logStd must have ${actionDim} values, got ${ls.length}`);
    checkFinite(ls, "logStd");
    if (actionSpace !== undefined) {
      if (actionSpace.low.length !== actionDim || actionSpace.high.length !== actionDim)
        throw new Error(
          `LinearGaussianPolicy: action bounds must have ${actionDim} values, got low ${actionSpace.low.length} and high ${actionSpace.high.length}`,
        );
      for (let j = 0; j < actionDim; j++)
        if (!(actionSpace.low[j]! <= actionSpace.high[j]!))
          throw new Error(
            `LinearGaussianPolicy: action bound low[${j}] = ${actionSpace.low[j]} must be <= high[${j}] = ${actionSpace.high[j]}`,
          );
    }
    this.featureMap = featureMap;
    this.actionDim = actionDim;
    this.weights = w;
    this.logStd = ls;
    this.low = actionSpace === undefined ? undefined : Float64Array.from(actionSpace.low);
    this.high = actionSpace === undefined ? undefined : Float64Array.from(actionSpace.high);
    this.clip = options.clip ?? actionSpace !== undefined;
    if (this.clip && actionSpace === undefined)
      throw new Error("LinearGaussianPolicy: clip is true but no actionSpace bounds were given");
    this.deterministic = deterministic;
    this.features = new Float64Array(F);
  }

  /**
   * A policy from a flat parameter vector: the `[F, A]` weights row-major, followed by the `[A]`
   * log standard deviations unless `logStd` is given in `rest` (then `params` holds weights only).
   */
  static fromParams(
    featureMap: FeatureMap,
    actionDim: number,
    params: ArrayLike<number>,
    rest: Omit<LinearGaussianOptions, "featureMap" | "actionDim" | "weights"> = {},
  ): LinearGaussianPolicy {
    const nw = featureMap.outputDim * actionDim;
    const p = Float64Array.from(params);
    const expected = rest.logStd === undefined ? nw + actionDim : nw;
    if (p.length !== expected)
      throw new Error(
        `LinearGaussianPolicy.fromParams: expected ${expected} parameters (${nw} weights${rest.logStd === undefined ? ` + ${actionDim} log-std` : ""}), got ${p.length}`,
      );
    return new LinearGaussianPolicy({
      ...rest,
      featureMap,
      actionDim,
      weights: p.subarray(0, nw),
      logStd: rest.logStd ?? p.subarray(nw),
    });
  }

  /** Observation dimension D. */
  get obsDim(): number {
    return this.featureMap.inputDim;
  }

  /** The flat parameter vector: weights then log standard deviations. */
  get params(): Float64Array {
    const p = new Float64Array(this.weights.length + this.actionDim);
    p.set(this.weights);
    p.set(this.logStd, this.weights.length);
    return p;
  }

  /** The weights as a `[F, A]` tensor. */
  weightsTensor(): Tensor {
    return tensor(Float64Array.from(this.weights), [this.featureMap.outputDim, this.actionDim]);
  }

  /** The log standard deviations as a `[A]` tensor. */
  logStdTensor(): Tensor {
    return tensor(Float64Array.from(this.logStd), [this.actionDim]);
  }

  /** Means `[N, A]` of `[N, D]` observations; pass `weights` to differentiate in them. */
  mean(obs: Tensor, weights: Tensor = this.weightsTensor()): Tensor {
    checkObservationBatch(obs, this.obsDim, "LinearGaussianPolicy.mean");
    return linearGaussianMean(this.featureMap.apply(obs), weights);
  }

  /**
   * log N(a_i; μ(s_i), diag σ²) per row, `[N]`, for `[N, D]` observations and `[N, A]` actions:
   * the unclipped Gaussian's density (see the module documentation on clipping).
   */
  logProb(obs: Tensor, actions: Tensor, weights?: Tensor, logStd: Tensor = this.logStdTensor()): Tensor {
    const n = obs.shape[0]!;
    if (!(actions instanceof Tensor) || actions.size !== n * this.actionDim)
      throw new Error(
        `LinearGaussianPolicy.logProb: actions must be a [${n}, ${this.actionDim}] Tensor, got ${actions instanceof Tensor ? `shape [${actions.shape.join(", ")}]` : typeof actions}`,
      );
    const a = actions.ndim === 2 ? actions : actions.reshape([n, this.actionDim]);
    const z = sub(a, this.mean(obs, weights)).div(exp(logStd));
    const perDim = sub(scale(square(z), -0.5), add(logStd, HALF_LOG_2PI));
    return sum(perDim, 1);
  }

  /** Closed-form KL(π(· | clean) ‖ π(· | perturbed)) per row, `[N]`: Σ_j (μ_c − μ_p)² / (2σ_j²). */
  klDivergence(clean: Tensor, perturbed: Tensor): Tensor {
    const ls = this.logStdTensor();
    return diagonalGaussianKL(this.mean(clean), ls, this.mean(perturbed), ls);
  }

  /** Mean action of one observation, with plain loops. */
  meanAction(observation: Float64Array): Float64Array {
    const phi = this.featureMap.applyRow(observation, this.features);
    const A = this.actionDim;
    const mu = new Float64Array(A);
    for (let j = 0; j < A; j++) {
      let z = 0;
      for (let f = 0; f < phi.length; f++) z += phi[f]! * this.weights[f * A + j]!;
      mu[j] = z;
    }
    return mu;
  }

  /**
   * One action: μ(s) + σ ⊙ ε with ε ~ N(0, I) drawn from `key` (the mean when deterministic),
   * then clipped to the bounds when `clip` is set.
   */
  act(key: Key, observation: Float64Array): Float64Array {
    const a = this.meanAction(observation);
    if (!this.deterministic) {
      const eps = normal(key, [this.actionDim]).data;
      for (let j = 0; j < a.length; j++) a[j]! += Math.exp(this.logStd[j]!) * eps[j]!;
    }
    if (this.clip) for (let j = 0; j < a.length; j++) a[j] = Math.min(this.high![j]!, Math.max(this.low![j]!, a[j]!));
    return a;
  }

  /** The same parameters, acting with the mean (for evaluation). */
  deterministicPolicy(): LinearGaussianPolicy {
    return new LinearGaussianPolicy({ ...this.options(), deterministic: true });
  }

  /** The same parameters, sampling actions. */
  stochasticPolicy(): LinearGaussianPolicy {
    return new LinearGaussianPolicy({ ...this.options(), deterministic: false });
  }

  /** `{ type: "linear-gaussian", featureMap, actionDim, weights, logStd, low?, high?, clip, deterministic }`. */
  toJSON(): LinearGaussianJSON {
    return {
      type: "linear-gaussian",
      featureMap: this.featureMap.toJSON(),
      actionDim: this.actionDim,
      weights: Array.from(this.weights),
      logStd: Array.from(this.logStd),
      ...(this.low === undefined ? {} : { low: Array.from(this.low), high: Array.from(this.high!) }),
      clip: this.clip,
      deterministic: this.deterministic,
    };
  }

  /** Rebuild a policy from {@link toJSON}'s record. */
  static fromJSON(json: LinearGaussianJSON): LinearGaussianPolicy {
    if (json === null || typeof json !== "object" || json.type !== "linear-gaussian")
      throw new Error(
        `LinearGaussianPolicy.fromJSON: expected a record with type "linear-gaussian", got ${JSON.stringify(json)?.slice(0, 80)}`,
      );
    return new LinearGaussianPolicy({
      featureMap: featureMapFromJSON(json.featureMap),
      actionDim: json.actionDim,
      weights: json.weights,
      logStd: json.logStd,
      ...(json.low === undefined || json.high === undefined ? {} : { actionSpace: { low: json.low, high: json.high } }),
      clip: json.clip,
      deterministic: json.deterministic ?? false,
    });
  }

  private options(): LinearGaussianOptions {
    return {
      featureMap: this.featureMap,
      actionDim: this.actionDim,
      weights: this.weights,
      logStd: this.logStd,
      ...(this.low === undefined ? {} : { actionSpace: { low: this.low, high: this.high! } }),
      clip: this.clip,
    };
  }
}
