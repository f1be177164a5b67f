/**
 * The three engines behind the policy posterior — NUTS, static HMC and SVI — run on the same
 * model and returned in one shape: named draws `[chains, draws, ...site]` with a summary.
 * @module
 */
import { summary, type Summary } from "../infer/diagnostics/index.js";
import { HMC, MCMC, NUTS, mcmcSummary } from "../infer/mcmc/index.js";
import { AUTO_LOC, AUTO_SCALE_TRIL, AutoMultivariateNormal, AutoNormal, SVI, TraceELBO } from "../infer/vi/index.js";
import { potentialEnergy } from "../ppl/index.js";
import { adam, exponentialDecay } from "../optim/index.js";
import { type Key, split } from "../random/index.js";
import { Tensor } from "../tensor/tensor.js";
import type { ResolvedConfig } from "./config.js";
import { type PolicyModelArgs, policyModel } from "./model.js";
import { bfgs } from "./nominal.js";
import { choleskyOrNull } from "./state-prior.js";

/** Sites that are nuisance dimensions, never returned (one value per transition). */
const NUISANCE_SITES = new Set(["clean_state_noise"]);

/** Progress of a run: MCMC iterations of a chain, or SVI steps. */
export interface EngineProgress {
  readonly phase: "mcmc" | "svi";
  readonly chain: number;
  readonly iteration: number;
  readonly total: number;
  /** Current negative ELBO (SVI). */
  readonly loss?: number;
}

/** Posterior draws of one run, whatever the engine. */
export interface EngineDraws {
  readonly engine: "nuts" | "hmc" | "svi";
  readonly numChains: number;
  readonly numDraws: number;
  /** Draws per site, `[numChains, numDraws, ...site shape]`. */
  readonly sites: Record<string, Tensor>;
  /** Mean, sd, quantiles, R-hat, ESS per scalar parameter (and sampler diagnostics for MCMC). */
  readonly summary: Summary;
  /** Wall-clock seconds of the run. */
  readonly seconds: number;
  /** SVI: negative-ELBO per step, and the step at which the smoothed loss stopped improving. */
  readonly losses?: Float64Array;
  readonly convergedAtStep?: number;
}

/** Run the configured engine on the model with `args`. */
export async function runEngine(
  config: ResolvedConfig,
  args: PolicyModelArgs,
  numSamples: number,
  k: Key,
  onProgress?: (p: EngineProgress) => void,
): Promise<EngineDraws> {
  return config.engine === "svi"
    ? runSvi(config, args, numSamples, k, onProgress)
    : runMcmc(config, args, numSamples, k, onProgress);
}

async function runMcmc(
  config: ResolvedConfig,
  args: PolicyModelArgs,
  numSamples: number,
  k: Key,
  onProgress?: (p: EngineProgress) => void,
): Promise<EngineDraws> {
  // A dense metric when the posterior is the policy's few weights (they are strongly correlated
  // through correlated state features); diagonal when thousands of latent states are sampled.
  const denseMass = args.mode !== "joint" && args.numGroups === 0 && args.numFeatures * args.numOutputs <= 100;
  const kernel =
    config.engine === "nuts"
      ? NUTS(policyModel, { targetAccept: config.targetAccept, denseMass })
      : HMC(policyModel, { targetAccept: config.targetAccept, numSteps: config.hmcSteps, denseMass });
  const mcmc = new MCMC(kernel, {
    numWarmup: config.numWarmup,
    numSamples,
    numChains: config.numChains,
    onProgress: onProgress
      ? (chain, iteration, total) => onProgress({ phase: "mcmc", chain, iteration, total })
      : undefined,
  });
  const start = performance.now();
  const result =
    config.parallelChains && config.numChains > 1
      ? await mcmc.runParallel(k, args, {
          modelModule: new URL("./model.js", import.meta.url).href,
          exportName: "policyModel",
        })
      : mcmc.run(k, args);
  const seconds = (performance.now() - start) / 1000;
  const keep = Object.keys(result.samples).filter((s) => !NUISANCE_SITES.has(s));
  const sites: Record<string, Tensor> = {};
  for (const s of keep) sites[s] = result.samples[s]!;
  return {
    engine: config.engine as "nuts" | "hmc",
    numChains: result.numChains,
    numDraws: result.numSamples,
    sites,
    summary: mcmcSummary(result, keep),
    seconds,
  };
}

/**
 * SVI with a full-covariance Gaussian guide over the policy parameters (mean-field when the clean
 * states are latent, whose dimension grows with the data). Converged when the mean loss over
 * the last window (10% of the steps, at least 50) improves on the previous window's by less than
 * max(0.1% of the loss, 0.05 nats); the run stops there, or after `sviSteps` steps.
 */
