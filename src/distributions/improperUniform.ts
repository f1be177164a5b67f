/**
 * ImproperUniform: a flat (improper) "density" over a constrained set, for models whose
 * prior is uniform over the support (Stan's default for an unbounded parameter).
 * @module
 */
import type { Key } from "../random/index.js";
import { expandTo } from "../tensor/kernels/elementwise.js";
import { broadcastShapes, checkShape, sizeOf, type Shape } from "../tensor/shape.js";
import { type TensorLike, Tensor } from "../tensor/tensor.js";
import type { Constraint } from "./constraints.js";
import { Distribution, type DistributionOptions } from "./distribution.js";

/**
 * log p(x) = 0 on the support and -Infinity off it; it does not integrate to one, so it has
 * no draws, moments or normaliser. Samplers work with it in unconstrained space through the
 * support's bijection, starting from an explicit or default initial value.
 */
export class ImproperUniformDistribution extends Distribution {
  readonly #support: Constraint;

  constructor(support: Constraint, batchShape: Shape = [], eventShape: Shape = [], options?: DistributionOptions) {
    checkShape(batchShape, "ImproperUniform: batchShape");
    checkShape(eventShape, "ImproperUniform: eventShape");
    if (eventShape.length < support.eventDim)
      throw new Error(
        `ImproperUniform: eventShape must have at least ${support.eventDim} axes for support ${support.toString()}, got [${eventShape.join(", ")}]`,
      );
    super(batchShape.slice(), eventShape.slice(), options);
    this.#support = support;
  }

  get name(): string {
    return "ImproperUniform";
  }

  get support(): Constraint {
    return this.#support;
  }

  /** 0 where the value (each event) is in the support, -Infinity elsewhere; no gradient. */
  logProb(value: TensorLike): Tensor {
    const v = this.checkValue(value, "logProb");
    const ed = this.eventShape.length;
    const lead = v.shape.slice(0, v.ndim - ed);
    const shape = broadcastShapes(lead, this.batchShape);
    const eventSize = sizeOf(this.eventShape);
    const perEvent = new Float64Array(sizeOf(lead));
    // check one event at a time (the support's own eventDim may be smaller than the event)
    for (let e = 0; e < perEvent.length; e++) {
      const ev = new Tensor(v.data.subarray(e * eventSize, (e + 1) * eventSize), this.eventShape);
      if (!this.#support.check(ev)) perEvent[e] = -Infinity;
    }
    const lp = new Tensor(perEvent, lead);
    if (lead.length === shape.length && lead.every((d, i) => d === shape[i])) return lp;
    return expandTo(lp, shape);
  }

  override sample(key: Key, sampleShape: Shape = []): Tensor {
    void key;
    void sampleShape;
    throw new Error(
      "ImproperUniform: cannot sample from an improper (flat) prior; give the site a value, or initialise the sampler with init 'uniform' or given values",
    );
  }

  expand(batchShape: Shape): ImproperUniformDistribution {
    return new ImproperUniformDistribution(this.#support, this.checkExpand(batchShape), this.eventShape, {
      validateArgs: this.validateArgs,
    });
  }
}

/**
 * A flat prior over `support` with the given batch and event shapes (as in NumPyro):
 * `sample("beta", ImproperUniform(real, [], [2]))`.
 */
export function ImproperUniform(
  support: Constraint,
  batchShape: Shape = [],
  eventShape: Shape = [],
  options?: DistributionOptions,
): ImproperUniformDistribution {
  return new ImproperUniformDistribution(support, batchShape, eventShape, options);
}
/** The type of {@link ImproperUniform}'s result. */
export type ImproperUniform = ImproperUniformDistribution;
