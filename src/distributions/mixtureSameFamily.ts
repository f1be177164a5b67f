/**
 * MixtureSameFamily: a finite mixture whose components are the batch elements, along the
 * last batch axis, of one distribution.
 * @module
 */
import {
  add,
  broadcastTo,
  expandDims,
  logSoftmax,
  logsumexp,
  mul,
  reshape,
  softmax,
  square,
  sub,
  sum,
} from "../autodiff/index.js";
import { type Key, split } from "../random/index.js";
import { broadcastShapes, formatShape, type Shape } from "../tensor/shape.js";
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { CategoricalDistribution } from "./categorical.js";
import type { Constraint } from "./constraints.js";
import { Distribution, type DistributionOptions } from "./distribution.js";
import { gatherComponent } from "./mixtureGather.js";

/**
 * p(x) = Σ_k w_k p_k(x), with w from a Categorical over K components (`mixing`) and the p_k
 * the K batch elements along the last batch axis of `component`. logProb is a logsumexp over
 * that axis, so it stays finite when every component density underflows.
 */
export class MixtureSameFamilyDistribution extends Distribution {
  /** The Categorical over components (batch shape broadcasting with the mixture's). */
  readonly mixing: CategoricalDistribution;
  /** The components: a distribution whose batch shape ends in K. */
  readonly component: Distribution;

  constructor(mixing: CategoricalDistribution, component: Distribution, options?: DistributionOptions) {
    if (!(mixing instanceof CategoricalDistribution))
      throw new Error("MixtureSameFamily: mixing must be a Categorical distribution");
    const cb = component.batchShape;
    const k = mixing.numCategories;
    if (cb.length < 1 || cb[cb.length - 1] !== k)
      throw new Error(
        `MixtureSameFamily: the component's batch shape ${formatShape(cb)} must end in the number of mixture components ${k}`,
      );
    let batch: number[];
    try {
      batch = broadcastShapes(mixing.batchShape, cb.slice(0, -1));
    } catch {
      throw new Error(
        `MixtureSameFamily: mixing batch shape ${formatShape(mixing.batchShape)} does not broadcast with the component batch shape ${formatShape(cb.slice(0, -1))}`,
      );
    }
    super(batch, component.eventShape, options);
    this.mixing = mixing;
    this.component = component;
  }

  get name(): string {
    return `MixtureSameFamily(${this.component.name})`;
  }

  get support(): Constraint {
    return this.component.support;
  }

  /** log Σ_k exp(log w_k + log p_k(x)). */
  logProb(value: TensorLike): Tensor {
    const x = this.checkValue(value, "logProb");
    const ed = this.eventShape.length;
    // a component axis just before the event axes: [..., 1, event]
    const xk = expandDims(x, x.ndim - ed);
    const lp = this.component.logProb(xk); // [..., K]
    return logsumexp(add(lp, logSoftmax(this.mixing.logits, -1)), -1);
  }

  /** Draw every component, then pick one per draw with the mixing Categorical. */
  override sample(key: Key, sampleShape: Shape = []): Tensor {
    this.checkSampleShape(sampleShape);
    const [k1, k2] = split(key) as [Key, Key];
    const k = this.mixing.numCategories;
    const comp = this.component.expand([...this.batchShape, k]);
    const mix = this.mixing.expand(this.batchShape);
    const draws = comp.sample(k1, sampleShape);
    const choice = mix.sample(k2, sampleShape);
    return gatherComponent(draws, choice, sampleShape.length + this.batchShape.length, k);
  }

  /** Mixing weights shaped to broadcast against a component quantity [..., K, event]. */
  private weightsForEvent(): Tensor {
    const w = softmax(this.mixing.logits, -1);
    const ones = this.eventShape.map(() => 1);
    return ones.length === 0 ? w : reshape(w, [...w.shape, ...ones]);
  }

  /** Σ_k w_k μ_k. */
  override get mean(): Tensor {
    const axis = -1 - this.eventShape.length;
    const m = sum(mul(this.weightsForEvent(), this.component.mean), axis);
    return broadcastTo(m, this.shape());
  }

  /** Σ_k w_k (σ_k² + μ_k²) - (Σ_k w_k μ_k)² (law of total variance), elementwise. */
  override get variance(): Tensor {
    const axis = -1 - this.eventShape.length;
    const w = this.weightsForEvent();
    const mu = this.component.mean;
    const second = sum(mul(w, add(this.component.variance, square(mu))), axis);
    const m = sum(mul(w, mu), axis);
    return broadcastTo(sub(second, square(m)), this.shape());
  }

  expand(batchShape: Shape): MixtureSameFamilyDistribution {
    const b = this.checkExpand(batchShape);
    const k = this.mixing.numCategories;
    return new MixtureSameFamilyDistribution(this.mixing.expand(b), this.component.expand([...b, k]), {
      validateArgs: false,
    });
  }
}

/**
 * The mixture of the K components along the last batch axis of `component`, weighted by the
 * Categorical `mixing`: e.g. `MixtureSameFamily(Categorical(w), Normal(locs, scales))`.
 */
export function MixtureSameFamily(
  mixing: CategoricalDistribution,
  component: Distribution,
  options?: DistributionOptions,
): MixtureSameFamilyDistribution {
  return new MixtureSameFamilyDistribution(mixing, component, options);
}
/** The type of {@link MixtureSameFamily}'s result. */
export type MixtureSameFamily = MixtureSameFamilyDistribution;
