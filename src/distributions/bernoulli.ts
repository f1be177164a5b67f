/**
 * The Bernoulli distribution over {0, 1}.
 * @module
 */
import { broadcastTo, log, mul, sigmoid, stopGradient, sub } from "../autodiff/index.js";
import { type Key, bernoulli } from "../random/index.js";
import { softplus } from "../tensor/special/logistic.js";
import type { Shape } from "../tensor/shape.js";
import { type TensorLike, Tensor, tensor } from "../tensor/tensor.js";
import { type Constraint, boolean, real, unitInterval } from "./constraints.js";
import { Distribution, type DistributionOptions } from "./distribution.js";
import { bernoulliLogitsLogProb, bernoulliProbsLogProb } from "./fused/bernoulli.js";
import { scalarOp } from "./fused/scalarOp.js";
import { type ProbsOrLogits, parseProbsOrLogits } from "./probsOrLogits.js";
import { checkParam } from "./validation.js";

/** Entropy from logits: softplus(l) - l σ(l); ∂/∂l = -l σ(l)(1 - σ(l)). */
const entropyFromLogits = scalarOp({
  name: "Bernoulli.entropy",
  args: ["logits"],
  value(v) {
    const l = v[0]!;
    if (!Number.isFinite(l)) return 0;
    return softplus(l) - l / (1 + Math.exp(-l));
  },
  partials(v, _out, d) {
    const l = v[0]!;
    const s = 1 / (1 + Math.exp(-l));
    d[0] = Number.isFinite(l) ? -l * s * (1 - s) : 0;
  },
});

/** Entropy from probabilities: -p log p - (1 - p) log(1 - p); ∂/∂p = log((1 - p)/p). */
const entropyFromProbs = scalarOp({
  name: "Bernoulli.entropy",
  args: ["probs"],
  value(v) {
    const p = v[0]!;
    return (p === 0 ? 0 : -p * Math.log(p)) - (p === 1 ? 0 : (1 - p) * Math.log1p(-p));
  },
  partials(v, _out, d) {
    const p = v[0]!;
    d[0] = Math.log1p(-p) - Math.log(p);
  },
});

/** Bernoulli(probs p) or Bernoulli({ logits l }): P(1) = p = σ(l), P(0) = 1 - p. */
export class BernoulliDistribution extends Distribution {
  readonly #probs: Tensor | null;
  readonly #logits: Tensor | null;

  constructor(params: ProbsOrLogits, options?: DistributionOptions) {
    const p = parseProbsOrLogits("Bernoulli", params);
    super((p.probs ?? p.logits)!.shape, [], options);
    this.#probs = p.probs;
    this.#logits = p.logits;
    if (this.validateArgs) {
      if (p.probs !== null) checkParam("Bernoulli", "probs", p.probs, unitInterval);
      else checkParam("Bernoulli", "logits", p.logits, real);
    }
  }

  get name(): string {
    return "Bernoulli";
  }

  get support(): Constraint {
    return boolean;
  }

  override get hasEnumerateSupport(): boolean {
    return true;
  }

  /** P(1), given or computed as σ(logits). */
  get probs(): Tensor {
    return this.#probs ?? sigmoid(this.#logits!);
  }

  /** log(p/(1 - p)), given or computed from probs. */
  get logits(): Tensor {
    return this.#logits ?? sub(log(this.#probs!), log(sub(1, this.#probs!)));
  }

  /** One fused tape node in whichever parameter was given; -Infinity for values not 0 or 1. */
  logProb(value: TensorLike): Tensor {
    const v = this.checkValue(value, "logProb");
    return this.#probs !== null ? bernoulliProbsLogProb(v, this.#probs) : bernoulliLogitsLogProb(v, this.#logits!);
  }

  /** 0/1 draws (no gradient; Bernoulli has no pathwise derivative). */
  override sample(key: Key, sampleShape: Shape = []): Tensor {
    this.checkSampleShape(sampleShape);
    return bernoulli(key, stopGradient(this.probs), this.shape(sampleShape));
  }

  /** p. */
  override get mean(): Tensor {
    return broadcastTo(this.probs, this.batchShape);
  }

  /** p (1 - p). */
  override get variance(): Tensor {
    const p = this.probs;
    return broadcastTo(mul(p, sub(1, p)), this.batchShape);
  }

  override entropy(): Tensor {
    return this.#probs !== null ? entropyFromProbs(this.#probs) : entropyFromLogits(this.#logits!);
  }

  /** [0, 1], shaped [2, ...batchShape] (or [2, 1, ...] when not expanded). */
  override enumerateSupport(expand = true): Tensor {
    const ones = this.batchShape.map(() => 1);
    const values = tensor([0, 1], [2, ...ones]);
    return expand ? broadcastTo(values, [2, ...this.batchShape]) : values;
  }

  expand(batchShape: Shape): BernoulliDistribution {
    const b = this.checkExpand(batchShape);
    const params =
      this.#probs !== null ? { probs: broadcastTo(this.#probs, b) } : { logits: broadcastTo(this.#logits!, b) };
    return new BernoulliDistribution(params, { validateArgs: false });
  }
}

/**
 * The Bernoulli distribution: `Bernoulli(p)` or `Bernoulli({ probs: p })` with P(1) = p, or
 * `Bernoulli({ logits: l })` with P(1) = σ(l) (better behaved in the tails).
 */
export function Bernoulli(params: ProbsOrLogits, options?: DistributionOptions): BernoulliDistribution {
  return new BernoulliDistribution(params, options);
}
/** The type of {@link Bernoulli}'s result. */
export type Bernoulli = BernoulliDistribution;
