/**
 * Gaussian variational families: a diagonal Normal (mean-field) and a full-rank
 * MultivariateNormal, both on unconstrained parameters.
 * @module
 */
import { broadcastTo, exp } from "../../autodiff/index.js";
import { Independent } from "../../distributions/independent.js";
import { MultivariateNormal } from "../../distributions/multivariateNormal.js";
import { Normal } from "../../distributions/normal.js";
import type { Distribution } from "../../distributions/distribution.js";
import { checkShape, formatShape, type Shape } from "../../tensor/shape.js";
import { type TensorLike, Tensor, asTensor, eye, full } from "../../tensor/tensor.js";
import { LowerCholeskyTransform } from "../../transforms/lower-cholesky.js";
import type { VariationalFamily } from "./gvi-family.js";

/** Initial values of a Gaussian family. */
export interface GaussianFamilyOptions {
  /** Initial mean (broadcast to the family's shape). Default 0. */
  initLoc?: TensorLike;
  /** Initial standard deviation of every coordinate, > 0. Default 1 (blackbirds' TrainableGaussian). */
  initScale?: number;
}

/** Parameters of {@link diagonalNormalFamily}: the mean and the log standard deviations. */
export type DiagonalNormalParams = {
  readonly loc: Tensor;
  readonly logScale: Tensor;
};

/** Parameters of {@link multivariateNormalFamily}: the mean and the packed unconstrained Cholesky factor. */
export type MultivariateNormalParams = {
  readonly loc: Tensor;
  /**
   * The lower triangle of the covariance's Cholesky factor L, row by row (entry (i, j), j ≤ i,
   * at index i(i+1)/2 + j), with the diagonal stored as log L_ii (Stan's transform).
   */
  readonly packedScaleTril: Tensor;
};

function initialScale(family: string, initScale: number | undefined): number {
  const s = initScale ?? 1;
  if (!(s > 0 && Number.isFinite(s))) throw new Error(`${family}: initScale must be a finite number > 0, got ${s}`);
  return s;
}

function initialLoc(family: string, initLoc: TensorLike | undefined, shape: Shape): Tensor {
  const l = asTensor(initLoc ?? 0);
  let b: Tensor;
  try {
    b = broadcastTo(l, shape);
  } catch {
    throw new Error(
      `${family}: initLoc of shape ${formatShape(l.shape)} does not broadcast to the family's shape ${formatShape(shape)}`,
    );
  }
  if (!b.data.every(Number.isFinite)) throw new Error(`${family}: initLoc must be finite, got ${b.toString()}`);
  return new Tensor(Float64Array.from(b.data), shape.slice());
}

/**
 * The mean-field Gaussian family over θ of shape `shape`: independent Normal(loc_i, exp(logScale_i))
 * coordinates. A scalar θ for `shape = []`; otherwise the coordinates form one event
 * (Independent), so `logProb` of a draw is a scalar.
 */
export function diagonalNormalFamily(
  shape: number | Shape,
  options: GaussianFamilyOptions = {},
): VariationalFamily<DiagonalNormalParams> {
  const name = "diagonal Normal family";
  const s = typeof shape === "number" ? [shape] : shape.slice();
  checkShape(s, `${name}: shape`);
  const loc0 = initialLoc(name, options.initLoc, s);
  const logScale0 = full(s, Math.log(initialScale(name, options.initScale)));
  return {
    name: "diagonal Normal",
    shape: s,
    init: () => ({ loc: loc0, logScale: logScale0 }),
    distribution: (params): Distribution => {
      const base = Normal(params.loc, exp(params.logScale));
      return s.length === 0 ? base : Independent(base, s.length);
    },
  };
}

const lowerCholesky = new LowerCholeskyTransform();

/**
 * The full-rank Gaussian family over θ ∈ R^dim: MultivariateNormal(loc, L Lᵀ) with L lower
 * triangular with positive diagonal, learnt through its packed unconstrained vector (so every
 * parameter value is a valid covariance). Initially L = initScale · I.
 */
export function multivariateNormalFamily(
  dim: number,
  options: GaussianFamilyOptions = {},
): VariationalFamily<MultivariateNormalParams> {
  const name = "MultivariateNormal family";
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`${name}: dim must be a positive integer, got ${dim}`);
  const loc0 = initialLoc(name, options.initLoc, [dim]);
  const scale = initialScale(name, options.initScale);
  const packed0 = lowerCholesky.inverse(eye(dim).mul(scale));
  return {
    name: "MultivariateNormal",
    shape: [dim],
    init: () => ({ loc: loc0, packedScaleTril: new Tensor(Float64Array.from(packed0.data), packed0.shape) }),
    distribution: (params) =>
      MultivariateNormal(params.loc, { scaleTril: lowerCholesky.forward(params.packedScaleTril) }),
  };
}
