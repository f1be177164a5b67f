/**
 * Unconstrained vectors ↔ the unit simplex by stick-breaking (Stan reference manual, "Unit
 * simplex").
 * @module
 */
import { add, mul, neg, sub, sum } from "../autodiff/index.js";
import type { Bijector } from "../distributions/bijector.js";
import { type Constraint, realVector, simplex } from "../distributions/constraints.js";
import type { Shape } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { lastExtent } from "./event-shape.js";
import { stickBreak, stickBreakingOffsets, stickUnbreak } from "./ops/stick-breaking-packing.js";
import { logSigmoid } from "../autodiff/ops/special.js";

/**
 * R^{K-1} → the simplex in R^K. With u_k = x_k - log(K - 1 - k) (k = 0..K-2) the stick
 * fractions are z_k = σ(u_k) and y_k = z_k (1 - Σ_{j<k} y_j), y_{K-1} = 1 - Σ_{j<K-1} y_j; the
 * offsets make x = 0 the uniform simplex.
 *
 * The simplex has K-1 free coordinates; taking y_0..y_{K-2}, the Jacobian is triangular and
 * log |det| = Σ_k log(z_k (1 - z_k) (1 - Σ_{j<k} y_j)) = Σ_k [log σ(u_k) + (K - 1 - k) log σ(-u_k)].
 */
export class StickBreakingTransform implements Bijector {
  readonly name = "stickBreaking";
  readonly domain: Constraint = realVector;
  readonly codomain: Constraint = simplex;
  readonly domainEventDim = 1;
  readonly codomainEventDim = 1;
  private readonly constants = new Map<number, { offsets: Tensor; weights: Tensor }>();

  forward(x: Tensor): Tensor {
    return stickBreak(x);
  }

  inverse(y: Tensor): Tensor {
    return stickUnbreak(y);
  }

  logAbsDetJacobian(x: Tensor, _y: Tensor): Tensor {
    const m = lastExtent(x.shape, "StickBreakingTransform.logAbsDetJacobian");
    const { offsets, weights } = this.jacobianConstants(m);
    const u = sub(x, offsets);
    return sum(add(logSigmoid(u), mul(weights, logSigmoid(neg(u)))), -1);
  }

  forwardShape(shape: Shape): Shape {
    const m = lastExtent(shape, "StickBreakingTransform.forwardShape");
    return [...shape.slice(0, -1), m + 1];
  }

  inverseShape(shape: Shape): Shape {
    const K = lastExtent(shape, "StickBreakingTransform.inverseShape");
    if (K < 1)
      throw new Error(
        `StickBreakingTransform.inverseShape: a simplex needs at least 1 entry, got shape [${shape.join(", ")}]`,
      );
    return [...shape.slice(0, -1), K - 1];
  }

  private jacobianConstants(m: number): { offsets: Tensor; weights: Tensor } {
    let c = this.constants.get(m);
    if (c === undefined) {
      const w = new Float64Array(m);
      for (let k = 0; k < m; k++) w[k] = m - k; // K - 1 - k with K = m + 1
      c = { offsets: new Tensor(stickBreakingOffsets(m + 1), [m]), weights: new Tensor(w, [m]) };
      this.constants.set(m, c);
    }
    return c;
  }
}
