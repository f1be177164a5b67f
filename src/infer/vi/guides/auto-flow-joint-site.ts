/**
 * The first site of an AutoFlow guide: the distribution whose draw makes the guide's whole
 * joint draw (base noise, flow, every site's block), so that the randomness comes from that
 * site's key and no auxiliary site is needed (see ./auto-flow.ts). Its value is the first
 * site's block; its log-density at its own draw is the joint log q minus the first site's
 * log-Jacobian, supplied by the draw.
 * @module
 */
import { type Constraint, independent, real } from "../../../distributions/constraints.js";
import { Distribution } from "../../../distributions/distribution.js";
import type { Key } from "../../../random/index.js";
import { type Shape, formatShape } from "../../../tensor/shape.js";
import type { Tensor, TensorLike } from "../../../tensor/tensor.js";

/** What one joint draw gives the first site: its value and the log-density to score it with. */
export interface JointDraw {
  readonly value: Tensor;
  readonly logDensity: Tensor;
}

/**
 * A distribution over the first site's value (one event of `shape`) drawn by `draw(key)`,
 * which also makes the rest of the joint draw as a side effect. Pathwise: the value is a
 * differentiable function of the guide's parameters. `logProb` knows its own draws only.
 */
export class JointDrawSite extends Distribution {
  readonly #logDensityOf = new WeakMap<Tensor, Tensor>();

  /**
   * @param draw - makes one joint draw from `key`
   * @param shape - the first site's constrained shape
   * @param siteName - the site, for error messages
   */
  constructor(
    private readonly draw: (key: Key) => JointDraw,
    shape: Shape,
    readonly siteName: string,
  ) {
    super([], shape, { validateArgs: false });
  }

  get name(): string {
    return "AutoFlowJointDraw";
  }

  get support(): Constraint {
    return independent(real, this.eventShape.length);
  }

  override get hasRsample(): boolean {
    return true;
  }

  override rsample(key: Key, sampleShape: Shape = []): Tensor {
    if (sampleShape.length !== 0)
      throw new Error(
        `AutoFlow site '${this.siteName}': draws one joint value at a time, got sample shape ${formatShape(sampleShape)}`,
      );
    const { value, logDensity } = this.draw(key);
    this.#logDensityOf.set(value, logDensity);
    return value;
  }

  override sample(key: Key, sampleShape: Shape = []): Tensor {
    return this.rsample(key, sampleShape);
  }

  /** The joint log-density share of one of this distribution's own draws. */
  logProb(value: TensorLike): Tensor {
    const lp = this.#logDensityOf.get(value as Tensor);
    if (lp === undefined)
      throw new Error(
        `AutoFlow site '${this.siteName}': the guide can score only its own draws (the flow's joint density does not factorise by site); was the site's value given by substitute or condition?`,
      );
    return lp;
  }

  expand(batchShape: Shape): JointDrawSite {
    if (batchShape.length === 0) return this;
    throw new Error(
      `AutoFlow site '${this.siteName}': the guide's site distribution covers the whole site and cannot be expanded to batch shape ${formatShape(batchShape)} (is the guide called inside a plate?)`,
    );
  }
}
