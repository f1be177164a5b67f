/**
 * A composite flow: layers applied one after another. Its parameters are the array of the
 * layers' parameters, so a whole flow trains as one tree. log-determinants add (chain rule);
 * the inverse runs the layers' inverses in reverse order.
 * @module
 */
import { add } from "../../autodiff/index.js";
import type { Key } from "../../random/index.js";
import { split } from "../../random/index.js";
import { formatShape } from "../../tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { Tree } from "../../tensor/tree.js";
import { type FlowLayer, type ForwardResult, type InverseResult, checkEvent } from "./layer.js";

/** Parameters of a {@link Flow}: one tree per layer, in order. */
export type FlowParams = readonly Tree[];

/**
 * Layers composed first to last: `forward` = f_n ∘ … ∘ f_1. Conditional layers all receive the
 * flow's context; unconditional ones none.
 */
export class Flow implements FlowLayer<FlowParams> {
  readonly name = "Flow";
  readonly features: number;
  readonly contextFeatures: number;
  readonly layers: readonly FlowLayer[];

  constructor(layers: readonly FlowLayer[]) {
    if (!Array.isArray(layers) || layers.length === 0) throw new Error("Flow: expected at least one layer, got none");
    const d = layers[0]!.features;
    let c = 0;
    layers.forEach((l, i) => {
      if (l.features !== d)
        throw new Error(
          `Flow: layer ${i} (${l.name}) acts on ${l.features} features, layer 0 (${layers[0]!.name}) on ${d}`,
        );
      if (l.contextFeatures > 0) {
        if (c > 0 && l.contextFeatures !== c)
          throw new Error(
            `Flow: layer ${i} (${l.name}) expects a context of ${l.contextFeatures} features, an earlier layer ${c}`,
          );
        c = l.contextFeatures;
      }
    });
    this.features = d;
    this.contextFeatures = c;
    this.layers = layers.slice();
  }

  /** One parameter tree per layer, layer i from the i-th key of `split(key, layers)`. */
  init(key: Key): FlowParams {
    const keys = split(key, this.layers.length);
    return this.layers.map((l, i) => l.init(keys[i]!));
  }

  forward(params: FlowParams, x: Tensor, context?: Tensor): ForwardResult {
    this.checkParams(params);
    checkEvent(this.name, "x", x, this.features);
    let y = x;
    let logDet: Tensor | null = null;
    this.layers.forEach((l, i) => {
      const r = l.forward(params[i]!, y, this.contextOf(l, context));
      y = r.y;
      logDet = logDet === null ? r.logDet : add(logDet, r.logDet);
    });
    return { y, logDet: logDet! };
  }

  inverse(params: FlowParams, y: Tensor, context?: Tensor): InverseResult {
    this.checkParams(params);
    checkEvent(this.name, "y", y, this.features);
    let x = y;
    let logDet: Tensor | null = null;
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const l = this.layers[i]!;
      const r = l.inverse(params[i]!, x, this.contextOf(l, context));
      x = r.x;
      logDet = logDet === null ? r.logDet : add(logDet, r.logDet);
    }
    return { x, logDet: logDet! };
  }

  private contextOf(layer: FlowLayer, context: Tensor | undefined): Tensor | undefined {
    if (this.contextFeatures === 0 && context !== undefined)
      throw new Error(`Flow: the flow is unconditional but a context of shape ${formatShape(context.shape)} was given`);
    if (this.contextFeatures > 0 && context === undefined)
      throw new Error(
        `Flow: the flow is conditional and needs a context of shape [..., ${this.contextFeatures}], got none`,
      );
    return layer.contextFeatures > 0 ? context : undefined;
  }

  private checkParams(params: FlowParams): void {
    if (!Array.isArray(params) || params.length !== this.layers.length)
      throw new Error(
        `Flow: params must be an array of ${this.layers.length} layer parameter trees (from init()), got ${Array.isArray(params) ? `${params.length}` : String(params)}`,
      );
  }
}
