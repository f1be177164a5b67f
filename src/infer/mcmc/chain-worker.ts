/**
 * Worker-thread entry point: loads the model from its module, rebuilds the potential exactly
 * as the parent would, runs one chain and posts the result back. Everything is derived from
 * the keys in the request, so a chain's draws are the same in a worker as in the main thread.
 * @module
 */
import { parentPort } from "node:worker_threads";
import { pathToFileURL } from "node:url";
import type { Key } from "../../random/index.js";
import { potentialEnergy, type Model } from "../../ppl/potential-energy.js";
import { decodeArgs } from "./transfer.js";
import { runChainForModel, type ChainRequestOptions } from "./run-model-chain.js";

export interface ChainRequest {
  modulePath: string;
  exportName: string;
  args: unknown;
  modelKey: Key;
  chainKey: Key;
  chain: number;
  options: ChainRequestOptions;
  /** Post progress every this many iterations (0: never). */
  progressEvery: number;
}

if (parentPort === null) throw new Error("chain-worker must be started as a worker thread");
const port = parentPort;

port.on("message", (req: ChainRequest) => {
  void (async () => {
    try {
      const url = /^[a-z]+:/i.test(req.modulePath) ? req.modulePath : pathToFileURL(req.modulePath).href;
      const mod = (await import(url)) as Record<string, unknown>;
      const model = mod[req.exportName];
      if (typeof model !== "function")
        throw new Error(`parallel chains: module ${req.modulePath} has no exported function '${req.exportName}'`);
      const args = decodeArgs(req.args);
      const mp = potentialEnergy(model as Model<unknown>, args, req.modelKey);
      const result = runChainForModel(mp, model as Model<unknown>, args, req.chainKey, req.options, (it, total) => {
        if (req.progressEvery > 0 && it % req.progressEvery === 0)
          port.postMessage({ type: "progress", chain: req.chain, it, total });
      });
      port.postMessage({ type: "done", chain: req.chain, result });
    } catch (e) {
      port.postMessage({ type: "error", chain: req.chain, message: e instanceof Error ? e.message : String(e) });
    }
  })();
});
