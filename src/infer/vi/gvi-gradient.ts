/**
 * One epoch of generalised variational inference: Monte Carlo estimates of the objective
 *   L(φ) = E_{q_φ}[ l(θ, data) ] + w · KL(q_φ ‖ prior)
 * and of its gradient in φ, by the pathwise (reparameterisation) or the score-function
 * estimator (Knoblauch, Jewson & Damoulas 2022; blackbirds/infer/vi.py).
 * @module
 */
import { add, grad, mul, scale, sub, take, valueAndGrad } from "../../autodiff/index.js";
import type { Distribution } from "../../distributions/distribution.js";
import { type Key, split } from "../../random/index.js";
import { formatShape } from "../../tensor/shape.js";
import { type TensorLike, Tensor, asTensor } from "../../tensor/tensor.js";
import type { Tree } from "../../tensor/tree.js";
import type { VariationalFamily } from "./gvi-family.js";
import { closedFormKL, logProbPerDraw, monteCarloKL } from "./gvi-kl.js";

/** A loss l(θ, data): any scalar-valued function, e.g. a negative log-likelihood or a simulation distance. */
export type GVILoss<D> = (theta: Tensor, data: D) => TensorLike;

/** How the regulariser KL(q ‖ prior) is computed in an epoch. */
export type KLEstimator = "closed-form" | "monte-carlo";

/** Everything an epoch needs besides φ and the key. */
export interface EpochProblem<P extends Tree, D> {
  readonly loss: GVILoss<D>;
  readonly data: D;
  readonly prior: Distribution;
  readonly family: VariationalFamily<P>;
  readonly w: number;
  readonly samplesPerEpoch: number;
  readonly kl: KLEstimator;
  /** Draws for the Monte Carlo KL of the pathwise estimator. */
  readonly klSamples: number;
}

/** What an epoch reports: the estimates at φ (before the update) and the gradient of the objective. */
export interface EpochEstimate<P extends Tree> {
  /** Mean of l(θᵢ, data) over the epoch's draws. */
  readonly loss: number;
  /** KL(q_φ ‖ prior): exact, or its Monte Carlo estimate. */
  readonly regularisation: number;
  /** The gradient estimate of loss + w · regularisation with respect to φ. */
  readonly grads: P;
}

/** l(θᵢ, data) for draw i, checked to be one finite number. */
function lossAt<D>(problem: { readonly loss: GVILoss<D>; readonly data: D }, draws: Tensor, i: number): Tensor {
  const theta = take(draws, i, 0);
  const l = asTensor(problem.loss(theta, problem.data));
  if (l.size !== 1) throw new Error(`GVI: the loss must return a scalar, got shape ${formatShape(l.shape)}`);
  const v = l.data[0]!;
  if (!Number.isFinite(v))
    throw new Error(
      `GVI: the loss is ${v} at θ = ${new Tensor(theta.data, theta.shape).toString()}; it must be finite`,
    );
  return l;
}

/** The regulariser at q: closed form, or Monte Carlo from `klSamples` reparameterised draws. */
function regulariser<P extends Tree, D>(problem: EpochProblem<P, D>, q: Distribution, key: Key): Tensor {
  if (problem.kl === "monte-carlo") return monteCarloKL(q, problem.prior, key, problem.klSamples);
  const kl = closedFormKL(q, problem.prior);
  if (kl === null) throw new Error(`GVI: no closed-form KL between ${q.name} and the prior ${problem.prior.name}`);
  return kl;
}

/**
 * The pathwise estimator: θᵢ = T_φ(εᵢ) by `rsample`, and the gradient of
 * (1/n) Σ l(θᵢ) + w · KL by reverse mode through the draws, the loss and the KL. Needs a
 * loss differentiable in θ (a differentiable simulator) and a reparameterisable family.
 */
