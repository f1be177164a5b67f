/**
 * The dense (fully connected) layer `y = x · W + b`, as a pure function of its parameters.
 * Parameters are a plain tree, so any optimiser over trees trains them.
 * @module
 */
import { Tensor, asTensor, type TensorLike, zeros } from "../tensor/tensor.js";
import { formatShape } from "../tensor/shape.js";
import { linear as affine } from "../autodiff/ops/linalg.js";
import { type Key, checkKey } from "../random/key.js";
import { type Initializer, checkInitializer, initialize } from "./init.js";

/** Parameters of a dense layer: `weight` of shape `[in, out]` and, unless disabled, `bias` of shape `[out]`. */
export type LinearParams = { readonly weight: Tensor; readonly bias?: Tensor };

/** Options of {@link initLinear}. */
export type LinearInitOptions = {
  /** Initialiser of the weight (default `"glorotUniform"`). */
  readonly init?: Initializer;
  /** Whether the layer has a bias (default true). Biases start at zero. */
  readonly bias?: boolean;
};

/** Throw unless `n` is a positive integer; `what` names it in the message. */
export function checkFeatures(n: unknown, what: string): asserts n is number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 1)
    throw new Error(`${what} must be a positive integer, got ${String(n)}`);
}

/**
 * Parameters of a dense layer from `inFeatures` to `outFeatures`. The weight is drawn from
 * `k` by the initialiser; the bias starts at zero (as in Flax and Keras), so the layer
 * initially passes on the weight's variance-preserving scaling unchanged.
 *
 * @example
 * const p = initLinear(key(0), 6, 64, { init: "heNormal" }); // { weight: [6, 64], bias: [64] }
 */
export function initLinear(
  k: Key,
  inFeatures: number,
  outFeatures: number,
  options: LinearInitOptions = {},
): LinearParams {
  checkKey(k, "initLinear");
  checkFeatures(inFeatures, "initLinear: inFeatures");
  checkFeatures(outFeatures, "initLinear: outFeatures");
  const { init = "glorotUniform", bias = true } = options;
  checkInitializer(init, "initLinear");
  const weight = initialize(k, [inFeatures, outFeatures], init);
  return bias ? { weight, bias: zeros([outFeatures]) } : { weight };
}

/** Throw unless `params` is a dense layer's parameters; returns `[in, out]`. */
function checkLinearParams(params: LinearParams): [number, number] {
  const { weight, bias } = params ?? {};
  if (!(weight instanceof Tensor) || weight.ndim !== 2)
    throw new Error(
      `Linear: weight must be a tensor of shape [in, out], got ${weight instanceof Tensor ? formatShape(weight.shape) : String(weight)}`,
    );
  const [nIn, nOut] = weight.shape as [number, number];
  if (bias !== undefined && (!(bias instanceof Tensor) || bias.ndim !== 1 || bias.shape[0] !== nOut))
    throw new Error(
      `Linear: bias must be a tensor of shape [${nOut}] to match weight ${formatShape(weight.shape)}, got ${bias instanceof Tensor ? formatShape(bias.shape) : String(bias)}`,
    );
  return [nIn, nOut];
}

/**
 * Apply a dense layer to `x` of shape `[..., in]` (any number of leading batch axes, or
 * none): the result has shape `[..., out]`. The product and the bias run in the autodiff
 * layer's fused `linear(x, W, b)` op; this function adds the parameter tree and the
 * layer-level checks. The package's top level exports it as {@link linearLayer}, since the
 * name `linear` there is that op.
 */
export function linear(params: LinearParams, x: TensorLike): Tensor {
  const [nIn] = checkLinearParams(params);
  const X = asTensor(x);
  if (X.ndim === 0 || X.shape[X.ndim - 1] !== nIn)
    throw new Error(
      `Linear: input has ${X.ndim === 0 ? "no feature axis (a scalar)" : `${X.shape[X.ndim - 1]} features`}, expected ${nIn} (input shape ${formatShape(X.shape)})`,
    );
  return affine(X, params.weight, params.bias);
}

/** {@link linear} under the name the package's top level exports it by. */
export const linearLayer = linear;
