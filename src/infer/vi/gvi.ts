/**
 * Generalised variational inference (Knoblauch, Jewson & Damoulas 2022, "An optimization-
 * centric view on Bayes' rule", JMLR 23(132)), as the blackbirds package does it for
 * agent-based models (Quera-Bofarull et al. 2023, blackbirds/infer/vi.py): find
 *
 *   q* = argmin_{q_φ} E_{q_φ}[ l(θ, data) ] + w · KL(q_φ ‖ prior)
 *
 * for any loss l. With l = −log p(data | θ) and w = 1 this is ordinary variational inference
 * and q* the KL projection of the posterior onto the family; in general q* approximates the
 * generalised posterior ∝ exp(−l(θ, data)/w) · prior(θ).
 *
 * Each epoch draws `samplesPerEpoch` θ from q_φ, estimates the objective and its gradient
 * (pathwise or score-function, see gvi-gradient.ts), records the estimate, and updates φ
 * with the optimiser. As in blackbirds, the state with the lowest estimated total so far is
 * kept, and the run stops after `patience` consecutive epochs without a new lowest total.
 *
 * The total is itself a Monte Carlo estimate, so which epoch is "best" is partly decided by
 * the draws' noise: with few `samplesPerEpoch` the best state can be further from the optimum
 * than the last one (normal–normal, 10 draws per epoch: up to 1.3 posterior sd in the mean
 * over 20 keys, against 0.06 for the last state under a decaying learning rate). When that
 * matters, use more draws per epoch or `lastParams` after a decaying learning rate.
 * @module
 */
import type { Distribution } from "../../distributions/distribution.js";
import { adam } from "../../optim/adam.js";
import { withGradientClipping } from "../../optim/clip.js";
import type { Optimizer, OptimizerState } from "../../optim/optimizer.js";
import { type Key, fold } from "../../random/index.js";
import { broadcastShapes, formatShape, shapesEqual } from "../../tensor/shape.js";
import type { Tree } from "../../tensor/tree.js";
import type { VariationalFamily } from "./gvi-family.js";
import {
  type EpochEstimate,
  type EpochProblem,
  type GVILoss,
  type KLEstimator,
  pathwiseEstimate,
  scoreEstimate,
} from "./gvi-gradient.js";
import { closedFormKL } from "./gvi-kl.js";

// The public surface of GVI, so that `export * from "./gvi.js"` in the vi index brings it all.
export type { VariationalFamily } from "./gvi-family.js";
export {
  diagonalNormalFamily,
  multivariateNormalFamily,
  type GaussianFamilyOptions,
  type DiagonalNormalParams,
  type MultivariateNormalParams,
} from "./gvi-gaussian-family.js";
export type { GVILoss, KLEstimator } from "./gvi-gradient.js";
export { closedFormKL, monteCarloKL } from "./gvi-kl.js";

/** Options of {@link GVI}. */
export interface GVIOptions<P extends Tree, D> {
  /** l(θ, data): a scalar for one θ of the family's shape. */
  loss: GVILoss<D>;
  /** π(θ), over θ of the family's shape (its shape must broadcast to it: a scalar prior is iid). */
  prior: Distribution;
  /** The variational family q_φ (e.g. {@link diagonalNormalFamily}, {@link multivariateNormalFamily}). */
  posterior: VariationalFamily<P>;
  /** Weight of the KL regulariser, ≥ 0. Default 1 (standard Bayes for a log-likelihood loss). */
  w?: number;
  /** Draws of θ per epoch for the loss (and score-function gradient). Default 10, as blackbirds. */
  samplesPerEpoch?: number;
  /**
   * "pathwise" (default): reparameterised draws, the loss must be differentiable in θ.
   * "score": score-function gradient with a leave-one-out baseline, for black-box losses.
   */
  gradientEstimation?: "pathwise" | "score";
  /**
   * How KL(q ‖ prior) is computed. "auto" (default): closed form when q and the prior are
   * both Gaussian, else Monte Carlo. With "monte-carlo", the pathwise estimator uses
   * `klSamples` separate reparameterised draws (blackbirds' `n_samples_regularisation`), the
   * score estimator the epoch's own draws.
   */
  kl?: "auto" | KLEstimator;
  /** Draws for the Monte Carlo KL in pathwise mode. Default 10 000, as blackbirds. */
  klSamples?: number;
  /** The optimiser. Default Adam with learning rate 1e-3 (blackbirds' default). */
  optimizer?: Optimizer<OptimizerState>;
  /** Clip the gradient to this global norm before each update. Default: no clipping. */
  clipNorm?: number;
  /** Maximum number of epochs. Default 1000. */
  maxEpochs?: number;
  /** Stop after this many consecutive epochs without a lower total. Default 20, as blackbirds. */
  patience?: number;
  /** The PRNG key; epoch e draws with fold(key, e). */
  key: Key;
  /** Start from these parameters instead of `posterior.init(key)`. */
  initialParams?: P;
}

