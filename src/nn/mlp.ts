/**
 * The multilayer perceptron: dense layers with an activation between them, as a pure
 * function of a parameter tree `{ layers: [{ weight, bias }, ...] }` and a plain config.
 * @module
 */
import type { Tensor, TensorLike } from "../tensor/tensor.js";
import { type Key, checkKey, split } from "../random/key.js";
import { type Activation, activationFunction } from "./activations.js";
import { type Initializer, checkInitializer } from "./init.js";
import { type LinearParams, checkFeatures, initLinear, linear } from "./linear.js";

/** The architecture of an MLP: plain data, so it can be stored next to the parameters. */
export type MLPConfig = {
  /** Size of the last input axis. */
  readonly inFeatures: number;
  /** Widths of the hidden layers, in order (may be empty: a single dense layer). */
  readonly hidden: readonly number[];
  /** Size of the last output axis. */
  readonly outFeatures: number;
  /** Activation after every hidden layer. */
  readonly activation: Activation;
  /** Activation after the output layer (default `"identity"`). */
  readonly outputActivation?: Activation;
  /** Initialiser of every weight (default `"glorotUniform"`); biases start at zero. */
  readonly init?: Initializer;
};

/** Parameters of an MLP: one dense layer per hidden layer, then the output layer. */
export type MLPParams = { readonly layers: readonly LinearParams[] };

/** Throw unless `config` is a valid {@link MLPConfig}; `where` names the caller. */
export function checkMLPConfig(config: MLPConfig, where: string): void {
  if (config === null || typeof config !== "object")
    throw new Error(`${where}: config must be an object, got ${String(config)}`);
  checkFeatures(config.inFeatures, `${where}: inFeatures`);
  checkFeatures(config.outFeatures, `${where}: outFeatures`);
  if (!Array.isArray(config.hidden))
    throw new Error(`${where}: hidden must be an array of layer widths, got ${String(config.hidden)}`);
  config.hidden.forEach((h, i) => checkFeatures(h, `${where}: hidden[${i}]`));
  activationFunction(config.activation, `${where}: activation`);
  activationFunction(config.outputActivation ?? "identity", `${where}: outputActivation`);
  if (config.init !== undefined) checkInitializer(config.init, where);
}

/** The layer widths of an MLP, inputs first: `[inFeatures, ...hidden, outFeatures]`. */
export function layerSizes(config: MLPConfig): number[] {
  return [config.inFeatures, ...config.hidden, config.outFeatures];
}

/**
 * Parameters of an MLP with the given architecture; layer i's weight is drawn from the i-th
 * key of `split(k, layers)`.
 *
 * @example
 * const config = { inFeatures: 6, hidden: [64, 64, 64], outFeatures: 1, activation: "swish" } as const;
 * const params = initMLP(key(0), config);
 * const y = mlp(params, x, config); // x: [batch, 6] → y: [batch, 1]
 */
export function initMLP(k: Key, config: MLPConfig): MLPParams {
  checkKey(k, "initMLP");
  checkMLPConfig(config, "initMLP");
  const sizes = layerSizes(config);
  const keys = split(k, sizes.length - 1);
  const layers = keys.map((ki, i) => initLinear(ki, sizes[i]!, sizes[i + 1]!, { init: config.init }));
  return { layers };
}

/**
 * Apply an MLP to `x` of shape `[..., inFeatures]`: the result has shape `[..., outFeatures]`.
 * Layer errors name the layer (`MLP layer 2: ...`).
 */
export function mlp(params: MLPParams, x: TensorLike, config: MLPConfig): Tensor {
  checkMLPConfig(config, "mlp");
  const layers = params?.layers;
  const expected = config.hidden.length + 1;
  if (!Array.isArray(layers) || layers.length !== expected)
    throw new Error(
      `mlp: params.layers must hold ${expected} layers for hidden ${JSON.stringify(config.hidden)}, got ${Array.isArray(layers) ? layers.length : String(layers)}`,
    );
  const hiddenActivation = activationFunction(config.activation);
  const outputActivation = activationFunction(config.outputActivation ?? "identity");
  let h = x;
  for (let i = 0; i < layers.length; i++) {
    let y: Tensor;
    try {
      y = linear(layers[i]!, h);
    } catch (e) {
      throw new Error(`MLP layer ${i}: ${(e as Error).message}`, { cause: e });
    }
    h = i < layers.length - 1 ? hiddenActivation(y) : outputActivation(y);
  }
  return h as Tensor;
}

/** An MLP bound to its config: `init` makes parameters, `apply` runs the network. */
export type MLPModule = {
  readonly config: MLPConfig;
  /** {@link initMLP} with this config. */
  init(k: Key): MLPParams;
  /** {@link mlp} with this config. */
  apply(params: MLPParams, x: TensorLike): Tensor;
};

/**
 * An MLP as a pair of pure functions over a fixed config; the parameters stay a plain tree
 * that the caller holds, trains and saves.
 *
 * @example
 * const net = MLP({ inFeatures: 1, hidden: [32, 32], outFeatures: 1, activation: "tanh" });
 * const params = net.init(key(0));
 * const y = net.apply(params, x);
 */
export function MLP(config: MLPConfig): MLPModule {
  checkMLPConfig(config, "MLP");
  const frozen: MLPConfig = { ...config, hidden: [...config.hidden] };
  return {
    config: frozen,
    init: (k) => initMLP(k, frozen),
    apply: (params, x) => mlp(params, x, frozen),
  };
}
