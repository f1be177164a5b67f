/**
 * KL(q ‖ p) in closed form between a Gaussian guide site and a Normal model site: the
 * analytic terms of the mean-field ELBO.
 * @module
 */
import { broadcastTo, diagPart, log, reshape, square, sub, sum } from "../../autodiff/index.js";
import type { Distribution } from "../../distributions/distribution.js";
import { IndependentDistribution } from "../../distributions/independent.js";
import { MultivariateNormalDistribution } from "../../distributions/multivariateNormal.js";
import { NormalDistribution } from "../../distributions/normal.js";
import { sizeOf } from "../../tensor/shape.js";
import type { Tensor } from "../../tensor/tensor.js";
import { IdentityTransform } from "../../transforms/identity.js";
import { PushforwardDistribution } from "./guides/pushforward.js";

/** A Gaussian over R^n: mean and the diagonal of the covariance, and log det of the covariance / 2. */
interface FlatGaussian {
  readonly mean: Tensor;
  readonly variance: Tensor;
  readonly halfLogDet: Tensor;
}

/** The guide site as a Gaussian on the site's own (real) scale, or null if it is not one. */
function guideGaussian(q: Distribution): FlatGaussian | null {
  if (!(q instanceof PushforwardDistribution) || !(q.transform instanceof IdentityTransform)) return null;
  const base = q.base;
  if (base instanceof IndependentDistribution && base.base instanceof NormalDistribution) {
    const n = base.eventShape[0]!;
    const loc = broadcastTo(base.base.loc, [n]);
    const scale = broadcastTo(base.base.scale, [n]);
    return { mean: loc, variance: square(scale), halfLogDet: sum(log(scale)) };
  }
  if (base instanceof MultivariateNormalDistribution && base.batchShape.length === 0) {
    const L = base.scaleTril;
    return { mean: base.loc, variance: sum(square(L), -1), halfLogDet: sum(log(diagPart(L))) };
  }
  return null;
}

/**
 * KL(q ‖ p) for a guide site q that is Gaussian on the real line (an AutoNormal or
 * AutoMultivariateNormal site of a real-valued latent) and a model site p that is Normal with
 * independent coordinates; null when the pair has no closed form here. For q = N(μ, Σ) and
 * p = N(m, diag σ²) over R^n (e.g. Bishop 2006, "Pattern recognition and machine learning", eq. 2.155 generalised):
 *
 *   KL = Σ_i log σ_i − ½ log det Σ + ½ Σ_i (Σ_ii + (μ_i − m_i)²)/σ_i² − n/2.
 */
export function gaussianKL(q: Distribution, p: Distribution, siteShape: readonly number[]): Tensor | null {
  if (!(p instanceof NormalDistribution)) return null;
  const g = guideGaussian(q);
  if (g === null) return null;
  const n = sizeOf(siteShape);
  const m = reshape(broadcastTo(p.loc, siteShape), [n]);
  const sigma = reshape(broadcastTo(p.scale, siteShape), [n]);
  const sigma2 = square(sigma);
  const quadratic = sum(g.variance.add(square(sub(g.mean, m))).div(sigma2));
  return sum(log(sigma))
    .sub(g.halfLogDet)
    .add(quadratic.mul(0.5))
    .sub(n / 2);
}