/** The estimates of one epoch, at the parameters before that epoch's update. */
export interface GVIEpoch {
  /** loss + w · regularisation. */
  readonly total: number;
  /** Mean of l(θᵢ, data) over the epoch's draws. */
  readonly loss: number;
  /** KL(q ‖ prior), exact or estimated (unweighted). */
  readonly regularisation: number;
}

/** What `onProgress` is told after each epoch. */
export interface GVIProgress<P extends Tree = Tree> extends GVIEpoch {
  readonly epoch: number;
  /** The parameters the epoch's estimates were made at (before its update). */
  readonly params: P;
  readonly bestLoss: number;
  readonly epochsWithoutImprovement: number;
}

/** Options of {@link GVI.run}. */
export interface GVIRunOptions<P extends Tree = Tree> {
  /** Called after each epoch's estimate; returning `false` stops the run. */
  onProgress?: (progress: GVIProgress<P>) => boolean | void;
}

/** The outcome of {@link GVI.run}. */
export interface GVIResult<P extends Tree> {
  /** The parameters at the epoch with the lowest total (blackbirds' best_estimator_state_dict). */
  readonly bestParams: P;
  /** That lowest total. */
  readonly bestLoss: number;
  /** The epoch it was reached at (0-based). */
  readonly bestEpoch: number;
  /** q at the best parameters, detached from any gradient tape. */
  readonly posterior: Distribution;
  /** The parameters after the last update. */
  readonly lastParams: P;
  /** One entry per epoch run. */
  readonly history: readonly GVIEpoch[];
  /** Number of epochs run. */
  readonly epochs: number;
  /** True when the run stopped because of `patience` (or `onProgress`) before `maxEpochs`. */
  readonly stoppedEarly: boolean;
}

function integerAtLeast(name: string, value: unknown, min: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min)
    throw new Error(`GVI: ${name} must be an integer >= ${min}, got ${String(value)}`);
  return value;
}

/** True for constraints whose set is all of R (or R^d). */
function isReal(d: Distribution): boolean {
  return d.support.kind === "real" || d.support.kind === "realVector";
}

/**
 * Generalised variational inference: `new GVI({ loss, prior, posterior, ... }).run(data)`.
 *
 * @example
 * const gvi = new GVI({
 *   loss: (theta, y: Tensor) => neg(sum(Normal(theta, 1).logProb(y))),
 *   prior: Normal(0, 2),
 *   posterior: diagonalNormalFamily([]),
 *   optimizer: adam({ learningRate: 0.05 }),
 *   key: key(0),
 * });
 * const { posterior } = gvi.run(y);
 */
export class GVI<P extends Tree, D> {
  readonly w: number;
  readonly samplesPerEpoch: number;
  readonly gradientEstimation: "pathwise" | "score";
  readonly kl: KLEstimator;
  readonly klSamples: number;
  readonly maxEpochs: number;
  readonly patience: number;
  private readonly optimizer: Optimizer<OptimizerState>;

  constructor(private readonly options: GVIOptions<P, D>) {
    const { prior, posterior: family } = options;
    if (typeof options.loss !== "function")
      throw new Error(`GVI: loss must be a function (theta, data) => Tensor, got ${typeof options.loss}`);
    const w = options.w ?? 1;
    if (typeof w !== "number" || !(w >= 0) || !Number.isFinite(w))
      throw new Error(`GVI: w must be a finite number >= 0, got ${String(w)}`);
    this.w = w;
    this.gradientEstimation = options.gradientEstimation ?? "pathwise";
    if (this.gradientEstimation !== "pathwise" && this.gradientEstimation !== "score")
      throw new Error(
        `GVI: gradientEstimation must be "pathwise" or "score", got ${JSON.stringify(this.gradientEstimation)}`,
      );
    // The score estimator's leave-one-out baseline needs two draws.
    this.samplesPerEpoch = integerAtLeast(
      "samplesPerEpoch",
      options.samplesPerEpoch ?? 10,
      this.gradientEstimation === "score" ? 2 : 1,
    );
    this.klSamples = integerAtLeast("klSamples", options.klSamples ?? 10_000, 1);
    this.maxEpochs = integerAtLeast("maxEpochs", options.maxEpochs ?? 1000, 1);
    this.patience = integerAtLeast("patience", options.patience ?? 20, 1);
    const base = options.optimizer ?? adam({ learningRate: 1e-3 });
    this.optimizer = options.clipNorm === undefined ? base : withGradientClipping(base, options.clipNorm);
    checkPrior(prior, family, family.distribution(this.initialParams()));
    this.kl = this.chooseKL(options.kl ?? "auto");
  }

