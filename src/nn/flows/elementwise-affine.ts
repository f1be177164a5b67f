/**
 * A fixed elementwise affine layer, y = loc + scale · x, and the layer that standardises a
 * data set. Put last in a flow (the data side), it lets the learnable layers work on data of
 * zero mean and unit variance, where their identity initialisation (a standard Normal) is
 * already close and a tanh conditioner is in its useful range, while densities stay in the
 * data's own units: the layer's log|det| = Σ log scale accounts for the change of scale
 * exactly. Fitting a flow to standardised data is common practice (Papamakarios et al. 2017,
 * section 4, standardise every data set); this layer keeps it inside the model.
 * @module
 */
import { add, div, mul, sub } from "../../autodiff/index.js";
import type { Key } from "../../random/index.js";
import { formatShape } from "../../tensor/shape.js";
import { Tensor, full } from "../../tensor/tensor.js";
import { type FlowLayer, type ForwardResult, type InverseResult, checkEvent, positiveInteger } from "./layer.js";
import { contextFor } from "./context.js";

/** The (empty) parameters of an {@link ElementwiseAffine} layer: it is not learned. */
export type ElementwiseAffineParams = Record<string, never>;

/** y = loc + scale · x elementwise, with fixed loc and scale of shape [d] (scale > 0). */
export class ElementwiseAffine implements FlowLayer<ElementwiseAffineParams> {
  readonly name = "ElementwiseAffine";
  readonly features: number;
  readonly contextFeatures = 0;
  readonly loc: Tensor;
  readonly scale: Tensor;
  private readonly logScaleSum: number;

  constructor(loc: readonly number[], scale: readonly number[]) {
    this.features = positiveInteger("ElementwiseAffine", "the number of features", loc.length);
    if (scale.length !== loc.length)
      throw new Error(`ElementwiseAffine: loc has ${loc.length} entries but scale has ${scale.length}`);
    loc.forEach((v, i) => {
      if (!Number.isFinite(v)) throw new Error(`ElementwiseAffine: loc must be finite, got ${v} at index ${i}`);
    });
    scale.forEach((v, i) => {
      if (!(v > 0 && v < Infinity))
        throw new Error(`ElementwiseAffine: scale must be positive and finite, got ${v} at index ${i}`);
    });
    this.loc = new Tensor(Float64Array.from(loc), [loc.length]);
    this.scale = new Tensor(Float64Array.from(scale), [scale.length]);
    this.logScaleSum = scale.reduce((s, v) => s + Math.log(v), 0);
  }

  init(_key: Key): ElementwiseAffineParams {
    return {};
  }

  forward(_params: ElementwiseAffineParams, x: Tensor, context?: Tensor): ForwardResult {
    checkEvent(this.name, "x", x, this.features);
    contextFor(this.name, context, 0, []);
    return { y: add(this.loc, mul(this.scale, x)), logDet: full(x.shape.slice(0, -1), this.logScaleSum) };
  }

  inverse(_params: ElementwiseAffineParams, y: Tensor, context?: Tensor): InverseResult {
    checkEvent(this.name, "y", y, this.features);
    contextFor(this.name, context, 0, []);
    return { x: div(sub(y, this.loc), this.scale), logDet: full(y.shape.slice(0, -1), -this.logScaleSum) };
  }
}

/**
 * The layer mapping standardised values to `data`'s units: loc = the column means, scale =
 * the column standard deviations (population, ddof 0) of `data` ([n, d]). Append it to a
 * flow's layers. Throws when a column is constant.
 */
export function standardization(data: Tensor): ElementwiseAffine {
  if (data.ndim !== 2 || data.shape[0]! < 2)
    throw new Error(`standardization: data must have shape [n, d] with n >= 2, got ${formatShape(data.shape)}`);
  const [n, d] = data.shape as [number, number];
  const loc = new Array<number>(d).fill(0);
  const sq = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) loc[j]! += data.data[i * d + j]! / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sq[j]! += (data.data[i * d + j]! - loc[j]!) ** 2 / n;
  const scale = sq.map(Math.sqrt);
  scale.forEach((s, j) => {
    if (!(s > 0)) throw new Error(`standardization: column ${j} of data is constant (standard deviation ${s})`);
  });
  return new ElementwiseAffine(loc, scale);
}
