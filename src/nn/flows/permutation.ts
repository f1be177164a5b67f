/**
 * Permutation layers: reorder coordinates between coupling or autoregressive layers, so that
 * each coordinate is in turn conditioned on and transformed (Dinh et al. 2017; Papamakarios
 * et al. 2017 reverse the order between MADEs). Volume preserving: log|det| = 0. The order is
 * fixed when the layer is made, not learned, so the parameters are an empty tree.
 * @module
 */
import { take } from "../../autodiff/index.js";
import { type Key, permutation } from "../../random/index.js";
import { type Tensor, zeros } from "../../tensor/tensor.js";
import { type FlowLayer, type ForwardResult, type InverseResult, checkEvent, positiveInteger } from "./layer.js";
import { contextFor } from "./context.js";

/** The (empty) parameters of a {@link Permutation}. */
export type PermutationParams = Record<string, never>;

/** y_i = x_{σ(i)} for a fixed permutation σ of 0 … d-1. */
export class Permutation implements FlowLayer<PermutationParams> {
  readonly name = "Permutation";
  readonly features: number;
  readonly contextFeatures = 0;
  /** σ: output i takes input σ[i]. */
  readonly order: readonly number[];
  /** σ⁻¹. */
  readonly inverseOrder: readonly number[];

  /** @param order - a permutation of 0 … d-1 (output i takes input order[i]) */
  constructor(order: readonly number[]) {
    const d = order.length;
    positiveInteger("Permutation", "the number of features", d);
    const inverse = new Array<number>(d).fill(-1);
    order.forEach((j, i) => {
      if (!Number.isInteger(j) || j < 0 || j >= d || inverse[j] !== -1)
        throw new Error(`Permutation: order must be a permutation of 0 … ${d - 1}, got [${order.join(", ")}]`);
      inverse[j] = i;
    });
    this.features = d;
    this.order = order.slice();
    this.inverseOrder = inverse;
  }

  init(_key: Key): PermutationParams {
    return {};
  }

  forward(_params: PermutationParams, x: Tensor, context?: Tensor): ForwardResult {
    checkEvent(this.name, "x", x, this.features);
    contextFor(this.name, context, 0, []);
    return { y: take(x, this.order as number[], -1), logDet: zeros(x.shape.slice(0, -1)) };
  }

  inverse(_params: PermutationParams, y: Tensor, context?: Tensor): InverseResult {
    checkEvent(this.name, "y", y, this.features);
    contextFor(this.name, context, 0, []);
    return { x: take(y, this.inverseOrder as number[], -1), logDet: zeros(y.shape.slice(0, -1)) };
  }
}

/** The permutation reversing the order of `features` coordinates. */
export function reversePermutation(features: number): Permutation {
  const d = positiveInteger("reversePermutation", "features", features);
  return new Permutation(Array.from({ length: d }, (_, i) => d - 1 - i));
}

/** A uniformly random (but fixed, given `key`) permutation of `features` coordinates. */
export function randomPermutation(key: Key, features: number): Permutation {
  const d = positiveInteger("randomPermutation", "features", features);
  return new Permutation(Array.from(permutation(key, d)));
}
