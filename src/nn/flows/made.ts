/**
 * MADE: the masked autoencoder for distribution estimation (Germain et al. 2015, "MADE: Masked
 * Autoencoder for Distribution Estimation", ICML). A feed-forward network whose weight
 * matrices are multiplied by fixed binary masks so that output i depends only on inputs that
 * come before i in a chosen order: one pass computes every conditional of an autoregressive
 * model, which is what MAF and IAF need (./autoregressive.ts).
 *
 * Degrees (Germain et al., section 4): input k has degree m(k) ∈ {1 … d} (its position in the
 * order), each hidden unit a degree in {1 … d-1}; a hidden unit sees the inputs of degree ≤
 * its own (mask m(h) ≥ m(in)), and output k sees the hidden units of degree < m(k) (strict:
 * mask m(out) > m(h)), so output k depends only on inputs of degree < m(k). Hidden degrees are
 * assigned cyclically (unit j of a layer gets (j mod (d-1)) + 1), the deterministic choice
 * that spreads units evenly over the degrees.
 *
 * Context (a conditional MADE, as in Papamakarios et al. 2017, section 3.4): the context
 * enters the first hidden layer through an unmasked weight matrix; it may affect every output
 * without breaking the autoregressive property, which concerns the inputs only. But an output
 * of degree 1 sees only hidden units of degree 0, and with hidden degrees in 1 … d-1 there
 * are none: the first coordinate's shift and scale would be constants, blind to the context.
 * So a conditional MADE (and any MADE with d = 1) cycles its hidden degrees over 0 … d-1
 * instead; units of degree 0 read the context alone.
 * @module
 */
import { add, matmul, mul, reshape } from "../../autodiff/index.js";
import type { Key } from "../../random/index.js";
import { split } from "../../random/index.js";
import { Tensor, zeros } from "../../tensor/tensor.js";
import { type Activation, activationFunction } from "../activations.js";
import { initialize } from "../init.js";
import { contextFor } from "./context.js";
import { checkEvent, nonNegativeInteger, positiveInteger } from "./layer.js";

/** Weight and bias of one masked dense layer: y = x · (W ⊙ M) + b, W of shape [in, out]. */
export type MaskedLinearParams = { readonly weight: Tensor; readonly bias: Tensor };

/** Parameters of a {@link MADE}: its dense layers and, when conditional, the context weight. */
export type MADEParams = {
  readonly layers: readonly MaskedLinearParams[];
  /** [contextFeatures, hidden[0]]: the unmasked context-to-first-hidden-layer connection. */
  readonly contextWeight?: Tensor;
};

/** The shape of a {@link MADE}. */
export interface MADEConfig {
  /** Number of inputs d (and outputs per parameter). */
  features: number;
  /** Width of each hidden layer (at least one layer). */
  hidden: readonly number[];
  /** How many outputs per input coordinate (2 for an affine layer: shift and log-scale). Default 1. */
  outputsPerFeature?: number;
  /** Context size c (0, the default: unconditional). */
  contextFeatures?: number;
  /** Hidden activation. Default "tanh" (smooth, so densities and their gradients are too). */
  activation?: Activation;
  /**
   * Input degrees: a permutation of 1 … d giving each input's position in the autoregressive
   * order. Default: the natural order 1, 2, …, d.
   */
  inputDegrees?: readonly number[];
}

/** The degrees of the inputs and of each hidden layer. */
export interface MADEDegrees {
  readonly input: readonly number[];
  readonly hidden: readonly (readonly number[])[];
}

/**
 * Degrees of the inputs (given, or 1 … d) and of the hidden units: cyclic over 1 … d-1, or
 * over 0 … d-1 for a `conditional` MADE or d = 1 (see the module comment).
 */
export function madeDegrees(
  features: number,
  hidden: readonly number[],
  inputDegrees?: readonly number[],
  conditional = false,
): MADEDegrees {
  const d = positiveInteger("madeDegrees", "features", features);
  const input = inputDegrees === undefined ? Array.from({ length: d }, (_, i) => i + 1) : inputDegrees.slice();
  const sorted = input.slice().sort((a, b) => a - b);
  if (input.length !== d || sorted.some((m, i) => m !== i + 1))
    throw new Error(`MADE: inputDegrees must be a permutation of 1 … ${d}, got [${input.join(", ")}]`);
  if (hidden.length === 0) throw new Error("MADE: hidden must list at least one hidden layer width, got []");
  const lowest = conditional || d === 1 ? 0 : 1;
  const layers = hidden.map((h, l) => {
    positiveInteger("MADE", `hidden[${l}]`, h);
    return Array.from({ length: h }, (_, j) => lowest + (j % (d - lowest)));
  });
  return { input, hidden: layers };
}

