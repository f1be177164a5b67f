/**
 * The flow-layer interface: a learnable bijection written as pure functions of a parameter
 * tree, so any optimiser in optim/ can train it and any number of parameter values can share
 * one layer description.
 *
 * Direction convention (as in nflows and Pyro's TransformedDistribution): `forward` maps the
 * base side x (noise) to the data side y, and is the sampling direction; `inverse` maps data
 * to noise, and is the density direction. Both report the log-determinant of their own
 * Jacobian, so `forward(p, x).logDet = -inverse(p, forward(p, x).y).logDet`.
 * @module
 */
import type { Key } from "../../random/index.js";
import { formatShape } from "../../tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { Tree } from "../../tensor/tree.js";

/** The result of a forward pass: y and log|det ∂y/∂x|, of x's batch shape. */
export interface ForwardResult {
  readonly y: Tensor;
  readonly logDet: Tensor;
}

/** The result of an inverse pass: x and log|det ∂x/∂y|, of y's batch shape. */
export interface InverseResult {
  readonly x: Tensor;
  readonly logDet: Tensor;
}

/**
 * One learnable bijection of R^d (optionally conditioned on a context vector in R^c), acting
 * on batches: x of shape `[..., d]`, log-determinants of shape `[...]`, context of shape
 * `[c]` (shared) or `[..., c]` (one per batch element).
 */
export interface FlowLayer<P extends Tree = Tree> {
  /** Name used in error messages ("AffineCoupling"). */
  readonly name: string;
  /** Event size d. */
  readonly features: number;
  /** Context size c (0 for an unconditional layer). */
  readonly contextFeatures: number;
  /** Fresh parameters. */
  init(key: Key): P;
  /** y = f(x) and log|det ∂y/∂x|: the sampling direction. */
  forward(params: P, x: Tensor, context?: Tensor): ForwardResult;
  /** x = f⁻¹(y) and log|det ∂x/∂y|: the density direction. */
  inverse(params: P, y: Tensor, context?: Tensor): InverseResult;
}

/** Throw unless `x` has shape `[..., features]`. */
export function checkEvent(who: string, what: string, x: Tensor, features: number): void {
  if (x.ndim < 1 || x.shape[x.ndim - 1] !== features)
    throw new Error(`${who}: ${what} must have shape [..., ${features}], got ${formatShape(x.shape)}`);
}

/** Throw unless `n` is a positive integer; returns it. */
export function positiveInteger(who: string, what: string, n: unknown): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1)
    throw new Error(`${who}: ${what} must be a positive integer, got ${String(n)}`);
  return n;
}

/** Throw unless `n` is a non-negative integer; returns it. */
export function nonNegativeInteger(who: string, what: string, n: unknown): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0)
    throw new Error(`${who}: ${what} must be a non-negative integer, got ${String(n)}`);
  return n;
}
