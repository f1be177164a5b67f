/**
 * The bijection from unconstrained space onto each constraint's set: how samplers and
 * variational guides reparameterise constrained parameters.
 * @module
 */
import type { Bijector } from "../distributions/bijector.js";
import { type Constraint, greaterThan, lessThan } from "../distributions/constraints.js";
import { AffineTransform } from "./affine.js";
import { CholeskyOuterProductTransform } from "./cholesky-outer-product.js";
import { ComposeTransform } from "./compose.js";
import { CorrCholeskyTransform } from "./corr-cholesky.js";
import { ExpTransform } from "./exp.js";
import { IdentityTransform } from "./identity.js";
import { LowerCholeskyTransform } from "./lower-cholesky.js";
import { OrderedTransform } from "./ordered.js";
import { SigmoidTransform } from "./sigmoid.js";
import { StickBreakingTransform } from "./stick-breaking.js";

/**
 * A bijection from unconstrained reals onto (the interior of) the set `constraint` describes,
 * following Stan's choices:
 *
 * | constraint | transform |
 * |---|---|
 * | real, realVector | identity (event rank 0 / 1) |
 * | positive, nonnegative | exp (onto the positive reals: the boundary 0 has measure zero and is never produced) |
 * | greaterThan(lo) | exp, then x ↦ lo + x |
 * | lessThan(hi) | exp, then x ↦ hi - x |
 * | interval(lo, hi) | sigmoid, then x ↦ lo + (hi - lo) x (unitInterval: sigmoid alone) |
 * | simplex | stick-breaking |
 * | orderedVector | ordered (cumulative sum of exp increments) |
 * | lowerCholesky | lower-Cholesky (exp on the diagonal) |
 * | corrCholesky | canonical partial correlations (LKJ) |
 * | positiveDefinite | lower-Cholesky, then L ↦ L Lᵀ |
 *
 * Infinite bounds fall back to the one-sided or unconstrained case. Discrete constraints have
 * no such bijection and throw.
 */
export function bijectTo(constraint: Constraint): Bijector {
  const c = constraint;
  if (c.isDiscrete)
    throw new Error(`bijectTo: constraint ${c.toString()} is discrete; no bijection from the reals onto it exists`);
  switch (c.kind) {
    case "real":
      return new IdentityTransform(0);
    case "realVector":
      return new IdentityTransform(1);
    case "positive":
    case "nonnegative":
      return new ExpTransform();
    case "greaterThan":
      return lowerBounded(requireBound(c.lower, "lower", c), c);
    case "lessThan":
      return upperBounded(requireBound(c.upper, "upper", c), c);
    case "unitInterval":
      return new SigmoidTransform();
    case "interval":
      return bounded(requireBound(c.lower, "lower", c), requireBound(c.upper, "upper", c), c);
    case "simplex":
      return new StickBreakingTransform();
    case "orderedVector":
      return new OrderedTransform();
    case "lowerCholesky":
      return new LowerCholeskyTransform();
    case "corrCholesky":
      return new CorrCholeskyTransform();
    case "positiveDefinite":
      return new ComposeTransform([new LowerCholeskyTransform(), new CholeskyOuterProductTransform()]);
    default:
      throw new Error(`bijectTo: no transform for constraint ${c.toString()} (kind "${c.kind}")`);
  }
}

function requireBound(v: number | undefined, which: string, c: Constraint): number {
  if (v === undefined || Number.isNaN(v))
    throw new Error(`bijectTo: constraint ${c.toString()} has no ${which} bound (got ${String(v)})`);
  return v;
}

/** Stan's lower-bound transform y = lo + exp(x). */
function lowerBounded(lo: number, c: Constraint): Bijector {
  if (lo === -Infinity) return new IdentityTransform(0);
  if (lo === Infinity) throw new Error(`bijectTo: constraint ${c.toString()} is empty (lower bound +Infinity)`);
  return new ComposeTransform([new ExpTransform(), new AffineTransform(lo, 1)], { codomain: c });
}

/** Stan's upper-bound transform y = hi - exp(x). */
function upperBounded(hi: number, c: Constraint): Bijector {
  if (hi === Infinity) return new IdentityTransform(0);
  if (hi === -Infinity) throw new Error(`bijectTo: constraint ${c.toString()} is empty (upper bound -Infinity)`);
  return new ComposeTransform([new ExpTransform(), new AffineTransform(hi, -1)], { codomain: c });
}

/** Stan's lower- and upper-bounded transform y = lo + (hi - lo) sigmoid(x). */
function bounded(lo: number, hi: number, c: Constraint): Bijector {
  if (lo === -Infinity && hi === Infinity) return new IdentityTransform(0);
  if (lo === -Infinity) return upperBounded(hi, lessThan(hi));
  if (hi === Infinity) return lowerBounded(lo, greaterThan(lo));
  if (!(lo < hi)) throw new Error(`bijectTo: constraint ${c.toString()} needs lower < upper, got ${lo} and ${hi}`);
  if (lo === 0 && hi === 1) return new SigmoidTransform();
  return new ComposeTransform([new SigmoidTransform(), new AffineTransform(lo, hi - lo)], { codomain: c });
}
