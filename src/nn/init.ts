/**
 * Weight initialisers: the standard variance-scaling schemes, each a pure function of a key
 * and a shape.
 *
 * All of them draw with variance `scale / fan`, and differ only in the fan and the scale:
 * - Glorot (Xavier) — Glorot & Bengio (2010), "Understanding the difficulty of training deep
 *   feedforward neural networks": variance `2 / (fanIn + fanOut)`, which keeps both the forward
 *   activations and the backward gradients at roughly constant variance through tanh layers.
 * - He (Kaiming) — He et al. (2015), "Delving deep into rectifiers": variance `2 / fanIn`,
 *   since a ReLU zeroes half of its input and so halves the variance it passes on.
 * - LeCun — LeCun et al. (1998), "Efficient BackProp": variance `1 / fanIn`.
 *
 * The normal variants draw from an untruncated normal (as PyTorch does; JAX and Keras
 * truncate at two standard deviations and rescale), the uniform ones from `U(−a, a)` with
 * `a = √(3 · variance)`.
 * @module
 */
import { type Shape, checkShape, formatShape } from "../tensor/shape.js";
import { Tensor, zeros } from "../tensor/tensor.js";
import { type Key, normal, uniform } from "../random/index.js";
import { scale } from "../autodiff/ops/arithmetic.js";

/** The names of the initialisers {@link initialize} knows. */
export type Initializer = "glorotUniform" | "glorotNormal" | "heUniform" | "heNormal" | "lecunNormal" | "zeros";

/** Every {@link Initializer} name, for validation and error messages. */
export const INITIALIZERS: readonly Initializer[] = [
  "glorotUniform",
  "glorotNormal",
  "heUniform",
  "heNormal",
  "lecunNormal",
  "zeros",
];

/** The fan-in and fan-out of a weight tensor. */
export type Fans = { readonly fanIn: number; readonly fanOut: number };

/**
 * Fan-in and fan-out of a weight of the given shape, with the input axis second to last and
 * the output axis last (a dense weight is `[in, out]`), as JAX's variance-scaling initialisers
 * count them: leading axes (a convolution's receptive field) multiply both fans. A vector
 * `[n]` has both fans n; a scalar has both fans 1.
 */
export function fans(shape: Shape): Fans {
  checkShape(shape);
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  let receptive = 1;
  for (let i = 0; i < shape.length - 2; i++) receptive *= shape[i]!;
  return { fanIn: shape[shape.length - 2]! * receptive, fanOut: shape[shape.length - 1]! * receptive };
}

/**
 * The variance an initialiser draws with for a weight of the given shape (0 for `"zeros"`).
 * Throws if the fan it divides by is zero.
 */
export function initVariance(init: Initializer, shape: Shape): number {
  checkInitializer(init, "initVariance");
  if (init === "zeros") return 0;
  const { fanIn, fanOut } = fans(shape);
  const denominator = init === "glorotUniform" || init === "glorotNormal" ? (fanIn + fanOut) / 2 : fanIn;
  if (denominator === 0) throw new Error(`initVariance: ${init} needs a non-zero fan, got shape ${formatShape(shape)}`);
  return (init === "heUniform" || init === "heNormal" ? 2 : 1) / denominator;
}

/** Throw unless `init` is one of the {@link INITIALIZERS}; `where` names the caller. */
export function checkInitializer(init: unknown, where: string): asserts init is Initializer {
  if (!INITIALIZERS.includes(init as Initializer))
    throw new Error(
      `${where}: unknown initialiser ${JSON.stringify(init)}, expected one of ${INITIALIZERS.join(", ")}`,
    );
}

/**
 * A tensor of the given shape drawn by the initialiser `init` from key `k`.
 *
 * @example
 * const w = initialize(key(0), [6, 64], "heNormal"); // variance 2/6
 */
export function initialize(k: Key, shape: Shape, init: Initializer): Tensor {
  const variance = initVariance(init, shape);
  if (init === "zeros") return zeros(shape);
  if (init === "glorotUniform" || init === "heUniform") {
    const limit = Math.sqrt(3 * variance);
    return uniform(k, shape, -limit, limit);
  }
  return scale(normal(k, shape), Math.sqrt(variance));
}
