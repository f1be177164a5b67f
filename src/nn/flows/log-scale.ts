/**
 * Bounding the log-scale of affine flow layers.
 *
 * An unbounded log-scale lets one step of training push exp(s) to overflow, and lets a
 * poorly conditioned layer stretch space by e^50; both show up as NaN losses. RealNVP (Dinh
 * et al. 2017, section 3.7) multiplied a tanh by a learned scale for the same reason; here
 * the "soft clamp" s = B · tanh(raw / B) is used (as in Glow implementations and Ardizzone et
 * al. 2019's invertible networks): it is the identity near 0 (so small raw outputs pass
 * unchanged), smooth, and confined to (-B, B).
 * @module
 */
import { scale, tanh } from "../../autodiff/index.js";
import type { Tensor } from "../../tensor/tensor.js";

/** The default bound B of {@link softClamp}: one layer scales by at most e^3 ≈ 20. */
export const DEFAULT_LOG_SCALE_BOUND = 3;

/** B · tanh(raw / B), elementwise; `bound` = Infinity leaves `raw` unchanged. */
export function softClamp(raw: Tensor, bound: number): Tensor {
  if (bound === Infinity) return raw;
  return scale(tanh(scale(raw, 1 / bound)), bound);
}

/** Throw unless `bound` is positive (Infinity allowed: no bound); returns it. */
export function checkLogScaleBound(who: string, bound: unknown): number {
  if (typeof bound !== "number" || !(bound > 0))
    throw new Error(`${who}: logScaleBound must be a positive number (or Infinity), got ${String(bound)}`);
  return bound;
}
