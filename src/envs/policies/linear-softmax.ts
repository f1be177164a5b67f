/**
 * The linear-softmax behaviour policy for discrete actions: π(a | s) ∝ exp(φ(s) · W[:, a]) with
 * the last action's logit fixed at 0, so W is `[F, K − 1]` and every W gives a different policy
 * (the parameterisation is identifiable, which is what the policy posterior infers).
 * @module
 */
import { concat, logSoftmax, matmul, mul, softmax, sub, sum, takeAlongAxis } from "../../autodiff/index.js";
import { categorical, type Key } from "../../random/index.js";
import { Tensor, tensor, zeros } from "../../tensor/tensor.js";
import type { DifferentiablePolicy } from "../policy.js";
import { type FeatureMap, type FeatureMapJSON, checkObservationBatch, featureMapFromJSON } from "./feature-maps.js";

/** The JSON record of a {@link LinearSoftmaxPolicy}. */
export interface LinearSoftmaxJSON {
  readonly type: "linear-softmax";
  readonly featureMap: FeatureMapJSON;
  readonly numActions: number;
  /** `[F, K − 1]` row-major. */
  readonly weights: readonly number[];
  readonly greedy: boolean;
}

/** Options of {@link LinearSoftmaxPolicy}. */
export interface LinearSoftmaxOptions {
  /** φ: observations → features (F = `featureMap.outputDim`). */
  readonly featureMap: FeatureMap;
  /** K ≥ 2. */
  readonly numActions: number;
  /** `[F, K − 1]` row-major (default zeros: the uniform policy). */
  readonly weights?: ArrayLike<number>;
  /** Act by argmax instead of sampling (for evaluation); the distribution methods are unchanged. */
  readonly greedy?: boolean;
}

/**
 * Logits `[N, K]` = `[features · W, 0]` for features `[N, F]` and weights `[F, K − 1]`, from
 * differentiable ops (gradients flow to both the features and the weights).
 */
export function linearSoftmaxLogits(features: Tensor, weights: Tensor): Tensor {
  if (features.ndim !== 2 || weights.ndim !== 2 || features.shape[1] !== weights.shape[0])
    throw new Error(
      `linearSoftmaxLogits: features [N, F] and weights [F, K − 1] must agree on F, got [${features.shape.join(", ")}] and [${weights.shape.join(", ")}]`,
    );
  return concat([matmul(features, weights), zeros([features.shape[0]!, 1])], 1);
}

/**
 * Per-row KL(p ‖ q) between categorical distributions given by logits `[N, K]`:
 * Σ_a p_a (log p_a − log q_a), shape `[N]`.
 */
export function categoricalKL(logitsP: Tensor, logitsQ: Tensor): Tensor {
  const logP = logSoftmax(logitsP, 1);
  const logQ = logSoftmax(logitsQ, 1);
  return sum(mul(softmax(logitsP, 1), sub(logP, logQ)), 1);
}

function checkActionCount(k: number): void {
  if (!Number.isInteger(k) || k < 2)
    throw new Error(`LinearSoftmaxPolicy: numActions must be an integer >= 2, got ${k}`);
}

/** A softmax policy linear in fixed features; see the module documentation. */
export class LinearSoftmaxPolicy implements DifferentiablePolicy {
  /** Always `"discrete"`. */
  readonly actionKind = "discrete" as const;
  readonly featureMap: FeatureMap;
  readonly numActions: number;
  /** `[F, K − 1]` row-major; treat as read-only. */
  readonly weights: Float64Array;
  /** Argmax instead of sampling in {@link act}. */
  readonly greedy: boolean;
  private readonly features: Float64Array;
  private readonly rowLogits: Float64Array;

  constructor(options: LinearSoftmaxOptions) {
    const { featureMap, numActions, greedy = false } = options;
    checkActionCount(numActions);
    const size = featureMap.outputDim * (numActions - 1);
    const w = options.weights === undefined ? new Float64Array(size) : Float64Array.from(options.weights);
    if (w.length !== size)
      throw new Error(
        `LinearSoftmaxPolicy: weights must have F·(K − 1) = ${featureMap.outputDim}·${numActions - 1} = ${size} values, got ${w.length}`,
      );
    w.forEach((x, i) => {
      if (!Number.isFinite(x)) throw new Error(`LinearSoftmaxPolicy: weights[${i}] must be finite, got ${x}`);
    });
    this.featureMap = featureMap;
    this.numActions = numActions;
    this.weights = w;
    this.greedy = greedy;
    this.features = new Float64Array(featureMap.outputDim);
    this.rowLogits = new Float64Array(numActions);
  }

  /** A policy from a flat parameter vector (the `[F, K − 1]` weights, row-major), e.g. for CEM. */
  static fromParams(featureMap: FeatureMap, numActions: number, params: ArrayLike<number>): LinearSoftmaxPolicy {
    return new LinearSoftmaxPolicy({ featureMap, numActions, weights: params });
  }

  /** Number of free parameters, F·(K − 1). */
  static numParams(featureMap: FeatureMap, numActions: number): number {
    checkActionCount(numActions);
    return featureMap.outputDim * (numActions - 1);
  }

  /** Observation dimension D. */
  get obsDim(): number {
    return this.featureMap.inputDim;
  }

  /** The flat parameter vector (a copy of the weights). */
  get params(): Float64Array {
    return Float64Array.from(this.weights);
  }

