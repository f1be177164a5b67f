/**
 * The Distribution base class: batch and event shapes, support, log-density, sampling with
 * explicit keys, moments, and the shape checks every log-density shares.
 *
 * Shapes follow NumPyro and PyTorch: a draw has shape `sampleShape + batchShape + eventShape`;
 * `logProb` of a value of shape `s + eventShape` has shape `broadcast(s, batchShape)`.
 *
 * Support: `logProb` of a value outside the support is `-Infinity` (with a zero gradient),
 * not an error, as in NumPyro with validation off: samplers and guides may propose such
 * values and must be able to reject them. Shape mismatches are always errors, and with
 * validation on (the default) a NaN value is an error rather than a silent NaN result.
 * @module
 */
import { sqrt } from "../autodiff/ops/unary.js";
import { Tape, withTape } from "../autodiff/tape.js";
import type { Key } from "../random/index.js";
import { broadcastShapes, checkShape, formatShape, type Shape } from "../tensor/shape.js";
import { type TensorLike, Tensor, asTensor } from "../tensor/tensor.js";
import type { Constraint } from "./constraints.js";
import { checkNotNaN } from "./validation.js";

let validateByDefault = true;

/**
 * Set whether distributions built without an explicit `validateArgs` validate their
 * arguments (on at start), returning the previous setting so a caller can restore it; the
 * counterpart of NumPyro's `enable_validation`. Samplers may turn it off while they explore:
 * a transformed parameter that overflows (a scale of e^800 = Infinity) is then a -Infinity
 * or NaN log-density the sampler rejects, as Stan rejects a proposal on a domain error,
 * rather than an exception.
 */
export function enableValidation(enabled = true): boolean {
  const previous = validateByDefault;
  validateByDefault = enabled;
  return previous;
}

/** Whether `options` ask for validation, falling back to the {@link enableValidation} setting. */
export function validationRequested(options: DistributionOptions | undefined): boolean {
  return options?.validateArgs ?? validateByDefault;
}

/** Options every distribution constructor accepts. */
export interface DistributionOptions {
  /**
   * Check parameters against their constraints at construction, and values for NaN in
   * logProb/cdf. Default: on, unless turned off globally with {@link enableValidation}.
   */
  validateArgs?: boolean;
}

/** A probability distribution over tensors of shape `batchShape + eventShape`. */
export abstract class Distribution {
  /** Shape of independent, non-identically distributed draws (from parameter broadcasting). */
  readonly batchShape: Shape;
  /** Shape of one event: `[]` for scalar distributions, `[d]` for vectors. */
  readonly eventShape: Shape;
  /** Whether arguments are validated (see {@link DistributionOptions}). */
  readonly validateArgs: boolean;

  protected constructor(batchShape: Shape, eventShape: Shape, options: DistributionOptions | undefined) {
    this.batchShape = batchShape;
    this.eventShape = eventShape;
    this.validateArgs = validationRequested(options);
  }

  /** Name used in error messages ("Normal"). */
  abstract get name(): string;

  /** The set values lie in. */
  abstract get support(): Constraint;

  /** True when {@link rsample} gives draws differentiable with respect to the parameters. */
  get hasRsample(): boolean {
    return false;
  }

  /** True for distributions over a finite set whose members {@link enumerateSupport} lists. */
  get hasEnumerateSupport(): boolean {
    return false;
  }

  /**
   * Log-density (or log-mass) at `value`, of shape `broadcast(sampleShape, batchShape)` for
   * a value of shape `sampleShape + eventShape`. Differentiable with respect to the
   * parameters and, for continuous distributions, the value. `-Infinity` outside the support.
   */
  abstract logProb(value: TensorLike): Tensor;

  /** Draws of shape `sampleShape + batchShape + eventShape`, carrying no gradient. */
  sample(key: Key, sampleShape: Shape = []): Tensor {
    if (!this.hasRsample) throw new Error(`${this.name}: sampling is not available for this distribution`);
    // Run rsample on a throwaway tape that nothing reads back, and return plain values.
    const r = withTape(new Tape(), () => this.rsample(key, sampleShape));
    return r.node === null ? r : new Tensor(r.data, r.shape);
  }

