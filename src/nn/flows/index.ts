/**
 * Normalising flows as learnable transforms and distributions: affine coupling (RealNVP),
 * MADE, MAF and IAF layers, permutations, conditional versions, composite flows, a flow
 * distribution, a bijector view, and maximum-likelihood fitting. Parameters are plain trees
 * and layers pure functions of (params, x, context?).
 * @module
 */
export type { FlowLayer, ForwardResult, InverseResult } from "./layer.js";
export { type CouplingMask, halfMask, checkerboardMask } from "./masks.js";
export { DEFAULT_LOG_SCALE_BOUND, softClamp } from "./log-scale.js";
export { Permutation, type PermutationParams, reversePermutation, randomPermutation } from "./permutation.js";
export { AffineCoupling, type AffineCouplingOptions } from "./affine-coupling.js";
export {
  MADE,
  type MADEConfig,
  type MADEDegrees,
  type MADEParams,
  type MaskedLinearParams,
  madeDegrees,
  madeMasks,
  degreeMask,
} from "./made.js";
export { MaskedAutoregressiveFlow, InverseAutoregressiveFlow, type AutoregressiveOptions } from "./autoregressive.js";
export { Flow, type FlowParams } from "./flow.js";
export { realNVP, maf, iaf, type FlowBuilderOptions, type RealNVPOptions } from "./builders.js";
export {
  FlowDistribution,
  FlowDistributionImpl,
  type FlowDistributionOptions,
  standardNormalBase,
} from "./flow-distribution.js";
export { FlowBijector, flowBijector } from "./flow-bijector.js";
export { fitFlow, type FitFlowOptions, type FitFlowResult, type FlowData } from "./fit-flow.js";
export { ElementwiseAffine, type ElementwiseAffineParams, standardization } from "./elementwise-affine.js";
