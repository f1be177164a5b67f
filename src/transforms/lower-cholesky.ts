/**
 * Unconstrained vectors ↔ lower-triangular matrices with a positive diagonal (Cholesky
 * factors of covariance matrices), as in Stan's reference manual, "Cholesky factors of
 * covariance matrices".
 * @module
 */
import { mul, sum } from "../autodiff/index.js";
import type { Bijector } from "../distributions/bijector.js";
import { type Constraint, lowerCholesky, realVector } from "../distributions/constraints.js";
import type { Shape } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { lastExtent, sideFromLowerSize, squareExtent } from "./event-shape.js";
import { lowerCholeskyToPacked, packedToLowerCholesky } from "./ops/lower-cholesky-packing.js";

/**
 * R^{n(n+1)/2} → n×n lower-triangular matrices with positive diagonal. The vector fills the
 * lower triangle row by row ((i, j), j ≤ i, at index i(i+1)/2 + j) and the diagonal is
 * exponentiated; the Jacobian is triangular, so log |det| = Σ_i x_(i,i), the sum of the
 * diagonal's unconstrained coordinates.
 */
export class LowerCholeskyTransform implements Bijector {
  readonly name = "lowerCholesky";
  readonly domain: Constraint = realVector;
  readonly codomain: Constraint = lowerCholesky;
  readonly domainEventDim = 1;
  readonly codomainEventDim = 2;
  private readonly masks = new Map<number, Tensor>();

  forward(x: Tensor): Tensor {
    return packedToLowerCholesky(x);
  }

  inverse(y: Tensor): Tensor {
    return lowerCholeskyToPacked(y);
  }

  logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor {
    const m = lastExtent(x.shape, "LowerCholeskyTransform.logAbsDetJacobian");
    return sum(mul(x, this.diagonalMask(m)), -1);
  }

  forwardShape(shape: Shape): Shape {
    const n = sideFromLowerSize(lastExtent(shape, "LowerCholeskyTransform.forwardShape"), "LowerCholeskyTransform");
    return [...shape.slice(0, -1), n, n];
  }

  inverseShape(shape: Shape): Shape {
    const n = squareExtent(shape, "LowerCholeskyTransform.inverseShape");
    return [...shape.slice(0, -2), (n * (n + 1)) / 2];
  }

  /** 1 at the packed positions of the diagonal, 0 elsewhere. */
  private diagonalMask(m: number): Tensor {
    let mask = this.masks.get(m);
    if (mask === undefined) {
      const n = sideFromLowerSize(m, "LowerCholeskyTransform.logAbsDetJacobian");
      const d = new Float64Array(m);
      for (let i = 0; i < n; i++) d[(i * (i + 1)) / 2 + i] = 1;
      mask = new Tensor(d, [m]);
      this.masks.set(m, mask);
    }
    return mask;
  }
}
