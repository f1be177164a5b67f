/**
 * Cholesky factors ↔ positive-definite matrices: L ↦ L Lᵀ.
 * @module
 */
import { add, log, matmul, mul, sum, transpose } from "../autodiff/index.js";
import type { Bijector } from "../distributions/bijector.js";
import { type Constraint, lowerCholesky, positiveDefinite } from "../distributions/constraints.js";
import type { Shape } from "../tensor/shape.js";
import { Tensor, eye } from "../tensor/tensor.js";
import { squareExtent } from "./event-shape.js";
import { cholesky } from "./ops/cholesky.js";

/**
 * Lower-triangular L with positive diagonal ↦ Σ = L Lᵀ; the inverse is the Cholesky
 * factorisation (of the symmetric part of its input).
 *
 * Both sides are n(n+1)/2-dimensional: L through its lower triangle, Σ through its lower
 * triangle (Σ is symmetric). On those coordinates the Jacobian is triangular in a suitable
 * order, with log |det| = n log 2 + Σ_i (n - i) log L_ii (0-based i), a classical result
 * (Muirhead 1982, Theorem 2.1.9). Composed after {@link LowerCholeskyTransform} this gives
 * Stan's covariance-matrix transform, whose total log-determinant is
 * n log 2 + Σ_i (n - i + 1) x_(i,i).
 */
export class CholeskyOuterProductTransform implements Bijector {
  readonly name = "choleskyOuterProduct";
  readonly domain: Constraint = lowerCholesky;
  readonly codomain: Constraint = positiveDefinite;
  readonly domainEventDim = 2;
  readonly codomainEventDim = 2;
  private readonly constants = new Map<number, { eye: Tensor; weights: Tensor }>();

  forward(x: Tensor): Tensor {
    squareExtent(x.shape, "CholeskyOuterProductTransform.forward");
    return matmul(x, transpose(x, swapLastTwo(x.ndim)));
  }

  inverse(y: Tensor): Tensor {
    return cholesky(y);
  }

  logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor {
    const n = squareExtent(x.shape, "CholeskyOuterProductTransform.logAbsDetJacobian");
    const c = this.jacobianConstants(n);
    const diagonal = sum(mul(x, c.eye), -1); // off-diagonal entries are multiplied by 0
    return add(n * Math.LN2, sum(mul(log(diagonal), c.weights), -1));
  }

  forwardShape(shape: Shape): Shape {
    squareExtent(shape, "CholeskyOuterProductTransform.forwardShape");
    return shape;
  }

  inverseShape(shape: Shape): Shape {
    squareExtent(shape, "CholeskyOuterProductTransform.inverseShape");
    return shape;
  }

  private jacobianConstants(n: number): { eye: Tensor; weights: Tensor } {
    let c = this.constants.get(n);
    if (c === undefined) {
      const w = new Float64Array(n);
      for (let i = 0; i < n; i++) w[i] = n - i;
      c = { eye: eye(n), weights: new Tensor(w, [n]) };
      this.constants.set(n, c);
    }
    return c;
  }
}

function swapLastTwo(ndim: number): number[] {
  const perm = Array.from({ length: ndim }, (_, i) => i);
  perm[ndim - 2] = ndim - 1;
  perm[ndim - 1] = ndim - 2;
  return perm;
}
