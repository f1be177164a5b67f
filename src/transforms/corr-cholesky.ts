/**
 * Unconstrained vectors ↔ Cholesky factors of correlation matrices, through canonical
 * partial correlations (Lewandowski, Kurowicka & Joe 2009, as used by the LKJ distribution;
 * Stan reference manual, "Cholesky factors of correlation matrices").
 * @module
 */
import { mul, scale, sub, sum } from "../autodiff/index.js";
import type { Bijector } from "../distributions/bijector.js";
import { type Constraint, corrCholesky, realVector } from "../distributions/constraints.js";
import type { Shape } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { lastExtent, sideFromStrictlyLowerSize, squareExtent } from "./event-shape.js";
import { corrCholeskyToPacked, packedToCorrCholesky } from "./ops/corr-cholesky-packing.js";
import { softplus } from "../autodiff/ops/special.js";

/**
 * R^{n(n-1)/2} → Cholesky factors L of n×n correlation matrices (lower-triangular, positive
 * diagonal, unit-norm rows). x_ij (i > j, packed row-major: index i(i-1)/2 + j) maps to the
 * canonical partial correlation z_ij = tanh(x_ij), and row i is L_ij = z_ij √(1 - Σ_{k<j} L_ik²),
 * L_ii = √(1 - Σ_{k<i} L_ik²).
 *
 * L is determined by its strictly-lower entries, and the Jacobian of x ↦ those entries is
 * triangular row by row, so
 * log |det| = Σ_{i>j} [log(1 - z_ij²) + ½ log(1 - Σ_{k<j} L_ik²)]
 *           = Σ_{i>j} (1 + (i - 1 - j)/2) log(1 - z_ij²),
 * using 1 - Σ_{k<j} L_ik² = Π_{k<j} (1 - z_ik²).
 */
export class CorrCholeskyTransform implements Bijector {
  readonly name = "corrCholesky";
  readonly domain: Constraint = realVector;
  readonly codomain: Constraint = corrCholesky;
  readonly domainEventDim = 1;
  readonly codomainEventDim = 2;
  private readonly weights = new Map<number, Tensor>();

  forward(x: Tensor): Tensor {
    return packedToCorrCholesky(x);
  }

  inverse(y: Tensor): Tensor {
    return corrCholeskyToPacked(y);
  }

  logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor {
    const m = lastExtent(x.shape, "CorrCholeskyTransform.logAbsDetJacobian");
    // log(1 - tanh²x) = 2 (log 2 - x - softplus(-2x)), finite for every x
    const log1mZ2 = scale(sub(sub(Math.LN2, x), softplus(scale(x, -2))), 2);
    return sum(mul(log1mZ2, this.jacobianWeights(m)), -1);
  }

  forwardShape(shape: Shape): Shape {
    const m = lastExtent(shape, "CorrCholeskyTransform.forwardShape");
    const n = sideFromStrictlyLowerSize(m, "CorrCholeskyTransform");
    return [...shape.slice(0, -1), n, n];
  }

  inverseShape(shape: Shape): Shape {
    const n = squareExtent(shape, "CorrCholeskyTransform.inverseShape");
    return [...shape.slice(0, -2), (n * (n - 1)) / 2];
  }

  /** 1 + (i - 1 - j)/2 at packed position (i, j): how often log(1 - z_ij²) enters the log-determinant. */
  private jacobianWeights(m: number): Tensor {
    let w = this.weights.get(m);
    if (w === undefined) {
      const n = sideFromStrictlyLowerSize(m, "CorrCholeskyTransform.logAbsDetJacobian");
      const d = new Float64Array(m);
      for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) d[(i * (i - 1)) / 2 + j] = 1 + (i - 1 - j) / 2;
      w = new Tensor(d, [m]);
      this.weights.set(m, w);
    }
    return w;
  }
}
