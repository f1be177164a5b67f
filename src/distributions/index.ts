/**
 * Probability distributions: log-densities (fused, one tape node each), sampling with
 * explicit keys, reparameterised sampling, moments, cdf/icdf, entropy; plus constraints and
 * the Bijector interface TransformedDistribution accepts.
 * @module
 */
export * from "./constraints.js";
export type { Bijector } from "./bijector.js";
export { Distribution, type DistributionOptions, enableValidation } from "./distribution.js";
export type { ProbsOrLogits } from "./probsOrLogits.js";
export { ParameterError } from "./validation.js";

export { Normal, NormalDistribution } from "./normal.js";
export { LogNormal, LogNormalDistribution } from "./logNormal.js";
export { HalfNormal, HalfNormalDistribution } from "./halfNormal.js";
export { Cauchy, CauchyDistribution } from "./cauchy.js";
export { HalfCauchy, HalfCauchyDistribution } from "./halfCauchy.js";
export { StudentT, StudentTDistribution } from "./studentT.js";
export { Uniform, UniformDistribution } from "./uniform.js";
export { Beta, BetaDistribution } from "./beta.js";
export { Gamma, GammaDistribution } from "./gamma.js";
export { InverseGamma, InverseGammaDistribution } from "./inverseGamma.js";
export { Exponential, ExponentialDistribution } from "./exponential.js";
export { Laplace, LaplaceDistribution } from "./laplace.js";
export { Bernoulli, BernoulliDistribution } from "./bernoulli.js";
export { Categorical, CategoricalDistribution } from "./categorical.js";
export { Binomial, BinomialDistribution } from "./binomial.js";
export { Poisson, PoissonDistribution } from "./poisson.js";
export {
  MultivariateNormal,
  MultivariateNormalDistribution,
  type MultivariateNormalCovariance,
} from "./multivariateNormal.js";
export { Dirichlet, DirichletDistribution } from "./dirichlet.js";
export { TruncatedNormal, TruncatedNormalDistribution } from "./truncatedNormal.js";
export { MixtureSameFamily, MixtureSameFamilyDistribution } from "./mixtureSameFamily.js";
export { Mixture, MixtureDistribution } from "./mixture.js";
export { Independent, IndependentDistribution } from "./independent.js";
export { ImproperUniform, ImproperUniformDistribution } from "./improperUniform.js";
export { TransformedDistribution, TransformedDistributionImpl } from "./transformedDistribution.js";
