/**
 * The regulariser of generalised variational inference, KL(q ‖ prior): in closed form when
 * both are Gaussian, otherwise by Monte Carlo, E_q[log q(θ) − log p(θ)] (how blackbirds
 * estimates it, `compute_regularisation_loss` in blackbirds/infer/vi.py).
 * @module
 */
import {
  add,
  broadcastTo,
  diagPart,
  div,
  log,
  mean,
  mul,
  reshape,
  square,
  sub,
  sum,
  triangularSolve,
} from "../../autodiff/index.js";
import type { Distribution } from "../../distributions/distribution.js";
import { IndependentDistribution } from "../../distributions/independent.js";
import { MultivariateNormalDistribution } from "../../distributions/multivariateNormal.js";
import { NormalDistribution } from "../../distributions/normal.js";
import type { Key } from "../../random/index.js";
import { formatShape, sizeOf, type Shape } from "../../tensor/shape.js";
import { type Tensor, eye } from "../../tensor/tensor.js";

/** A Gaussian over the flattened θ ∈ R^d: diagonal (a scale per coordinate) or full (a Cholesky factor). */
type GaussianForm =
  | { readonly kind: "diagonal"; readonly loc: Tensor; readonly scale: Tensor }
  | { readonly kind: "full"; readonly loc: Tensor; readonly scaleTril: Tensor };

/**
 * `dist` as a Gaussian over θ of shape `shape` flattened to a vector, or null when it is not
 * one: a Normal (with its parameters broadcast to `shape`, i.e. independent coordinates),
 * an Independent of a Normal, or an unbatched MultivariateNormal over a vector.
 */
function gaussianForm(dist: Distribution, shape: Shape): GaussianForm | null {
  let base = dist;
  while (base instanceof IndependentDistribution) base = base.base;
  const d = sizeOf(shape);
  if (base instanceof NormalDistribution) {
    const flat = (t: Tensor) => reshape(broadcastTo(t, shape), [d]);
    return { kind: "diagonal", loc: flat(base.loc), scale: flat(base.scale) };
  }
  if (base instanceof MultivariateNormalDistribution && base.batchShape.length === 0 && shape.length === 1)
    return { kind: "full", loc: base.loc, scaleTril: base.scaleTril };
  return null;
}

/** The diagonal matrix of a scale vector, or the Cholesky factor itself. */
function choleskyOf(g: GaussianForm): Tensor {
  return g.kind === "full" ? g.scaleTril : mul(eye(g.scale.size), g.scale);
}

/**
 * KL(N(m₁, s₁²) ‖ N(m₂, s₂²)) summed over coordinates:
 * Σ log(s₂/s₁) + (s₁² + (m₁ − m₂)²)/(2 s₂²) − ½.
 */
function diagonalKL(q: { loc: Tensor; scale: Tensor }, p: { loc: Tensor; scale: Tensor }): Tensor {
  const ratio = div(q.scale, p.scale);
  const z = div(sub(q.loc, p.loc), p.scale);
  // log(s₂/s₁) + (r² + z²)/2 − ½ with r = s₁/s₂ and z = (m₁ − m₂)/s₂
  return sum(sub(mul(0.5, sub(add(square(ratio), square(z)), 1)), log(ratio)));
}

/**
 * KL(N(m₁, L₁L₁ᵀ) ‖ N(m₂, L₂L₂ᵀ)) = ½ [‖L₂⁻¹L₁‖²_F + ‖L₂⁻¹(m₁ − m₂)‖² − d] + Σ log L₂,ii − Σ log L₁,ii
 * (the trace and Mahalanobis terms of the textbook formula, each by one triangular solve).
 */
function fullKL(mq: Tensor, Lq: Tensor, mp: Tensor, Lp: Tensor): Tensor {
  const d = mq.size;
  const trace = sum(square(triangularSolve(Lp, Lq, { lower: true })));
  const mahalanobis = sum(square(triangularSolve(Lp, sub(mq, mp), { lower: true })));
  const logDetRatio = sub(sum(log(diagPart(Lp))), sum(log(diagPart(Lq))));
  return add(mul(0.5, sub(add(trace, mahalanobis), d)), logDetRatio);
}

/**
 * KL(q ‖ p) in closed form when both are Gaussian over the same θ (Normal, Independent
 * Normal, or MultivariateNormal; a Normal prior with scalar parameters counts as an iid
 * prior over every coordinate), else null. Differentiable in both distributions' parameters.
 */
export function closedFormKL(q: Distribution, p: Distribution): Tensor | null {
  const shape = q.shape();
  const gq = gaussianForm(q, shape);
  const gp = gaussianForm(p, shape);
  if (gq === null || gp === null) return null;
  if (gq.kind === "diagonal" && gp.kind === "diagonal") return diagonalKL(gq, gp);
  return fullKL(gq.loc, choleskyOf(gq), gp.loc, choleskyOf(gp));
}

/**
 * log p(θᵢ) of each of `n` draws θ of shape `[n, ...shape]`, summed over θ's coordinates
 * (for a prior with batch axes, independent coordinates): shape [n].
 */
export function logProbPerDraw(dist: Distribution, draws: Tensor): Tensor {
  const n = draws.shape[0]!;
  const lp = dist.logProb(draws);
  if (lp.ndim === 0 || lp.shape[0] !== n)
    throw new Error(
      `${dist.name}.logProb of ${n} draws of shape ${formatShape(draws.shape.slice(1))} has shape ${formatShape(lp.shape)}, expected [${n}, ...]`,
    );
  return lp.ndim === 1 ? lp : sum(reshape(lp, [n, lp.size / n]), 1);
}

/**
 * The Monte Carlo estimate of KL(q ‖ p) from `numSamples` reparameterised draws of q:
 * mean of log q(θᵢ) − log p(θᵢ). Pathwise-differentiable in q's parameters when q has rsample.
 */
export function monteCarloKL(q: Distribution, p: Distribution, key: Key, numSamples: number): Tensor {
  if (!Number.isInteger(numSamples) || numSamples < 1)
    throw new Error(`monteCarloKL: numSamples must be a positive integer, got ${numSamples}`);
  const draws = q.rsample(key, [numSamples]);
  return mean(sub(logProbPerDraw(q, draws), logProbPerDraw(p, draws)));
}
