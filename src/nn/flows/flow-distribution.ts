/**
 * FlowDistribution: the law of y = f(x) for x from a base distribution and f a flow with given
 * parameters. logProb(y) = log p_base(f⁻¹(y)) + log|det ∂f⁻¹/∂y| (one inverse pass); draws are
 * f(x) (one forward pass), pathwise differentiable in the flow parameters when those are
 * tracked tensors (inside valueAndGrad), which is what variational inference with flow
 * guides needs (Rezende & Mohamed 2015).
 * @module
 */
import { add, broadcastTo, sub } from "../../autodiff/index.js";
import { type Constraint, realVector } from "../../distributions/constraints.js";
import { Distribution, type DistributionOptions } from "../../distributions/distribution.js";
import { Independent } from "../../distributions/independent.js";
import { Normal } from "../../distributions/normal.js";
import type { Key } from "../../random/index.js";
import { type Shape, broadcastShapes, formatShape, shapesEqual } from "../../tensor/shape.js";
import { Tensor, type TensorLike, ones, zeros } from "../../tensor/tensor.js";
import type { Tree } from "../../tensor/tree.js";
import type { FlowLayer } from "./layer.js";

/** Options of {@link FlowDistribution}. */
export interface FlowDistributionOptions extends DistributionOptions {
  /** The distribution of x, with batch shape [] and event shape [d]. Default: standard Normal on R^d. */
  base?: Distribution;
  /** Context of a conditional flow, `[c]` or `[...batch, c]`; its leading axes are the batch shape. */
  context?: Tensor;
  /** Batch shape of an unconditional flow's distribution (draws along it are independent). Default []. */
  batchShape?: Shape;
}

/** The standard Normal on R^d as an Independent Normal (batch shape [], event shape [d]). */
export function standardNormalBase(features: number): Distribution {
  return Independent(Normal(zeros([features]), ones([features])), 1);
}

/** The distribution of f(x), x ~ base, for a flow f with parameters `params` (and a context). */
export class FlowDistributionImpl<P extends Tree = Tree> extends Distribution {
  readonly flow: FlowLayer<P>;
  readonly params: P;
  readonly base: Distribution;
  /** The context broadcast to `[...batchShape, c]`, or undefined for an unconditional flow. */
  readonly context: Tensor | undefined;

  constructor(flow: FlowLayer<P>, params: P, contextOrOptions: Tensor | FlowDistributionOptions = {}) {
    const options: FlowDistributionOptions =
      contextOrOptions instanceof Tensor ? { context: contextOrOptions } : contextOrOptions;
    const d = flow.features;
    const base = options.base ?? standardNormalBase(d);
    if (base.batchShape.length !== 0 || !shapesEqual(base.eventShape, [d]))
      throw new Error(
        `FlowDistribution: base must have batch shape [] and event shape [${d}], got batch ${formatShape(base.batchShape)} and event ${formatShape(base.eventShape)}`,
      );
    const context = options.context;
    let batchShape: Shape = options.batchShape ?? [];
    if (flow.contextFeatures > 0) {
      if (context === undefined)
        throw new Error(
          `FlowDistribution: the flow is conditional and needs a context of shape [..., ${flow.contextFeatures}], got none`,
        );
      if (context.ndim < 1 || context.shape[context.ndim - 1] !== flow.contextFeatures)
        throw new Error(
          `FlowDistribution: context must have shape [..., ${flow.contextFeatures}], got ${formatShape(context.shape)}`,
        );
      batchShape = broadcastShapes(context.shape.slice(0, -1), batchShape);
    } else if (context !== undefined)
      throw new Error(
        `FlowDistribution: the flow is unconditional but a context of shape ${formatShape(context.shape)} was given`,
      );
    super(batchShape, [d], options);
    this.flow = flow;
    this.params = params;
    this.base = base;
    this.context = context === undefined ? undefined : broadcastTo(context, [...batchShape, flow.contextFeatures]);
  }

  get name(): string {
    return `FlowDistribution(${this.flow.name})`;
  }

  get support(): Constraint {
    return realVector;
  }

  override get hasRsample(): boolean {
    return this.base.hasRsample;
  }

  /** log p_base(f⁻¹(y)) + log|det ∂f⁻¹/∂y|, of shape broadcast(sampleShape, batchShape). */
  logProb(value: TensorLike): Tensor {
    let y = this.checkValue(value, "logProb");
    const batch = broadcastShapes(y.shape.slice(0, -1), this.batchShape);
    if (!shapesEqual(batch, y.shape.slice(0, -1))) y = broadcastTo(y, [...batch, this.flow.features]);
    const { x, logDet } = this.flow.inverse(this.params, y, this.context);
    return add(this.base.logProb(x), logDet);
  }

  /** f(x) for x = base.rsample: pathwise in the flow parameters (and the base's). */
  override rsample(key: Key, sampleShape: Shape = []): Tensor {
    this.checkSampleShape(sampleShape);
    const x = this.base.rsample(key, [...sampleShape, ...this.batchShape]);
    return this.flow.forward(this.params, x, this.context).y;
  }

  /**
   * Reparameterised draws with their log-densities from the same forward pass:
   * log p(y) = log p_base(x) − log|det ∂y/∂x|. No inverse pass is needed, which matters for
   * IAF (Kingma et al. 2016), whose inverse costs d passes: a variational guide scores its
   * own draws this way.
   */
  rsampleAndLogProb(key: Key, sampleShape: Shape = []): { value: Tensor; logProb: Tensor } {
    this.checkSampleShape(sampleShape);
    const x = this.base.rsample(key, [...sampleShape, ...this.batchShape]);
    const { y, logDet } = this.flow.forward(this.params, x, this.context);
    return { value: y, logProb: sub(this.base.logProb(x), logDet) };
  }

  expand(batchShape: Shape): FlowDistributionImpl<P> {
    const b = this.checkExpand(batchShape);
    const context =
      this.context === undefined ? undefined : broadcastTo(this.context, [...b, this.flow.contextFeatures]);
    return new FlowDistributionImpl(this.flow, this.params, {
      base: this.base,
      batchShape: b,
      validateArgs: false,
      ...(context === undefined ? {} : { context }),
    });
  }
}

/**
 * The distribution of a flow with parameters `params` applied to a base (standard Normal by
 * default): `FlowDistribution(realNVP({ features: 2, layers: 8 }), params).logProb(y)`. The
 * third argument is a conditional flow's context, or options (base, context, batchShape).
 */
export function FlowDistribution<P extends Tree>(
  flow: FlowLayer<P>,
  params: P,
  contextOrOptions?: Tensor | FlowDistributionOptions,
): FlowDistributionImpl<P> {
  return new FlowDistributionImpl(flow, params, contextOrOptions);
}
/** The type of {@link FlowDistribution}'s result. */
export type FlowDistribution<P extends Tree = Tree> = FlowDistributionImpl<P>;
