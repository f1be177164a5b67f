/**
 * One chain of a model: choose the initial point from the chain's key, then run the kernel.
 * Shared by the serial driver and the worker threads so both do exactly the same thing.
 * @module
 */
import { type Key, split } from "../../random/index.js";
import { type InitStrategy, type Model, type ModelPotential, initialPosition } from "../../ppl/potential-energy.js";
import { type ChainOptions, type ChainResult, runChain } from "./chain.js";

/** Chain options that can cross a thread boundary (no callbacks). */
export type ChainRequestOptions = Omit<ChainOptions, "onIteration"> & { init?: InitStrategy };

export function runChainForModel<A>(
  mp: ModelPotential,
  model: Model<A>,
  args: A,
  chainKey: Key,
  options: ChainRequestOptions,
  onIteration?: (iteration: number, total: number) => void,
): ChainResult {
  const [initKey, runKey] = split(chainKey);
  const q0 = initialPosition(mp, model, args, initKey!, options.init);
  return runChain(mp.potential, q0, runKey!, {
    ...options,
    onIteration: onIteration ? (it, total) => onIteration(it, total) : undefined,
  });
}
