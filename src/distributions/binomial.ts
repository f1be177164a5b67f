/**
 * The Binomial distribution: the number of successes in totalCount independent trials.
 * @module
 */
import { broadcastTo, log, mul, sigmoid, stopGradient, sub } from "../autodiff/index.js";
import { type Key, binomial } from "../random/index.js";
import type { Shape } from "../tensor/shape.js";
import { type TensorLike, Tensor, asTensor, tensor } from "../tensor/tensor.js";
import { batchShapeOf } from "./batchShape.js";
import { type Constraint, integerInterval, nonnegativeInteger, real, unitInterval } from "./constraints.js";
import { Distribution, type DistributionOptions } from "./distribution.js";
import { binomialLogitsLogProb, binomialProbsLogProb } from "./fused/binomial.js";
import { type ProbsOrLogits, parseProbsOrLogits } from "./probsOrLogits.js";
import { checkParam } from "./validation.js";

/** Binomial(totalCount n, probs p | logits l): P(k) = C(n, k) p^k (1 - p)^(n-k), k = 0..n. */
export class BinomialDistribution extends Distribution {
  /** Number of trials n (a non-negative integer; no gradient). */
  readonly totalCount: Tensor;
  readonly #probs: Tensor | null;
  readonly #logits: Tensor | null;

  constructor(totalCount: TensorLike, params: ProbsOrLogits, options?: DistributionOptions) {
    const n = asTensor(totalCount);
    const p = parseProbsOrLogits("Binomial", params);
    const param = (p.probs ?? p.logits)!;
    super(
      batchShapeOf("Binomial", { totalCount: n.shape, [p.probs !== null ? "probs" : "logits"]: param.shape }),
      [],
      options,
    );
    this.totalCount = n;
    this.#probs = p.probs;
    this.#logits = p.logits;
    if (this.validateArgs) {
      checkParam("Binomial", "totalCount", n, nonnegativeInteger);
      if (p.probs !== null) checkParam("Binomial", "probs", p.probs, unitInterval);
      else checkParam("Binomial", "logits", p.logits, real);
    }
  }

  get name(): string {
    return "Binomial";
  }

  /**
   * integerInterval(0, n). With a tensor totalCount the Constraint type holds one bound, so
   * this is the enclosing interval [0, max n]; logProb applies each element's own n.
   */
  get support(): Constraint {
    let hi = 0;
    for (const v of this.totalCount.data) hi = Math.max(hi, v);
    return integerInterval(0, hi);
  }

  /** Enumerable when every element has the same totalCount. */
  override get hasEnumerateSupport(): boolean {
    const d = this.totalCount.data;
    return d.every((v) => v === d[0]);
  }

  /** Success probability, given or σ(logits). */
  get probs(): Tensor {
    return this.#probs ?? sigmoid(this.#logits!);
  }

  /** log-odds, given or log(p/(1 - p)). */
  get logits(): Tensor {
    return this.#logits ?? sub(log(this.#probs!), log(sub(1, this.#probs!)));
  }

  /** One fused tape node in whichever parameter was given; -Infinity for k outside 0..n. */
  logProb(value: TensorLike): Tensor {
    const v = this.checkValue(value, "logProb");
    return this.#probs !== null
      ? binomialProbsLogProb(v, this.totalCount, this.#probs)
      : binomialLogitsLogProb(v, this.totalCount, this.#logits!);
  }

  /** Counts from the random binomial sampler (no gradient). */
  override sample(key: Key, sampleShape: Shape = []): Tensor {
    this.checkSampleShape(sampleShape);
    return binomial(key, this.totalCount, stopGradient(this.probs), this.shape(sampleShape));
  }

  /** n p. */
  override get mean(): Tensor {
    return broadcastTo(mul(this.totalCount, this.probs), this.batchShape);
  }

  /** n p (1 - p). */
  override get variance(): Tensor {
    const p = this.probs;
    return broadcastTo(mul(mul(this.totalCount, p), sub(1, p)), this.batchShape);
  }

  /** 0..n, shaped [n + 1, ...batchShape] (or [n + 1, 1, ...] when not expanded). */
  override enumerateSupport(expand = true): Tensor {
    if (!this.hasEnumerateSupport)
      throw new Error("Binomial.enumerateSupport: totalCount must be the same for every batch element");
    const n = this.totalCount.data[0] ?? 0;
    const ones = this.batchShape.map(() => 1);
    const values = tensor(
      Float64Array.from({ length: n + 1 }, (_, i) => i),
      [n + 1, ...ones],
    );
    return expand ? broadcastTo(values, [n + 1, ...this.batchShape]) : values;
  }

  expand(batchShape: Shape): BinomialDistribution {
    const b = this.checkExpand(batchShape);
    const params =
      this.#probs !== null ? { probs: broadcastTo(this.#probs, b) } : { logits: broadcastTo(this.#logits!, b) };
    return new BinomialDistribution(broadcastTo(this.totalCount, b), params, { validateArgs: false });
  }
}

/**
 * The Binomial distribution with `totalCount` trials and success probability given as
 * `probs` (a number or tensor, or `{ probs }`) or as `{ logits }`.
 */
export function Binomial(
  totalCount: TensorLike,
  params: ProbsOrLogits,
  options?: DistributionOptions,
): BinomialDistribution {
  return new BinomialDistribution(totalCount, params, options);
}
/** The type of {@link Binomial}'s result. */
export type Binomial = BinomialDistribution;