/** The [in, out] mask letting unit j (degree to[j]) see unit i (degree from[i]): to ≥ from, or > when `strict`. */
export function degreeMask(from: readonly number[], to: readonly number[], strict: boolean): Tensor {
  const m = new Float64Array(from.length * to.length);
  for (let i = 0; i < from.length; i++)
    for (let j = 0; j < to.length; j++)
      m[i * to.length + j] = (strict ? to[j]! > from[i]! : to[j]! >= from[i]!) ? 1 : 0;
  return new Tensor(m, [from.length, to.length]);
}

/**
 * The masks of every layer: input → hidden → … → hidden (non-strict), hidden → output (strict).
 * The outputs are `outputsPerFeature` blocks of d, block b's unit k having input k's degree.
 */
export function madeMasks(degrees: MADEDegrees, outputsPerFeature: number): Tensor[] {
  const outDegrees: number[] = [];
  for (let b = 0; b < outputsPerFeature; b++) outDegrees.push(...degrees.input);
  const units = [degrees.input, ...degrees.hidden];
  const masks = degrees.hidden.map((h, l) => degreeMask(units[l]!, h, false));
  masks.push(degreeMask(degrees.hidden[degrees.hidden.length - 1]!, outDegrees, true));
  return masks;
}

/**
 * A MADE network as a pure function of its parameters: `apply(params, x, context?)` maps
 * inputs `[..., d]` to outputs `[..., outputsPerFeature, d]` where output `[b, k]` depends on
 * the inputs of lower degree than input k only (and on the context).
 */
export class MADE {
  readonly features: number;
  readonly hidden: readonly number[];
  readonly outputsPerFeature: number;
  readonly contextFeatures: number;
  readonly activation: Activation;
  private readonly activate: (x: Tensor) => Tensor;
  readonly degrees: MADEDegrees;
  /** Fixed masks, one per layer, of the weights' shapes. */
  readonly masks: readonly Tensor[];

  constructor(config: MADEConfig) {
    this.features = positiveInteger("MADE", "features", config.features);
    this.hidden = config.hidden.slice();
    this.outputsPerFeature = positiveInteger("MADE", "outputsPerFeature", config.outputsPerFeature ?? 1);
    this.contextFeatures = nonNegativeInteger("MADE", "contextFeatures", config.contextFeatures ?? 0);
    this.activation = config.activation ?? "tanh";
    this.activate = activationFunction(this.activation, "MADE: activation");
    this.degrees = madeDegrees(this.features, this.hidden, config.inputDegrees, this.contextFeatures > 0);
    this.masks = madeMasks(this.degrees, this.outputsPerFeature);
  }

  /**
   * Glorot-uniform weights (Glorot & Bengio 2010) and zero biases; the fans are those of the
   * unmasked matrices. With `finalScale` the last layer's weights are multiplied by it (0 makes
   * every output start at its bias: a flow layer that starts as the identity).
   */
  init(key: Key, finalScale = 1): MADEParams {
    const keys = split(key, this.masks.length + 1);
    const layers = this.masks.map((m, l) => {
      let weight = initialize(keys[l]!, m.shape, "glorotUniform");
      if (l === this.masks.length - 1 && finalScale !== 1)
        weight = new Tensor(
          weight.data.map((w) => w * finalScale),
          weight.shape,
        );
      return { weight, bias: zeros([m.shape[1]!]) };
    });
    if (this.contextFeatures === 0) return { layers };
    const contextWeight = initialize(
      keys[this.masks.length]!,
      [this.contextFeatures, this.hidden[0]!],
      "glorotUniform",
    );
    return { layers, contextWeight };
  }

  /** Outputs `[..., outputsPerFeature, d]` for inputs `[..., d]` (and context `[c]` or `[..., c]`). */
  apply(params: MADEParams, x: Tensor, context?: Tensor): Tensor {
    checkEvent("MADE", "x", x, this.features);
    this.checkParams(params);
    const batch = x.shape.slice(0, -1);
    const n = batch.reduce((a, b) => a * b, 1);
    const c = contextFor("MADE", context, this.contextFeatures, batch);
    let h = reshape(x, [n, this.features]);
    const last = this.masks.length - 1;
    for (let l = 0; l <= last; l++) {
      const { weight, bias } = params.layers[l]!;
      let pre = add(matmul(h, mul(weight, this.masks[l]!)), bias);
      if (l === 0 && c !== null) pre = add(pre, matmul(reshape(c, [n, this.contextFeatures]), params.contextWeight!));
      h = l === last ? pre : this.activate(pre);
    }
    return reshape(h, [...batch, this.outputsPerFeature, this.features]);
  }

  private checkParams(params: MADEParams): void {
    if (params === null || typeof params !== "object" || !Array.isArray(params.layers))
      throw new Error("MADE: params must be { layers, contextWeight? } as made by init()");
    if (params.layers.length !== this.masks.length)
      throw new Error(`MADE: params.layers has ${params.layers.length} layers, the network has ${this.masks.length}`);
    if (this.contextFeatures > 0 && params.contextWeight === undefined)
      throw new Error("MADE: the network is conditional but params.contextWeight is missing");
  }
}
