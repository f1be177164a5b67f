/**
 * The variational family GVI optimises over: a map from a tree of unconstrained parameters φ
 * to a distribution q_φ over θ. Anything with `rsample` and `logProb` fits (a normalising
 * flow later implements the same three members), so GVI never looks inside the family.
 * @module
 */
import type { Distribution } from "../../distributions/distribution.js";
import type { Key } from "../../random/index.js";
import type { Shape } from "../../tensor/shape.js";
import type { Tree } from "../../tensor/tree.js";

/**
 * A learnable family of distributions q_φ over parameters θ of a fixed shape.
 *
 * The parameters φ are unconstrained (every real value is valid), so a gradient step can
 * never leave the family: a scale is stored as its log, a Cholesky factor as its packed
 * unconstrained vector.
 */
export interface VariationalFamily<P extends Tree = Tree> {
  /** Name used in error messages ("diagonal Normal"). */
  readonly name: string;
  /** The shape of one draw θ (the distribution's `batchShape + eventShape`). */
  readonly shape: Shape;
  /** Initial parameters φ₀; `key` is for families initialised at random (flows). */
  init(key: Key): P;
  /**
   * q_φ. Its `rsample` must be differentiable in φ for pathwise gradients, its `logProb`
   * differentiable in φ for score-function gradients; a draw must have shape {@link shape}.
   */
  distribution(params: P): Distribution;
}
