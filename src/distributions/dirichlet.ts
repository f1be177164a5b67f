/**
 * The Dirichlet distribution over the probability simplex.
 * @module
 */
import { add, broadcastTo, digamma, div, lgamma, mul, square, stopGradient, sub, sum } from "../autodiff/index.js";
import { type Key, dirichlet, gamma } from "../random/index.js";
import { formatShape, type Shape } from "../tensor/shape.js";
import { type TensorLike, Tensor, asTensor } from "../tensor/tensor.js";
import { type Constraint, positive, simplex } from "./constraints.js";
import { Distribution, type DistributionOptions } from "./distribution.js";
import { dirichletLogProb } from "./fused/dirichlet.js";
import { reparameterisedGamma } from "./fused/implicitGamma.js";
import { checkParam } from "./validation.js";

/**
 * Dirichlet(concentration α): density Γ(α₀)/Π Γ(α_j) · Π x_j^(α_j - 1) on the simplex of
 * dimension K = α.shape[-1]; the batch shape is α's shape without its last axis.
 */
export class DirichletDistribution extends Distribution {
  /** Concentrations α > 0, of shape [..., K]. */
  readonly concentration: Tensor;

  constructor(concentration: TensorLike, options?: DistributionOptions) {
    const a = asTensor(concentration);
    if (a.ndim < 1 || a.shape[a.ndim - 1]! < 2)
      throw new Error(
        `Dirichlet: concentration must have a last axis of at least 2 categories, got shape ${formatShape(a.shape)}`,
      );
    super(a.shape.slice(0, -1), a.shape.slice(-1), options);
    this.concentration = a;
    if (this.validateArgs) checkParam("Dirichlet", "concentration", a, positive);
  }

  get name(): string {
    return "Dirichlet";
  }

  get support(): Constraint {
    return simplex;
  }

  /** Pathwise in the concentration (implicitly reparameterised Gamma draws). */
  override get hasRsample(): boolean {
    return true;
  }

  /** One fused tape node; -Infinity off the simplex (sum within 1e-6 of 1). */
  logProb(value: TensorLike): Tensor {
    return dirichletLogProb(this.checkValue(value, "logProb"), this.concentration);
  }

  /**
   * Normalised Gamma(α_j) draws, each implicitly reparameterised, so the draw is
   * differentiable in α. (sample() uses the dedicated dirichlet sampler.)
   */
  override rsample(key: Key, sampleShape: Shape = []): Tensor {
    this.checkSampleShape(sampleShape);
    const g = reparameterisedGamma(
      gamma(key, stopGradient(this.concentration), this.shape(sampleShape)),
      this.concentration,
    );
    return div(g, sum(g, -1, true));
  }

  /** Draws from the random dirichlet sampler (no gradient). */
  override sample(key: Key, sampleShape: Shape = []): Tensor {
    this.checkSampleShape(sampleShape);
    return dirichlet(key, stopGradient(this.concentration), [...sampleShape, ...this.batchShape]);
  }

  /** α / α₀. */
  override get mean(): Tensor {
    const a = this.concentration;
    return broadcastTo(div(a, sum(a, -1, true)), this.shape());
  }

  /** α_j (α₀ - α_j) / (α₀² (α₀ + 1)). */
  override get variance(): Tensor {
    const a = this.concentration;
    const a0 = sum(a, -1, true);
    return broadcastTo(div(mul(a, sub(a0, a)), mul(square(a0), add(a0, 1))), this.shape());
  }

  /** log B(α) + (α₀ - K) ψ(α₀) - Σ (α_j - 1) ψ(α_j). */
  override entropy(): Tensor {
    const a = this.concentration;
    const k = a.shape[a.ndim - 1]!;
    const a0 = sum(a, -1);
    const logB = sub(sum(lgamma(a), -1), lgamma(a0));
    const h = sub(add(logB, mul(sub(a0, k), digamma(a0))), sum(mul(sub(a, 1), digamma(a)), -1));
    return broadcastTo(h, this.batchShape);
  }

  expand(batchShape: Shape): DirichletDistribution {
    const b = this.checkExpand(batchShape);
    return new DirichletDistribution(broadcastTo(this.concentration, [...b, ...this.eventShape]), {
      validateArgs: false,
    });
  }
}

/** The Dirichlet distribution with concentrations `concentration` over its last axis. */
export function Dirichlet(concentration: TensorLike, options?: DistributionOptions): DirichletDistribution {
  return new DirichletDistribution(concentration, options);
}
/** The type of {@link Dirichlet}'s result. */
export type Dirichlet = DirichletDistribution;
