/**
 * The user-facing MCMC driver, shaped like NumPyro's: a kernel description (`NUTS(model)` or
 * `HMC(model)`) and `new MCMC(kernel, { numWarmup, numSamples, numChains }).run(key, args)`.
 * Chain c runs with key fold(key, c), so results do not depend on how chains are scheduled.
 * @module
 */
import { type Key, fold, split } from "../../random/index.js";
import { Tensor } from "../../tensor/tensor.js";
import { type InitStrategy, type Model, type ModelPotential, initialPosition, potentialEnergy } from "../../ppl/potential-energy.js";
import { type ChainOptions, type ChainResult, runChain } from "./chain.js";

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
    return { samples: collectSamples(mp, chains, this.numSamples), chains, potential: mp, numChains: this.numChains, numSamples: this.numSamples };
  }

  private runOne(mp: ModelPotential, args: A, chainKey: Key, chain: number): ChainResult {
    const [initKey, runKey] = split(chainKey);
    const o = this.kernel.options;
    const q0 = initialPosition(mp, this.kernel.model, args, initKey!, o.init);
    const onProgress = this.options.onProgress;
    const chainOptions: ChainOptions = {
      ...o,
      kernel: this.kernel.kind,
      numWarmup: this.numWarmup,
      numSamples: this.numSamples,
      thinning: this.thinning,
      onIteration: onProgress ? (it, total) => onProgress(chain, it, total) : undefined,
    };
    return runChain(mp.potential, q0, runKey!, chainOptions);
  }
}

/** Map every chain's unconstrained draws to named constrained values, stacked by chain. */
export function collectSamples(mp: ModelPotential, chains: readonly ChainResult[], numSamples: number): Record<string, Tensor> {
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
