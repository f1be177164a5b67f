/**
 * The distribution an autoguide gives one latent site: a base distribution over a flat
 * unconstrained vector, reshaped to the site's unconstrained shape and pushed through the
 * site's bijection onto its support. By the change of variables,
 * log q(y) = log q_base(u) − log|det ∂y/∂u| with u = T⁻¹(y).
 *
 * Draws remember the unconstrained point they came from, so the log-density of a guide's own
 * draw does not invert the transform: T⁻¹(T(u)) can overflow where T saturates (sigmoid(40)
 * rounds to 1, whose logit is +∞), which would turn a fine draw into an infinite loss. NumPyro
 * caches transform inverses for the same reason.
 * @module
 */
import { reshape, sub, sum } from "../../../autodiff/index.js";
import type { Bijector } from "../../../distributions/bijector.js";
import type { Constraint } from "../../../distributions/constraints.js";
import { Distribution } from "../../../distributions/distribution.js";
import type { Key } from "../../../random/index.js";
import { type Shape, formatShape, sizeOf } from "../../../tensor/shape.js";
import type { Tensor, TensorLike } from "../../../tensor/tensor.js";

/**
 * q(y) for y = T(reshape(u, unconstrainedShape)), u ~ `base` over R^n (event shape [n], no
 * batch axes). The whole site is one event: log q sums over all of the site's axes.
 */
export class PushforwardDistribution extends Distribution {
  readonly #unconstrainedOf = new WeakMap<Tensor, Tensor>();

  /**
   * @param base - distribution of the flat unconstrained vector, event shape [n], batch shape []
   * @param unconstrainedShape - the site's unconstrained shape (n elements)
   * @param transform - bijection from the unconstrained shape onto the site's support
   * @param siteName - the site, for error messages
   */
  constructor(
    readonly base: Distribution,
    readonly unconstrainedShape: Shape,
    readonly transform: Bijector,
    readonly siteName: string,
  ) {
    const n = sizeOf(unconstrainedShape);
    if (base.batchShape.length !== 0 || base.eventShape.length !== 1 || base.eventShape[0] !== n)
      throw new Error(
        `guide site '${siteName}': the base distribution must have batch shape [] and event shape [${n}], got ${formatShape(base.batchShape)} and ${formatShape(base.eventShape)}`,
      );
    super([], transform.forwardShape(unconstrainedShape), { validateArgs: false });
  }

  get name(): string {
    return `Pushforward(${this.base.name}, ${this.transform.name})`;
  }

  get support(): Constraint {
    return this.transform.codomain;
  }

  override get hasRsample(): boolean {
    return this.base.hasRsample;
  }

  /** T(reshape(u)) for u from base.rsample: pathwise when the base is. */
  override rsample(key: Key, sampleShape: Shape = []): Tensor {
    return this.push(this.base.rsample(key, sampleShape), sampleShape);
  }

  override sample(key: Key, sampleShape: Shape = []): Tensor {
    return this.push(this.base.sample(key, sampleShape), sampleShape);
  }

  /** log q_base(u) − Σ log|det J(u)|, with u remembered for own draws, else T⁻¹(y). */
  logProb(value: TensorLike): Tensor {
    const y = this.checkValue(value, "logProb");
    const sampleShape = y.shape.slice(0, y.ndim - this.eventShape.length);
    const u = this.#unconstrainedOf.get(y) ?? this.transform.inverse(y);
    const ldj = this.transform.logAbsDetJacobian(u, y);
    // the Jacobian term has the shape of u without the transform's own event axes: sum the rest
    const extra = ldj.ndim - sampleShape.length;
    const totalLdj = extra === 0 ? ldj : sum(ldj, range(sampleShape.length, ldj.ndim));
    const flat = reshape(u, [...sampleShape, sizeOf(this.unconstrainedShape)]);
    return sub(this.base.logProb(flat), totalLdj);
  }

  /** The unconstrained point a draw of this distribution came from, if `y` is one. */
  unconstrainedOf(y: Tensor): Tensor | undefined {
    return this.#unconstrainedOf.get(y);
  }

  expand(batchShape: Shape): PushforwardDistribution {
    if (batchShape.length === 0) return this;
    throw new Error(
      `guide site '${this.siteName}': an autoguide's site distribution covers the whole site and cannot be expanded to batch shape ${formatShape(batchShape)} (is the guide called inside a plate?)`,
    );
  }

  private push(flat: Tensor, sampleShape: Shape): Tensor {
    const u = reshape(flat, [...sampleShape, ...this.unconstrainedShape]);
    const y = this.transform.forward(u);
    this.#unconstrainedOf.set(y, u);
    return y;
  }
}

function range(start: number, stop: number): number[] {
  return Array.from({ length: stop - start }, (_, i) => start + i);
}