  /** The weights as a `[F, K − 1]` tensor. */
  weightsTensor(): Tensor {
    return tensor(Float64Array.from(this.weights), [this.featureMap.outputDim, this.numActions - 1]);
  }

  /** Logits `[N, K]` of `[N, D]` observations; pass `weights` (`[F, K − 1]`) to differentiate in them. */
  logits(obs: Tensor, weights: Tensor = this.weightsTensor()): Tensor {
    checkObservationBatch(obs, this.obsDim, "LinearSoftmaxPolicy.logits");
    return linearSoftmaxLogits(this.featureMap.apply(obs), weights);
  }

  /** log π(· | s) `[N, K]`. */
  logProbabilities(obs: Tensor, weights?: Tensor): Tensor {
    return logSoftmax(this.logits(obs, weights), 1);
  }

  /** π(· | s) `[N, K]` for a batch, or `[K]` values for one observation given as a Float64Array. */
  actionProbabilities(obs: Tensor, weights?: Tensor): Tensor;
  actionProbabilities(obs: Float64Array): Float64Array;
  actionProbabilities(obs: Tensor | Float64Array, weights?: Tensor): Tensor | Float64Array {
    if (obs instanceof Tensor) return softmax(this.logits(obs, weights), 1);
    const l = this.rowLogitsOf(obs);
    let m = -Infinity;
    for (const x of l) m = Math.max(m, x);
    const p = l.map((x) => Math.exp(x - m));
    let z = 0;
    for (const x of p) z += x;
    return p.map((x) => x / z);
  }

  /** log π(a_i | s_i) `[N]` for `[N, D]` observations and N actions in 0…K−1. */
  logProb(obs: Tensor, actions: ArrayLike<number> | Tensor, weights?: Tensor): Tensor {
    const n = obs.shape[0]!;
    const a = actions instanceof Tensor ? actions.data : actions;
    if (a.length !== n) throw new Error(`LinearSoftmaxPolicy.logProb: expected ${n} actions, got ${a.length}`);
    const idx = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const x = a[i]!;
      if (!Number.isInteger(x) || x < 0 || x >= this.numActions)
        throw new Error(
          `LinearSoftmaxPolicy.logProb: actions[${i}] must be an integer in [0, ${this.numActions}), got ${x}`,
        );
      idx[i] = x;
    }
    const lp = this.logProbabilities(obs, weights);
    return takeAlongAxis(lp, tensor(idx, [n, 1]), 1).reshape([n]);
  }

  /** KL(π(· | clean) ‖ π(· | perturbed)) per row, `[N]` (differentiable in both batches). */
  klDivergence(clean: Tensor, perturbed: Tensor): Tensor {
    return categoricalKL(this.logits(clean), this.logits(perturbed));
  }

  /**
   * One action: a draw from π(· | s) by inverting its CDF at one uniform of `key` (the library's
   * `categorical` sampler), or the most probable action (lowest index on ties) when greedy.
   */
  act(key: Key, observation: Float64Array): number {
    const l = this.rowLogitsOf(observation);
    if (this.greedy) {
      let best = 0;
      for (let a = 1; a < l.length; a++) if (l[a]! > l[best]!) best = a;
      return best;
    }
    return categorical(key, new Tensor(Float64Array.from(l), [this.numActions])).data[0]!;
  }

  /** The same weights, acting greedily (argmax) — the usual evaluation policy. */
  greedyPolicy(): LinearSoftmaxPolicy {
    return new LinearSoftmaxPolicy({ ...this.options(), greedy: true });
  }

  /** The same weights, sampling actions. */
  stochasticPolicy(): LinearSoftmaxPolicy {
    return new LinearSoftmaxPolicy({ ...this.options(), greedy: false });
  }

  /** `{ type: "linear-softmax", featureMap, numActions, weights, greedy }`. */
  toJSON(): LinearSoftmaxJSON {
    return {
      type: "linear-softmax",
      featureMap: this.featureMap.toJSON(),
      numActions: this.numActions,
      weights: Array.from(this.weights),
      greedy: this.greedy,
    };
  }

  /** Rebuild a policy from {@link toJSON}'s record. */
  static fromJSON(json: LinearSoftmaxJSON): LinearSoftmaxPolicy {
    if (json === null || typeof json !== "object" || json.type !== "linear-softmax")
      throw new Error(
        `LinearSoftmaxPolicy.fromJSON: expected a record with type "linear-softmax", got ${JSON.stringify(json)?.slice(0, 80)}`,
      );
    return new LinearSoftmaxPolicy({
      featureMap: featureMapFromJSON(json.featureMap),
      numActions: json.numActions,
      weights: json.weights,
      greedy: json.greedy ?? false,
    });
  }

  private options(): LinearSoftmaxOptions {
    return { featureMap: this.featureMap, numActions: this.numActions, weights: this.weights };
  }

  /** Logits of one observation with plain loops (the acting fast path); a shared buffer. */
  private rowLogitsOf(observation: Float64Array): Float64Array {
    const phi = this.featureMap.applyRow(observation, this.features);
    const k1 = this.numActions - 1;
    const l = this.rowLogits;
    for (let a = 0; a < k1; a++) {
      let z = 0;
      for (let f = 0; f < phi.length; f++) z += phi[f]! * this.weights[f * k1 + a]!;
      l[a] = z;
    }
    l[k1] = 0;
    return l;
  }
}
