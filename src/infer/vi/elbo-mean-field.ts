/**
 * The ELBO with analytic KL terms, as Pyro's and NumPyro's `TraceMeanField_ELBO`: for a latent
 * site whose guide and model distributions have a closed-form KL divergence, the Monte Carlo
 * term log p(z_s | ·) − log q(z_s | ·) is replaced by its expectation over z_s, −KL(q_s ‖ p_s).
 * The estimator keeps its expectation and loses the variance of those terms.
 *
 * Validity: the expectation is taken over z_s given the values drawn before it, so the guide
 * and model distributions of site s may depend only on data and on sites the guide draws
 * before s. AutoNormal (independent sites) and AutoMultivariateNormal (sites in the model's
 * order, each conditioned on the earlier ones) satisfy this; a hand-written guide that draws
 * a site's parents after it does not.
 * @module
 */
import { add, neg } from "../../autodiff/index.js";
import type { Trace } from "../../ppl/message.js";
import type { Tensor } from "../../tensor/tensor.js";
import { type ElboLoss, type ElboOptions, type ParticleTerms, makeElboLoss, particleTerms } from "./elbo.js";
import { gaussianKL } from "./gaussian-kl.js";

/** One particle with closed-form KL terms wherever {@link gaussianKL} has one. */
function meanFieldParticle(guideTrace: Trace, modelTrace: Trace, nonFinite: Set<string>): ParticleTerms {
  const analytic = new Set<string>();
  let kl: Tensor | null = null;
  for (const g of guideTrace.values()) {
    if (g.type !== "sample" || g.isObserved) continue;
    const m = modelTrace.get(g.name)!;
    // scaled or masked sites keep the Monte Carlo term (the KL would need the same weights)
    if (g.scale !== 1 || m.scale !== 1 || g.mask !== null || m.mask !== null) continue;
    const k = gaussianKL(g.fn!, m.fn!, g.value!.shape);
    if (k === null) continue;
    const v = k.data[0]!;
    if (!Number.isFinite(v)) nonFinite.add(`KL divergence of site '${g.name}' is ${v}`);
    analytic.add(g.name);
    kl = kl === null ? k : add(kl, k);
  }
  return particleTerms(guideTrace, modelTrace, nonFinite, analytic, kl === null ? null : neg(kl));
}

/**
 * `TraceMeanField_ELBO`: like {@link TraceELBO}, with −KL(q_s ‖ p_s) in closed form for every
 * latent site where the guide is Gaussian on the real line and the model's distribution is
 * Normal (sites with other supports or families keep their Monte Carlo terms).
 *
 * @example
 * const svi = new SVI(model, AutoNormal(model), adam({ learningRate: 0.01 }), TraceMeanFieldELBO());
 */
export function TraceMeanFieldELBO(options: ElboOptions = {}): ElboLoss {
  return makeElboLoss("TraceMeanField_ELBO", options, meanFieldParticle);
}