  /** Resolve "auto" by trying the closed form on the initial q. */
  private chooseKL(kl: "auto" | KLEstimator): KLEstimator {
    if (kl !== "auto" && kl !== "closed-form" && kl !== "monte-carlo")
      throw new Error(`GVI: kl must be "auto", "closed-form" or "monte-carlo", got ${JSON.stringify(kl)}`);
    if (kl === "monte-carlo") return kl;
    const q = this.options.posterior.distribution(this.initialParams());
    const closed = closedFormKL(q, this.options.prior) !== null;
    if (kl === "closed-form" && !closed)
      throw new Error(`GVI: kl "closed-form" needs Gaussian q and prior, got ${q.name} and ${this.options.prior.name}`);
    return closed ? "closed-form" : "monte-carlo";
  }

  private initialParams(): P {
    return this.options.initialParams ?? this.options.posterior.init(this.options.key);
  }

  /** Run up to `maxEpochs` epochs on `data`; see {@link GVIResult}. */
  run(data: D, runOptions: GVIRunOptions<P> = {}): GVIResult<P> {
    const problem: EpochProblem<P, D> = {
      loss: this.options.loss,
      data,
      prior: this.options.prior,
      family: this.options.posterior,
      w: this.w,
      samplesPerEpoch: this.samplesPerEpoch,
      kl: this.kl,
      klSamples: this.klSamples,
    };
    const estimate: (p: EpochProblem<P, D>, params: P, key: Key) => EpochEstimate<P> =
      this.gradientEstimation === "pathwise" ? pathwiseEstimate : scoreEstimate;
    let params = this.initialParams();
    let state = this.optimizer.init(params);
    const history: GVIEpoch[] = [];
    let best = { loss: Infinity, params, epoch: -1 };
    let stall = 0;
    let stoppedEarly = false;
    for (let epoch = 0; epoch < this.maxEpochs; epoch++) {
      const { loss, regularisation, grads } = estimate(problem, params, fold(this.options.key, epoch));
      const total = loss + this.w * regularisation;
      if (!Number.isFinite(total))
        throw new Error(
          `GVI: the total loss is ${total} at epoch ${epoch} (loss ${loss}, regularisation ${regularisation})`,
        );
      history.push({ total, loss, regularisation });
      if (total < best.loss) {
        best = { loss: total, params, epoch };
        stall = 0;
      } else stall++;
      const go = runOptions.onProgress?.({
        epoch,
        params,
        total,
        loss,
        regularisation,
        bestLoss: best.loss,
        epochsWithoutImprovement: stall,
      });
      if (stall >= this.patience || go === false) {
        stoppedEarly = true;
        break;
      }
      ({ params, state } = this.optimizer.update(grads, state, params));
    }
    return {
      bestParams: best.params,
      bestLoss: best.loss,
      bestEpoch: best.epoch,
      posterior: this.options.posterior.distribution(best.params),
      lastParams: params,
      history,
      epochs: history.length,
      stoppedEarly,
    };
  }
}

/** The prior must be over θ of the family's shape (or broadcast to it) and on the same space as q0. */
function checkPrior<P extends Tree>(prior: Distribution, family: VariationalFamily<P>, q0: Distribution): void {
  const ps = prior.shape();
  let b: number[] | null;
  try {
    b = broadcastShapes(ps, family.shape);
  } catch {
    b = null;
  }
  if (b === null || !shapesEqual(b, family.shape))
    throw new Error(
      `GVI: the prior ${prior.name} has shape ${formatShape(ps)}, which does not broadcast to the variational family's shape ${formatShape(family.shape)}`,
    );
  if (isReal(q0) && !isReal(prior))
    throw new Error(
      `GVI: the prior ${prior.name} has support ${prior.support.toString()}, but the ${family.name} family is over the real line; reparameterise θ on the real line (e.g. a log or logit transform inside the loss, with a prior over the transformed θ)`,
    );
}
