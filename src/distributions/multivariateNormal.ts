/**
 * The MultivariateNormal distribution, parameterised by a Cholesky factor of the covariance.
 * @module
 */
import {
  add,
  broadcastTo,
  cholesky,
  diagPart,
  expandDims,
  log,
  matmul,
  mT,
  squeeze,
  square,
  sum,
} from "../autodiff/index.js";
import { type Key, normal } from "../random/index.js";
import { formatShape, type Shape } from "../tensor/shape.js";
import { type TensorLike, Tensor, asTensor } from "../tensor/tensor.js";
import { batchShapeOf } from "./batchShape.js";
import { type Constraint, lowerCholesky, positiveDefinite, real, realVector } from "./constraints.js";
import { Distribution, type DistributionOptions, validationRequested } from "./distribution.js";
import { LOG_SQRT_2PI } from "./fused/constants.js";
import { multivariateNormalLogProb } from "./fused/multivariateNormal.js";
import { checkParam } from "./validation.js";

/** The covariance, given as its lower Cholesky factor or as the matrix itself. */
export type MultivariateNormalCovariance =
  { readonly scaleTril: TensorLike } | { readonly covarianceMatrix: TensorLike };

/**
 * MultivariateNormal(loc, { scaleTril } | { covarianceMatrix }): the Gaussian on R^d with
 * mean `loc` ([..., d]) and covariance L Lᵀ, L = scaleTril ([..., d, d], lower triangular
 * with positive diagonal). A covariance matrix is factorised by the differentiable cholesky.
 */
export class MultivariateNormalDistribution extends Distribution {
  /** Mean, of shape [..., d]. */
  readonly loc: Tensor;
  /** Lower Cholesky factor L of the covariance, of shape [..., d, d]. */
  readonly scaleTril: Tensor;

  constructor(loc: TensorLike, covariance: MultivariateNormalCovariance, options?: DistributionOptions) {
    const m = asTensor(loc);
    if (m.ndim < 1)
      throw new Error(`MultivariateNormal: loc must have at least 1 dimension, got shape ${formatShape(m.shape)}`);
    const validate = validationRequested(options);
    let L: Tensor;
    if ("scaleTril" in covariance && covariance.scaleTril !== undefined) {
      L = asTensor(covariance.scaleTril);
      if (validate) checkParam("MultivariateNormal", "scaleTril", L, lowerCholesky);
    } else if ("covarianceMatrix" in covariance && covariance.covarianceMatrix !== undefined) {
      const S = asTensor(covariance.covarianceMatrix);
      if (validate) checkParam("MultivariateNormal", "covarianceMatrix", S, positiveDefinite);
      L = cholesky(S);
    } else throw new Error("MultivariateNormal: give one of scaleTril and covarianceMatrix");
    const d = m.shape[m.ndim - 1]!;
    if (L.ndim < 2 || L.shape[L.ndim - 1] !== d || L.shape[L.ndim - 2] !== d)
      throw new Error(
        `MultivariateNormal: the covariance factor must have shape [..., ${d}, ${d}] to match loc ${formatShape(m.shape)}, got ${formatShape(L.shape)}`,
      );
    super(
      batchShapeOf("MultivariateNormal", { loc: m.shape.slice(0, -1), scaleTril: L.shape.slice(0, -2) }),
      [d],
      options,
    );
    this.loc = m;
    this.scaleTril = L;
    if (this.validateArgs) checkParam("MultivariateNormal", "loc", m, real);
  }

  get name(): string {
    return "MultivariateNormal";
  }

  get support(): Constraint {
    return realVector;
  }

  override get hasRsample(): boolean {
    return true;
  }

  /** One fused tape node: two triangular solves per event (see fused/multivariateNormal.ts). */
  logProb(value: TensorLike): Tensor {
    return multivariateNormalLogProb(this.checkValue(value, "logProb"), this.loc, this.scaleTril);
  }

  /** loc + L ε with ε ~ N(0, I): pathwise in loc and scaleTril. */
  override rsample(key: Key, sampleShape: Shape = []): Tensor {
    this.checkSampleShape(sampleShape);
    const eps = normal(key, this.shape(sampleShape));
    return add(this.loc, squeeze(matmul(this.scaleTril, expandDims(eps, -1)), -1));
  }

  override get mean(): Tensor {
    return broadcastTo(this.loc, [...this.batchShape, ...this.eventShape]);
  }

  /** The diagonal of the covariance: Σ_j L_ij². */
  override get variance(): Tensor {
    return broadcastTo(sum(square(this.scaleTril), -1), [...this.batchShape, ...this.eventShape]);
  }

  /** L Lᵀ. */
  get covarianceMatrix(): Tensor {
    return matmul(this.scaleTril, mT(this.scaleTril));
  }

  /** (d/2)(1 + log 2π) + Σ log L_ii. */
  override entropy(): Tensor {
    const d = this.eventShape[0]!;
    const h = add(sum(log(diagPart(this.scaleTril)), -1), d * (0.5 + LOG_SQRT_2PI));
    return broadcastTo(h, this.batchShape);
  }

  expand(batchShape: Shape): MultivariateNormalDistribution {
    const b = this.checkExpand(batchShape);
    const d = this.eventShape[0]!;
    return new MultivariateNormalDistribution(
      broadcastTo(this.loc, [...b, d]),
      { scaleTril: broadcastTo(this.scaleTril, [...b, d, d]) },
      { validateArgs: false },
    );
  }
}

/**
 * The multivariate normal with mean `loc` and covariance given as `{ scaleTril }` (its lower
 * Cholesky factor, the fast path) or `{ covarianceMatrix }`.
 */
export function MultivariateNormal(
  loc: TensorLike,
  covariance: MultivariateNormalCovariance,
  options?: DistributionOptions,
): MultivariateNormalDistribution {
  return new MultivariateNormalDistribution(loc, covariance, options);
}
/** The type of {@link MultivariateNormal}'s result. */
export type MultivariateNormal = MultivariateNormalDistribution;
