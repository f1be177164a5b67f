/**
 * AdamW: Adam with decoupled weight decay (Loshchilov & Hutter 2019).
 * @module
 */
import { type AdamOptions, type AdamState, adamFamily } from "./adam.js";
import type { Optimizer } from "./optimizer.js";

/**
 * AdamW (Loshchilov & Hutter 2019): Adam whose weight decay shrinks the weights directly,
 * `p ← p − lr·(m̂/(√v̂ + eps) + weightDecay·p)`, instead of entering the gradient. With L2
 * in Adam the decay is divided by √v̂, so weights with large gradients are barely regularised;
 * decoupling restores the intended uniform shrinkage. The decay is scaled by the learning rate
 * (and so follows its schedule), as in PyTorch and optax. Default `weightDecay` 0.01.
 *
 * @example
 * const opt = adamW({ learningRate: 1e-3, weightDecay: 0.05 });
 */
export function adamW(options: AdamOptions): Optimizer<AdamState> {
  return adamFamily("AdamW", options, "decoupled", 0.01);
}