export function pathwiseEstimate<P extends Tree, D>(
  problem: EpochProblem<P, D>,
  params: P,
  key: Key,
): EpochEstimate<P> {
  const [drawKey, klKey] = split(key);
  const n = problem.samplesPerEpoch;
  let loss = NaN;
  let regularisation = NaN;
  const objective = (phi: P): Tensor => {
    const q = problem.family.distribution(phi);
    const draws = q.rsample(drawKey!, [n]);
    let total = lossAt(problem, draws, 0);
    for (let i = 1; i < n; i++) total = add(total, lossAt(problem, draws, i));
    const meanLoss = scale(total, 1 / n);
    const kl = regulariser(problem, q, klKey!);
    loss = meanLoss.data[0]!;
    regularisation = kl.data[0]!;
    // With w = 0 the KL is still reported, but not part of what is differentiated.
    return problem.w === 0 ? meanLoss : add(meanLoss, scale(kl, problem.w));
  };
  const [, grads] = valueAndGrad(objective)(params);
  return { loss, regularisation, grads };
}

/**
 * The score-function (REINFORCE) estimator, for losses that are not differentiable in θ
 * (black-box simulators). With draws θᵢ ~ q_φ, i = 1..n, taken as constants, and
 *   fᵢ = l(θᵢ) + w (log q_φ(θᵢ) − log p(θᵢ))   (Monte Carlo KL), or fᵢ = l(θᵢ) (closed-form KL),
 * the gradient is that of the surrogate
 *   (1/(n−1)) Σᵢ (fᵢ − f̄) log q_φ(θᵢ)  [+ w · KL(q_φ ‖ p) in closed form],
 * where f̄ is the mean over the same n draws. Subtracting the mean is a baseline that cuts the
 * variance; dividing by n − 1 instead of n makes it exactly the leave-one-out baseline
 * fᵢ − mean_{j≠i} f_j, so the estimate stays unbiased (Kool, van Hoof & Welling 2019, "Buy 4
 * REINFORCE samples, get a baseline for free!"). The term E_q[∇_φ log q_φ] that differentiating
 * fᵢ itself would add has expectation zero, so it is left out. Needs n ≥ 2.
 */
export function scoreEstimate<P extends Tree, D>(problem: EpochProblem<P, D>, params: P, key: Key): EpochEstimate<P> {
  const [drawKey, klKey] = split(key);
  const n = problem.samplesPerEpoch;
  const q = problem.family.distribution(params);
  const draws = q.sample(drawKey!, [n]);
  const losses = Array.from({ length: n }, (_, i) => lossAt(problem, draws, i).data[0]!);
  let regularisation: number;
  const f = losses.slice();
  if (problem.kl === "monte-carlo") {
    const logRatio = sub(logProbPerDraw(q, draws), logProbPerDraw(problem.prior, draws)).data;
    regularisation = 0;
    for (let i = 0; i < n; i++) {
      regularisation += logRatio[i]! / n;
      f[i] = f[i]! + problem.w * logRatio[i]!;
    }
    if (!Number.isFinite(regularisation))
      throw new Error(`GVI: the Monte Carlo KL estimate is ${regularisation}; does the prior's support cover q's?`);
  } else regularisation = regulariser(problem, q, klKey!).data[0]!;
  const fMean = f.reduce((s, v) => s + v, 0) / n;
  const weights = new Tensor(
    Float64Array.from(f, (v) => (v - fMean) / (n - 1)),
    [n],
  );
  const surrogate = (phi: P): Tensor => {
    const qPhi = problem.family.distribution(phi);
    const score = mul(weights, logProbPerDraw(qPhi, draws));
    let s = score.sum();
    if (problem.kl === "closed-form" && problem.w !== 0)
      s = add(s, scale(regulariser(problem, qPhi, klKey!), problem.w));
    return s;
  };
  const loss = losses.reduce((s, v) => s + v, 0) / n;
  return { loss, regularisation, grads: grad(surrogate)(params) };
}