function runSvi(
  config: ResolvedConfig,
  args: PolicyModelArgs,
  numSamples: number,
  k: Key,
  onProgress?: (p: EngineProgress) => void,
): Promise<EngineDraws> {
  const guide = args.mode === "joint" ? AutoNormal(policyModel) : AutoMultivariateNormal(policyModel);
  // The learning rate decays to lr/20 over the run: Adam's last iterate otherwise keeps
  // fluctuating around the optimum by an amount proportional to the rate (Robbins–Monro).
  const learningRate = exponentialDecay({ initialValue: config.lr, decayRate: 0.05, decaySteps: config.sviSteps });
  const svi = new SVI(policyModel, guide, adam({ learningRate }), TraceELBO({ numParticles: config.sviParticles }));
  const [fitKey, drawKey] = split(k);
  const start = performance.now();
  const window = Math.max(50, Math.floor(config.sviSteps / 10));
  let convergedAtStep: number | undefined;
  const losses: number[] = [];
  const { params } = svi.run(fitKey!, config.sviSteps, args, {
    initParams: args.mode === "joint" ? undefined : laplaceStart(args, fitKey!),
    onProgress: ({ step, numSteps, loss }) => {
      losses.push(loss);
      onProgress?.({ phase: "svi", chain: 0, iteration: step, total: numSteps, loss });
      if (losses.length >= 2 * window && losses.length % window === 0) {
        const recent = meanOf(losses, losses.length - window, losses.length);
        const before = meanOf(losses, losses.length - 2 * window, losses.length - window);
        if (before - recent < Math.max(1e-3 * Math.abs(recent), 0.05)) {
          convergedAtStep = losses.length;
          return false;
        }
      }
      return true;
    },
  });
  const raw = guide.samplePosterior(drawKey!, params, numSamples, args);
  const seconds = (performance.now() - start) / 1000;
  const sites: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(raw)) {
    if (NUISANCE_SITES.has(name)) continue;
    sites[name] = new Tensor(t.data, [1, ...t.shape]);
  }
  return Promise.resolve({
    engine: "svi",
    numChains: 1,
    numDraws: numSamples,
    sites,
    summary: drawsSummary(sites, numSamples),
    seconds,
    losses: Float64Array.from(losses),
    convergedAtStep,
  });
}

/**
 * Start the full-covariance guide at the Laplace approximation: the posterior mode by BFGS and
 * the Cholesky factor of its inverse-Hessian estimate (Tierney & Kadane 1986). Adam then only
 * refines it; from a standard-normal start it crawls by ~lr per step towards weights of order
 * 10 and the stopping rule can fire first. Falls back to the mode alone when the estimate is
 * not positive definite.
 */
function laplaceStart(args: PolicyModelArgs, k: Key): Record<string, Tensor> {
  const mp = potentialEnergy(policyModel, args, k);
  const fit = bfgs(mp.potential, new Float64Array(mp.dim), { maxIterations: 200 });
  const start: Record<string, Tensor> = { [AUTO_LOC]: new Tensor(Float64Array.from(fit.x), [mp.dim]) };
  const l = choleskyOrNull(fit.inverseHessian, mp.dim);
  if (l !== null && fit.converged) start[AUTO_SCALE_TRIL] = new Tensor(l, [mp.dim, mp.dim]);
  return start;
}

function meanOf(x: readonly number[], from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]!;
  return s / (to - from);
}

/** Summary rows of single-chain draws (SVI): R-hat and ESS are not meaningful for independent draws and read NaN-free values from one chain. */
function drawsSummary(sites: Record<string, Tensor>, numDraws: number): Summary {
  const names: string[] = [];
  const columns: Float64Array[] = [];
  for (const [site, t] of Object.entries(sites)) {
    const width = t.size / numDraws;
    const shape = t.shape.slice(2);
    for (let j = 0; j < width; j++) {
      names.push(shape.length === 0 ? site : `${site}[${unravel(j, shape).join(",")}]`);
      columns.push(Float64Array.from({ length: numDraws }, (_, i) => t.data[i * width + j]!));
    }
  }
  const dim = names.length;
  const block = new Float64Array(numDraws * dim);
  for (let i = 0; i < numDraws; i++) for (let j = 0; j < dim; j++) block[i * dim + j] = columns[j]![i]!;
  return summary({ chains: [block], dim, names });
}

function unravel(j: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    idx[a] = j % shape[a]!;
    j = Math.floor(j / shape[a]!);
  }
  return idx;
}
