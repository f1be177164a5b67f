/**
 * Self-normalised importance sampling of a model's posterior: draws θᵢ from a proposal q,
 * weights wᵢ = p(θᵢ, y)/q(θᵢ), and estimates E[f(θ) | y] ≈ Σ ŵᵢ f(θᵢ) with ŵ = w/Σw
 * (Owen 2013, "Monte Carlo theory, methods and examples", ch. 9). Exact in the limit, with
 * no tuning, so it serves as the reference posterior for low-dimensional problems, and
 * (1/n) Σ wᵢ estimates the evidence p(y).
 * @module
 */
import { Distribution } from "../../distributions/distribution.js";
import { potentialEnergy, type Model } from "../../ppl/potential-energy.js";
import { type Key, categorical, fold, split } from "../../random/index.js";
import { type TensorLike, Tensor } from "../../tensor/tensor.js";
import { take } from "../../autodiff/index.js";
import { DrawStack } from "./draw-stack.js";
import { type ImportanceDraw, checkFlatProposal, flatDraw, guideDraw, priorDraw } from "./proposals.js";
import { kishESS, logMeanExp, normaliseLogWeights } from "./weights.js";

/**
 * What to draw θ from: the prior (default); a guide, i.e. a model-like function of the
 * model's arguments that samples every latent site (its `param` sites fixed by
 * `guideParams`); or a Distribution over the model's flat unconstrained vector (the
 * parameterisation MCMC uses, see `potentialEnergy`).
 */
export type ImportanceProposal<A> = Distribution | ((args: A) => unknown);

/** Options of {@link importanceSampling}. */
export interface ImportanceOptions<A> {
  /** Number of draws from the proposal. */
  numSamples: number;
  /** The proposal; default the prior. */
  proposal?: ImportanceProposal<A>;
  /** Values of a guide proposal's param sites, by name. */
  guideParams?: Readonly<Record<string, TensorLike>>;
}

/** The weighted draws and what they estimate. */
export interface ImportanceResult {
  /** Latent and deterministic site values, [numSamples, ...siteShape], unweighted proposal draws. */
  readonly samples: Record<string, Tensor>;
  /** log wᵢ = log p(θᵢ, y) − log q(θᵢ), [numSamples]; −Infinity for a draw of zero density. */
  readonly logWeights: Tensor;
  /** ŵᵢ = wᵢ / Σ w, [numSamples]. */
  readonly normalisedWeights: Tensor;
  /** Kish's effective sample size (Σw)²/Σw². */
  readonly ess: number;
  /** log((1/n) Σ wᵢ): the estimate of log p(y). */
  readonly logMarginalLikelihood: number;
  /** Weighted posterior mean of every site, E[θ | y] ≈ Σ ŵᵢ θᵢ. */
  mean(site: string): Tensor;
  /** `n` draws with replacement, draw i chosen with probability ŵᵢ (multinomial resampling). */
  resample(key: Key, n: number): Record<string, Tensor>;
}

const WHO = "importanceSampling";

/**
 * Self-normalised importance sampling of `model(args)`'s posterior. Draw i uses
 * fold(key, i), so results do not depend on batching.
 *
 * @example
 * const is = importanceSampling(model, data, key(0), { numSamples: 20_000 });
 * is.mean("theta"); is.ess; is.logMarginalLikelihood;
 */
export function importanceSampling<A>(
  model: Model<A>,
  args: A,
  key: Key,
  options: ImportanceOptions<A>,
): ImportanceResult {
  const { numSamples: n, proposal } = options;
  if (!Number.isInteger(n) || n < 1) throw new Error(`${WHO}: numSamples must be a positive integer, got ${String(n)}`);
  if (proposal !== undefined && !(proposal instanceof Distribution) && typeof proposal !== "function")
    throw new Error(
      `${WHO}: proposal must be a Distribution over the flat unconstrained vector or a guide function, got ${typeof proposal}`,
    );
  const [modelKey, drawsKey] = split(key);
  const stack = new DrawStack(n, WHO);
  const logWeights = new Float64Array(n);
  const store = (i: number, d: ImportanceDraw) => {
    stack.push(i, d.values);
    logWeights[i] = d.logWeight;
  };
  if (proposal instanceof Distribution) {
    const mp = potentialEnergy(model, args, modelKey!);
    checkFlatProposal(proposal, mp.dim, WHO);
    const u = proposal.sample(drawsKey!, [n]);
    const logQ = proposal.logProb(u).data;
    for (let i = 0; i < n; i++) store(i, flatDraw(mp, u.data.subarray(i * mp.dim, (i + 1) * mp.dim), logQ[i]!, i, WHO));
  } else if (proposal !== undefined) {
    const params = options.guideParams ?? {};
    for (let i = 0; i < n; i++) store(i, guideDraw(model, proposal, params, args, fold(drawsKey!, i), i, WHO));
  } else for (let i = 0; i < n; i++) store(i, priorDraw(model, args, fold(drawsKey!, i), i, WHO));
  return weightedResult(stack.result(), logWeights);
}

function weightedResult(samples: Record<string, Tensor>, logWeights: Float64Array): ImportanceResult {
  const w = normaliseLogWeights(logWeights, WHO);
  const n = logWeights.length;
  const siteOf = (site: string): Tensor => {
    const s = samples[site];
    if (s === undefined)
      throw new Error(`${WHO}: no site '${site}' among the draws (sites: ${Object.keys(samples).join(", ")})`);
    return s;
  };
  return {
    samples,
    logWeights: new Tensor(logWeights, [n]),
    normalisedWeights: new Tensor(w, [n]),
    ess: kishESS(w),
    logMarginalLikelihood: logMeanExp(logWeights),
    mean(site) {
      const s = siteOf(site);
      const size = s.size / n;
      const out = new Float64Array(size);
      for (let i = 0; i < n; i++) {
        if (w[i] === 0) continue;
        for (let j = 0; j < size; j++) out[j] = out[j]! + w[i]! * s.data[i * size + j]!;
      }
      return new Tensor(out, s.shape.slice(1));
    },
    resample(key, count) {
      if (!Number.isInteger(count) || count < 1)
        throw new Error(`${WHO}: resample count must be a positive integer, got ${String(count)}`);
      const idx = categorical(key, new Tensor(logWeights, [n]), [count]);
      const out: Record<string, Tensor> = {};
      for (const [name, s] of Object.entries(samples)) out[name] = take(s, idx, 0);
      return out;
    },
  };
}
