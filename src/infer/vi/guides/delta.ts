/**
 * The point mass: the guide distribution of MAP estimation (AutoDelta).
 * @module
 */
import { add, broadcastTo } from "../../../autodiff/index.js";
import { type Constraint, independent, real } from "../../../distributions/constraints.js";
import { Distribution } from "../../../distributions/distribution.js";
import type { Key } from "../../../random/index.js";
import { type Shape, sizeOf } from "../../../tensor/shape.js";
import { type TensorLike, Tensor, asTensor } from "../../../tensor/tensor.js";

/**
 * Delta(v, logDensity): all mass at `v`, whose last `eventDim` axes form one event. `logProb`
 * is `logDensity` at v and −∞ elsewhere; `logDensity` (default 0) lets a guide put a
 * log-Jacobian into the ELBO without a random variable (as NumPyro's `Delta(v, log_density)`).
 * Draws are v itself, so they are differentiable in v (pathwise).
 */
export class DeltaDistribution extends Distribution {
  readonly v: Tensor;
  readonly logDensity: Tensor;

  constructor(v: TensorLike, logDensity: TensorLike = 0, eventDim = 0) {
    const value = asTensor(v);
    if (!Number.isInteger(eventDim) || eventDim < 0 || eventDim > value.ndim)
      throw new Error(`Delta: eventDim must be an integer in [0, ${value.ndim}], got ${eventDim}`);
    const cut = value.ndim - eventDim;
    super(value.shape.slice(0, cut), value.shape.slice(cut), { validateArgs: false });
    this.v = value;
    this.logDensity = asTensor(logDensity);
  }

  get name(): string {
    return "Delta";
  }

  get support(): Constraint {
    return independent(real, this.eventShape.length);
  }

  override get hasRsample(): boolean {
    return true;
  }

  override rsample(_key: Key, sampleShape: Shape = []): Tensor {
    this.checkSampleShape(sampleShape);
    return sampleShape.length === 0 ? this.v : broadcastTo(this.v, this.shape(sampleShape));
  }

  /** logDensity where the whole event equals v, −∞ elsewhere (the −∞ carries no gradient). */
  logProb(value: TensorLike): Tensor {
    const x = this.checkValue(value, "logProb");
    const eventSize = sizeOf(this.eventShape);
    const outShape = x.shape.slice(0, x.ndim - this.eventShape.length);
    const v = broadcastTo(this.v, x.shape);
    const miss = new Float64Array(sizeOf(outShape));
    for (let i = 0; i < miss.length; i++) {
      for (let j = 0; j < eventSize; j++) {
        if (x.data[i * eventSize + j] !== v.data[i * eventSize + j]) {
          miss[i] = -Infinity;
          break;
        }
      }
    }
    return add(broadcastTo(this.logDensity, outShape), new Tensor(miss, outShape));
  }

  override get mean(): Tensor {
    return this.v;
  }

  override get variance(): Tensor {
    return new Tensor(new Float64Array(this.v.size), this.v.shape);
  }

  expand(batchShape: Shape): DeltaDistribution {
    const b = this.checkExpand(batchShape);
    return new DeltaDistribution(
      broadcastTo(this.v, [...b, ...this.eventShape]),
      this.logDensity,
      this.eventShape.length,
    );
  }
}

/** A point mass at `v` (see {@link DeltaDistribution}). */
export function Delta(v: TensorLike, logDensity: TensorLike = 0, eventDim = 0): DeltaDistribution {
  return new DeltaDistribution(v, logDensity, eventDim);
}
