/**
 * The message every primitive (sample, param, deterministic, factor) sends through the stack
 * of effect handlers, as in Pyro/NumPyro: handlers read and rewrite it on the way down
 * (`process`) and observe the result on the way up (`postprocess`).
 * @module
 */
import type { Distribution } from "../distributions/distribution.js";
import type { Constraint } from "../distributions/constraints.js";
import type { Key } from "../random/index.js";
import type { Tensor } from "../tensor/tensor.js";

/** A plate a site sits in: `size` independent copies along axis `dim` (negative, from the right). */
export interface PlateFrame {
  readonly name: string;
  readonly size: number;
  /** Size of the subsample actually drawn (equal to `size` without subsampling). */
  readonly subsampleSize: number;
  /** Batch axis of the plate, counted from the right of the batch shape (−1 = innermost). */
  readonly dim: number;
}

export type SiteType = "sample" | "param" | "deterministic" | "factor";

export interface Message {
  readonly type: SiteType;
  readonly name: string;
  /** The distribution of a sample site (null for other site types). */
  fn: Distribution | null;
  /** The site's value; null until a handler or the default behaviour provides it. */
  value: Tensor | null;
  /** True when the value is data (observed), not a latent variable. */
  isObserved: boolean;
  /** Multiplier of the site's log-density (plates with subsampling, `scale` handler). */
  scale: number;
  /** Elementwise mask of the log-density (1 keeps, 0 drops), or null for none. */
  mask: Tensor | null;
  /** The plates the site sits in, innermost last. */
  plates: PlateFrame[];
  /** Key for drawing the value, provided by the `seed` handler. */
  key: Key | null;
  /** For param sites: the constraint of the parameter's value. */
  constraint: Constraint | null;
  /** Set by `block`: handlers further out do not see this message. */
  stop: boolean;
}

/** A trace: the messages of one run of a model, by site name in execution order. */
export type Trace = Map<string, Message>;
