/**
 * Mixture: a finite mixture of arbitrary distributions with a common event shape.
 * @module
 */
import { add, broadcastTo, log, logsumexp, mul, reshape, square, stack, sub, sum } from "../autodiff/index.js";
import { type Key, split } from "../random/index.js";
import { broadcastShapes, formatShape, shapesEqual, type Shape } from "../tensor/shape.js";
import { type TensorLike, Tensor, asTensor } from "../tensor/tensor.js";
import { CategoricalDistribution } from "./categorical.js";
import { type Constraint, simplex } from "./constraints.js";
import { Distribution, type DistributionOptions } from "./distribution.js";
import { gatherComponent } from "./mixtureGather.js";
import { checkParam } from "./validation.js";

/**
 * p(x) = Σ_k w_k p_k(x) for K distributions of any families sharing one event shape, with
 * weights w on the simplex (shape [..., K], batch axes broadcasting with the components').
 * logProb is a logsumexp over the components.
 */
export class MixtureDistribution extends Distribution {
  /** Mixture weights, of shape [..., K]. */
  readonly weights: Tensor;
  /** The K components. */
  readonly components: readonly Distribution[];

  constructor(weights: TensorLike, components: readonly Distribution[], options?: DistributionOptions) {
    const w = asTensor(weights);
    const k = components.length;
    if (k === 0) throw new Error("Mixture: expected at least one component, got none");
    if (w.ndim < 1 || w.shape[w.ndim - 1] !== k)
      throw new Error(
        `Mixture: weights must have a last axis of ${k} (one per component), got shape ${formatShape(w.shape)}`,
      );
    const event = components[0]!.eventShape;
    let batch: number[] = w.shape.slice(0, -1);
    components.forEach((c, i) => {
      if (!shapesEqual(c.eventShape, event))
        throw new Error(
          `Mixture: component ${i} has event shape ${formatShape(c.eventShape)}, component 0 has ${formatShape(event)}`,
        );
      try {
        batch = broadcastShapes(batch, c.batchShape);
      } catch {
        throw new Error(
          `Mixture: component ${i}'s batch shape ${formatShape(c.batchShape)} does not broadcast with ${formatShape(batch)}`,
        );
      }
    });
    super(batch, event, options);
    this.weights = w;
    this.components = components;
    if (this.validateArgs) checkParam("Mixture", "weights", w, simplex);
  }

  get name(): string {
    return `Mixture(${this.components.map((c) => c.name).join(", ")})`;
  }

  /** The first component's support (components are expected to share one). */
  get support(): Constraint {
    return this.components[0]!.support;
  }

  /** log Σ_k exp(log w_k + log p_k(x)). */
  logProb(value: TensorLike): Tensor {
    const x = this.checkValue(value, "logProb");
    const lps = this.components.map((c) => c.logProb(x));
    let shape: number[] = [];
    for (const lp of lps) shape = broadcastShapes(shape, lp.shape);
    const stacked = stack(
      lps.map((lp) => broadcastTo(lp, shape)),
      -1,
    );
    return logsumexp(add(stacked, log(this.weights)), -1);
  }

  /** Draw from every component, then pick one per draw by the weights. */
  override sample(key: Key, sampleShape: Shape = []): Tensor {
    this.checkSampleShape(sampleShape);
    const keys = split(key, this.components.length + 1);
    const full = this.shape(sampleShape);
    const draws = this.components.map((c, i) =>
      broadcastTo(c.expand(this.batchShape).sample(keys[i]!, sampleShape), full),
    );
    const outer = sampleShape.length + this.batchShape.length;
    const stacked = stack(draws, outer);
    const mixing = new CategoricalDistribution(
      { probs: broadcastTo(this.weights, [...this.batchShape, this.components.length]) },
      {
        validateArgs: false,
      },
    );
    const choice = mixing.sample(keys[this.components.length]!, sampleShape);
    return gatherComponent(stacked, choice, outer, this.components.length);
  }

  /** Component quantities stacked on a component axis before the event axes, with the weights shaped to match. */
  private stackedWithWeights(values: Tensor[]): { stacked: Tensor; w: Tensor; axis: number } {
    const full = this.shape();
    const axis = this.batchShape.length;
    const stacked = stack(
      values.map((v) => broadcastTo(v, full)),
      axis,
    );
    const ones = this.eventShape.map(() => 1);
    const w = reshape(this.weights, [...this.weights.shape, ...ones]);
    return { stacked, w, axis };
  }

  /** Σ_k w_k μ_k. */
  override get mean(): Tensor {
    const { stacked, w, axis } = this.stackedWithWeights(this.components.map((c) => c.mean));
    return broadcastTo(sum(mul(w, stacked), axis), this.shape());
  }

  /** Σ_k w_k (σ_k² + μ_k²) - (Σ_k w_k μ_k)², elementwise. */
  override get variance(): Tensor {
    const means = this.components.map((c) => c.mean);
    const seconds = this.components.map((c, i) => add(c.variance, square(means[i]!)));
    const a = this.stackedWithWeights(seconds);
    const b = this.stackedWithWeights(means);
    const m = sum(mul(b.w, b.stacked), b.axis);
    return broadcastTo(sub(sum(mul(a.w, a.stacked), a.axis), square(m)), this.shape());
  }

  expand(batchShape: Shape): MixtureDistribution {
    const b = this.checkExpand(batchShape);
    return new MixtureDistribution(
      broadcastTo(this.weights, [...b, this.components.length]),
      this.components.map((c) => c.expand(b)),
      { validateArgs: false },
    );
  }
}

/**
 * The mixture of `components` (any families, one event shape) with probabilities `weights`
 * ([..., K], on the simplex): e.g. `Mixture([0.3, 0.7], [Normal(0, 1), StudentT(3, 5, 1)])`.
 */
export function Mixture(
  weights: TensorLike | readonly number[],
  components: readonly Distribution[],
  options?: DistributionOptions,
): MixtureDistribution {
  const w = Array.isArray(weights)
    ? new Tensor(Float64Array.from(weights as readonly number[]), [(weights as readonly number[]).length])
    : (weights as TensorLike);
  return new MixtureDistribution(w, components, options);
}
/** The type of {@link Mixture}'s result. */
export type Mixture = MixtureDistribution;
