/**
 * The user-facing MCMC driver, shaped like NumPyro's: a kernel description (`NUTS(model)` or
 * `HMC(model)`) and `new MCMC(kernel, { numWarmup, numSamples, numChains }).run(key, args)`.
 * Chain c runs with key fold(key, c), so results do not depend on how chains are scheduled.
 * @module
 */
import { type Key, fold, split } from "../../random/index.js";
import { Tensor } from "../../tensor/tensor.js";
import { type InitStrategy, type Model, type ModelPotential, potentialEnergy } from "../../ppl/potential-energy.js";
import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import type { ChainResult } from "./chain.js";
import type { ChainRequest } from "./chain-worker.js";
import { type ChainRequestOptions, runChainForModel } from "./run-model-chain.js";
import { encodeArgs } from "./transfer.js";

/** Sampler settings shared by NUTS and HMC. */
export interface KernelOptions {
  targetAccept?: number;
  stepSize?: number;
  adaptStepSize?: boolean;
  adaptMassMatrix?: boolean;
  denseMass?: boolean;
  maxDeltaEnergy?: number;
  /** How to choose each chain's starting point (default uniform in (−2, 2), as Stan). */
  init?: InitStrategy;
}

export interface NutsKernelOptions extends KernelOptions {
  maxTreeDepth?: number;
}

export interface HmcKernelOptions extends KernelOptions {
  /** Leapfrog steps per transition (the seeds' hmc_steps, 10–100). */
  numSteps?: number;
}

/** A kernel description: the model and how to sample it. */
export interface KernelSpec<A> {
  readonly kind: "nuts" | "hmc";
  readonly model: Model<A>;
  readonly options: NutsKernelOptions & HmcKernelOptions;
}

/** The No-U-Turn Sampler with Stan's adaptation, for `model`. */
export function NUTS<A>(model: Model<A>, options: NutsKernelOptions = {}): KernelSpec<A> {
  return { kind: "nuts", model, options };
}

/** Static HMC with `numSteps` leapfrog steps per transition, for `model`. */
export function HMC<A>(model: Model<A>, options: HmcKernelOptions = {}): KernelSpec<A> {
  return { kind: "hmc", model, options };
}

export interface MCMCOptions {
  numWarmup?: number;
  numSamples?: number;
  numChains?: number;
  thinning?: number;
  /** Called after every iteration of every chain (chain index, iteration, total iterations). */
  onProgress?: (chain: number, iteration: number, total: number) => void;
}

export interface MCMCResult {
  /** Constrained draws per site (latent and deterministic), shape [numChains, numSamples, ...siteShape]. */
  readonly samples: Record<string, Tensor>;
  /** The chains' raw results (unconstrained draws, per-draw statistics, adapted step size and metric). */
  readonly chains: readonly ChainResult[];
  readonly potential: ModelPotential;
  readonly numChains: number;
  readonly numSamples: number;
  /** The NUTS maximum tree depth in force (for tree-depth saturation counts). */
  readonly maxTreeDepth: number;
}

/** Runs several chains of a kernel on a model. */
export class MCMC<A> {
  readonly numWarmup: number;
  readonly numSamples: number;
  readonly numChains: number;
  readonly thinning: number;

  constructor(
    readonly kernel: KernelSpec<A>,
    private readonly options: MCMCOptions = {},
  ) {
    const { numWarmup = 1000, numSamples = 1000, numChains = 1, thinning = 1 } = options;
    for (const [k, v, min] of [
      ["numWarmup", numWarmup, 0],
      ["numSamples", numSamples, 1],
      ["numChains", numChains, 1],
      ["thinning", thinning, 1],
    ] as const)
      if (!Number.isInteger(v) || v < min) throw new Error(`MCMC: ${k} must be an integer >= ${min}, got ${v}`);
    this.numWarmup = numWarmup;
    this.numSamples = numSamples;
    this.numChains = numChains;
    this.thinning = thinning;
  }

  /** Run all chains serially in this thread. Same key, same draws. */
  run(key: Key, args: A): MCMCResult {
    const [modelKey, chainsKey] = split(key);
    const mp = potentialEnergy(this.kernel.model, args, modelKey!);
    const chains: ChainResult[] = [];
    for (let c = 0; c < this.numChains; c++) chains.push(this.runOne(mp, args, fold(chainsKey!, c), c));
    return {
      samples: collectSamples(mp, chains, this.numSamples),
      chains,
      potential: mp,
      numChains: this.numChains,
      numSamples: this.numSamples,
      maxTreeDepth: this.kernel.options.maxTreeDepth ?? 10,
    };
  }