  /**
   * Reparameterised draws: like {@link sample}, but differentiable with respect to the
   * parameters (pathwise gradients). Throws for distributions that are not reparameterisable.
   */
  rsample(key: Key, sampleShape: Shape = []): Tensor {
    void key;
    void sampleShape;
    throw new Error(
      `${this.name}: rsample is not available: the distribution is not reparameterisable; use sample() with a score-function estimator`,
    );
  }

  /** The mean, of shape `batchShape + eventShape`. */
  get mean(): Tensor {
    throw new Error(`${this.name}: the mean is not available for this distribution`);
  }

  /** The variance (elementwise), of shape `batchShape + eventShape`. */
  get variance(): Tensor {
    throw new Error(`${this.name}: the variance is not available for this distribution`);
  }

  /** The standard deviation, sqrt(variance). */
  get stddev(): Tensor {
    return sqrt(this.variance);
  }

  /** Cumulative distribution function P(X <= value). */
  cdf(value: TensorLike): Tensor {
    void value;
    throw new Error(`${this.name}: the cdf is not available for this distribution`);
  }

  /** Inverse of the cdf (quantile function) at probabilities `q` in [0, 1]. */
  icdf(q: TensorLike): Tensor {
    void q;
    throw new Error(`${this.name}: the icdf is not available for this distribution`);
  }

  /** Differential (or Shannon) entropy, of shape `batchShape`. */
  entropy(): Tensor {
    throw new Error(`${this.name}: entropy is not available in closed form`);
  }

  /**
   * The values of the (finite) support, of shape `[n] + batchShape` when `expand`, else
   * `[n] + [1] * batchShape.length` (ready to broadcast against the batch).
   */
  enumerateSupport(expand = true): Tensor {
    void expand;
    throw new Error(`${this.name}: the support cannot be enumerated`);
  }

  /**
   * The same distribution with its parameters broadcast to `batchShape` (which must be a
   * broadcast of the current batch shape). Draws along new axes are independent.
   */
  abstract expand(batchShape: Shape): Distribution;

  /** `sampleShape + batchShape + eventShape`. */
  shape(sampleShape: Shape = []): number[] {
    return [...sampleShape, ...this.batchShape, ...this.eventShape];
  }

  /** Check a target batch shape for {@link expand}. */
  protected checkExpand(batchShape: Shape): number[] {
    checkShape(batchShape, `${this.name}.expand: batchShape`);
    let b: number[];
    try {
      b = broadcastShapes(this.batchShape, batchShape);
    } catch {
      b = [];
    }
    if (b.length !== batchShape.length || b.some((d, i) => d !== batchShape[i]))
      throw new Error(
        `${this.name}.expand: cannot expand batch shape ${formatShape(this.batchShape)} to ${formatShape(batchShape)}`,
      );
    return batchShape.slice();
  }

  /** Check a sample shape given by a user. */
  protected checkSampleShape(sampleShape: Shape): void {
    checkShape(sampleShape, `${this.name}: sampleShape`);
  }

  /**
   * Convert a value for `method` and check its shape: it must end in `eventShape`, and its
   * leading axes must broadcast with `batchShape`. With validation on, a NaN is an error.
   */
  protected checkValue(value: TensorLike, method: string): Tensor {
    const v = asTensor(value);
    const ed = this.eventShape.length;
    const nd = v.ndim;
    if (ed > 0) {
      let ok = nd >= ed;
      for (let i = 0; ok && i < ed; i++) if (v.shape[nd - ed + i] !== this.eventShape[i]) ok = false;
      if (!ok)
        throw new Error(
          `${this.name}.${method}: value of shape ${formatShape(v.shape)} does not end in the event shape ${formatShape(this.eventShape)}`,
        );
    }
    if (!isBroadcastable(v.shape, nd - ed, this.batchShape))
      throw new Error(
        `${this.name}.${method}: value of shape ${formatShape(v.shape)} does not broadcast with batch shape ${formatShape(this.batchShape)}` +
          (ed > 0 ? ` and event shape ${formatShape(this.eventShape)}` : ""),
      );
    if (this.validateArgs) checkNotNaN(this.name, `${method} value`, v);
    return v;
  }
}

/** Whether the first `n` axes of `a` broadcast with `b`, without allocating. */
function isBroadcastable(a: Shape, n: number, b: Shape): boolean {
  for (let i = 1; i <= Math.min(n, b.length); i++) {
    const x = a[n - i]!;
    const y = b[b.length - i]!;
    if (x !== y && x !== 1 && y !== 1) return false;
  }
  return true;
}
