/**
 * The Categorical distribution over {0, ..., K-1}.
 * @module
 */
import { broadcastTo, log, softmax, stopGradient } from "../autodiff/index.js";
import { type Key, categorical } from "../random/index.js";
import { formatShape, type Shape } from "../tensor/shape.js";
import { type TensorLike, Tensor, full, tensor } from "../tensor/tensor.js";
import { type Constraint, integerInterval, simplex } from "./constraints.js";
import { Distribution, type DistributionOptions } from "./distribution.js";
import { categoricalEntropy, categoricalLogProb } from "./fused/categorical.js";
import { type ProbsOrLogits, parseProbsOrLogits } from "./probsOrLogits.js";
import { ParameterError, checkParam } from "./validation.js";

/**
 * Categorical(probs | logits) over the last axis: P(k) = p_k = softmax(logits)_k. The batch
 * shape is the parameter's shape without its last axis; values are integer-valued tensors
 * (stored as floats) of shape `sampleShape + batchShape`.
 */
export class CategoricalDistribution extends Distribution {
  /** Unnormalised log-probabilities, given or log(probs). */
  readonly logits: Tensor;
  readonly #probs: Tensor | null;
  /** Number of categories K. */
  readonly numCategories: number;

  constructor(params: ProbsOrLogits, options?: DistributionOptions) {
    const p = parseProbsOrLogits("Categorical", params);
    const param = (p.probs ?? p.logits)!;
    if (param.ndim < 1 || param.shape[param.ndim - 1] === 0)
      throw new Error(
        `Categorical: ${p.probs !== null ? "probs" : "logits"} must have a last axis of categories, got shape ${formatShape(param.shape)}`,
      );
    super(param.shape.slice(0, -1), [], options);
    this.numCategories = param.shape[param.ndim - 1]!;
    this.#probs = p.probs;
    if (this.validateArgs) {
      if (p.probs !== null) checkParam("Categorical", "probs", p.probs, simplex);
      else {
        const d = p.logits!.data;
        for (let i = 0; i < d.length; i++)
          if (d[i] !== d[i] || d[i] === Infinity)
            throw new ParameterError(`Categorical: logits must be finite or -Infinity, got ${d[i]} at flat index ${i}`);
      }
    }
    // log of the given probabilities; the log-mass normalises, so probs need only be
    // proportional (as in PyTorch), though validation asks for a simplex.
    this.logits = p.logits ?? log(p.probs!);
  }

  get name(): string {
    return "Categorical";
  }

  get support(): Constraint {
    return integerInterval(0, this.numCategories - 1);
  }

  override get hasEnumerateSupport(): boolean {
    return true;
  }

  /** softmax(logits) (the given probs when probs were given). */
  get probs(): Tensor {
    return this.#probs ?? softmax(this.logits, -1);
  }

  /** One fused tape node (gather of the log-softmax); -Infinity for values outside 0..K-1. */
  logProb(value: TensorLike): Tensor {
    return categoricalLogProb(this.checkValue(value, "logProb"), this.logits);
  }

  /** Category indices as floats (no gradient). */
  override sample(key: Key, sampleShape: Shape = []): Tensor {
    this.checkSampleShape(sampleShape);
    return categorical(key, stopGradient(this.logits), this.shape(sampleShape));
  }

  /** Undefined for categories (they are labels): NaN, as PyTorch reports it. */
  override get mean(): Tensor {
    return full(this.batchShape, NaN);
  }

  /** Undefined for categories: NaN, as PyTorch reports it. */
  override get variance(): Tensor {
    return full(this.batchShape, NaN);
  }

  /** -Σ p log p, one fused node. */
  override entropy(): Tensor {
    return categoricalEntropy(this.logits);
  }

  /** 0..K-1, shaped [K, ...batchShape] (or [K, 1, ...] when not expanded). */
  override enumerateSupport(expand = true): Tensor {
    const k = this.numCategories;
    const ones = this.batchShape.map(() => 1);
    const values = tensor(
      Float64Array.from({ length: k }, (_, i) => i),
      [k, ...ones],
    );
    return expand ? broadcastTo(values, [k, ...this.batchShape]) : values;
  }

  expand(batchShape: Shape): CategoricalDistribution {
    const b = this.checkExpand(batchShape);
    const full = [...b, this.numCategories];
    const params =
      this.#probs !== null ? { probs: broadcastTo(this.#probs, full) } : { logits: broadcastTo(this.logits, full) };
    return new CategoricalDistribution(params, { validateArgs: false });
  }
}

/**
 * The Categorical distribution over the last axis of `probs` (a simplex; a tensor or
 * `{ probs }`) or of `{ logits }` (unnormalised log-probabilities).
 */
export function Categorical(params: ProbsOrLogits, options?: DistributionOptions): CategoricalDistribution {
  return new CategoricalDistribution(params, options);
}
/** The type of {@link Categorical}'s result. */
export type Categorical = CategoricalDistribution;