  /**
   * Run the chains in parallel worker threads (at most `maxWorkers` at once, default the
   * number of CPUs). Each worker imports the model from `modelModule` (a path or file URL of
   * a compiled ES module) under `exportName`, so the model must be a module export and `args`
   * plain data (tensors, numbers, arrays, objects). The draws equal those of {@link run}.
   */
  async runParallel(
    key: Key,
    args: A,
    where: { modelModule: string; exportName: string; maxWorkers?: number },
  ): Promise<MCMCResult> {
    const [modelKey, chainsKey] = split(key);
    const mp = potentialEnergy(this.kernel.model, args, modelKey!);
    const encoded = encodeArgs(args);
    const maxWorkers = Math.max(1, Math.min(where.maxWorkers ?? availableParallelism(), this.numChains));
    const results = new Array<ChainResult>(this.numChains);
    const onProgress = this.options.onProgress;
    let next = 0;
    let failed = false;
    const runWorker = async (): Promise<void> => {
      const worker = new Worker(new URL("./chain-worker.js", import.meta.url));
      try {
        while (next < this.numChains && !failed) {
          const chain = next++;
          const req: ChainRequest = {
            modulePath: where.modelModule,
            exportName: where.exportName,
            args: encoded,
            modelKey: modelKey!,
            chainKey: fold(chainsKey!, chain),
            chain,
            options: this.chainOptions(),
            progressEvery: onProgress ? 10 : 0,
          };
          results[chain] = await new Promise<ChainResult>((resolve, reject) => {
            const onMessage = (msg: {
              type: string;
              chain: number;
              it?: number;
              total?: number;
              result?: ChainResult;
              message?: string;
            }) => {
              if (msg.type === "progress") onProgress?.(msg.chain, msg.it!, msg.total!);
              else {
                worker.off("message", onMessage);
                worker.off("error", onError);
                worker.off("exit", onExit);
                if (msg.type === "done") resolve(msg.result!);
                else reject(new Error(`chain ${chain}: ${msg.message}`));
              }
            };
            const onError = (e: Error) => reject(new Error(`chain ${chain}: worker failed: ${e.message}`));
            const onExit = (code: number) => reject(new Error(`chain ${chain}: worker exited with code ${code}`));
            worker.on("message", onMessage);
            worker.once("error", onError);
            worker.once("exit", onExit);
            worker.postMessage(req);
          }).catch((e: unknown) => {
            failed = true;
            throw e;
          });
        }
      } finally {
        await worker.terminate();
      }
    };
    await Promise.all(Array.from({ length: maxWorkers }, runWorker));
    return {
      samples: collectSamples(mp, results, this.numSamples),
      chains: results,
      potential: mp,
      numChains: this.numChains,
      numSamples: this.numSamples,
      maxTreeDepth: this.kernel.options.maxTreeDepth ?? 10,
    };
  }

  private chainOptions(): ChainRequestOptions {
    return {
      ...this.kernel.options,
      kernel: this.kernel.kind,
      numWarmup: this.numWarmup,
      numSamples: this.numSamples,
      thinning: this.thinning,
    };
  }

  private runOne(mp: ModelPotential, args: A, chainKey: Key, chain: number): ChainResult {
    const onProgress = this.options.onProgress;
    return runChainForModel(
      mp,
      this.kernel.model,
      args,
      chainKey,
      this.chainOptions(),
      onProgress ? (it, total) => onProgress(chain, it, total) : undefined,
    );
  }
}

/** Map every chain's unconstrained draws to named constrained values, stacked by chain. */
export function collectSamples(
  mp: ModelPotential,
  chains: readonly ChainResult[],
  numSamples: number,
): Record<string, Tensor> {
  const out: Record<string, { data: Float64Array; shape: readonly number[] }> = {};
  const numChains = chains.length;
  chains.forEach((ch, c) => {
    for (let i = 0; i < numSamples; i++) {
      const values = mp.constrain(ch.draws.subarray(i * ch.dim, (i + 1) * ch.dim));
      for (const [name, v] of Object.entries(values)) {
        let entry = out[name];
        if (entry === undefined) {
          entry = { data: new Float64Array(numChains * numSamples * v.size), shape: v.shape };
          out[name] = entry;
        }
        entry.data.set(v.data, (c * numSamples + i) * v.size);
      }
    }
  });
  const result: Record<string, Tensor> = {};
  for (const [name, e] of Object.entries(out)) result[name] = new Tensor(e.data, [numChains, numSamples, ...e.shape]);
  return result;
}
