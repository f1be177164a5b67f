/**
 * Activation functions by name, for configuring networks with plain data. Each name maps to
 * the differentiable op of the autodiff layer; nothing is reimplemented here.
 * @module
 */
import type { Tensor } from "../tensor/tensor.js";
import { elu, leakyRelu, relu, sigmoid, swish, tanh } from "../autodiff/ops/unary.js";
import { softplus } from "../autodiff/ops/special.js";

/**
 * The activation names a network accepts. `"silu"` is another name for `"swish"`
 * (x · sigmoid(x)); `"identity"` leaves its input unchanged (a linear output layer).
 */
export type Activation = "swish" | "silu" | "relu" | "leakyRelu" | "elu" | "tanh" | "softplus" | "sigmoid" | "identity";

const ACTIVATION_FUNCTIONS: Readonly<Record<Activation, (x: Tensor) => Tensor>> = {
  swish: (x) => swish(x),
  silu: (x) => swish(x),
  relu: (x) => relu(x),
  leakyRelu: (x) => leakyRelu(x),
  elu: (x) => elu(x),
  tanh: (x) => tanh(x),
  softplus: (x) => softplus(x),
  sigmoid: (x) => sigmoid(x),
  identity: (x) => x,
};

/** Every {@link Activation} name. */
export const ACTIVATIONS: readonly Activation[] = Object.keys(ACTIVATION_FUNCTIONS) as Activation[];

/** The differentiable function an activation name stands for; `where` names the caller in errors. */
export function activationFunction(name: Activation, where = "activation"): (x: Tensor) => Tensor {
  if (!Object.hasOwn(ACTIVATION_FUNCTIONS, name))
    throw new Error(`${where}: unknown activation ${JSON.stringify(name)}, expected one of ${ACTIVATIONS.join(", ")}`);
  return ACTIVATION_FUNCTIONS[name];
}
