/**
 * Guides built automatically from a model (NumPyro's autoguides), their guide distributions
 * and posterior draws from any guide.
 * @module
 */
export type { AutoGuide, AutoGuideOptions } from "./auto-guide.js";
export { AutoNormal, type AutoNormalOptions, autoLocName, autoScaleName } from "./auto-normal.js";
export {
  AutoMultivariateNormal,
  type AutoMultivariateNormalOptions,
  AUTO_LOC,
  AUTO_SCALE_TRIL,
} from "./auto-multivariate-normal.js";
export { AutoDelta, type AutoDeltaOptions } from "./auto-delta.js";
export { Delta, DeltaDistribution } from "./delta.js";
export { PushforwardDistribution } from "./pushforward.js";
export { samplePosterior } from "./sample-posterior.js";
export { AutoFlow, type AutoFlowOptions, AUTO_FLOW_LOC, AUTO_FLOW_SCALE, AUTO_FLOW_LAYERS } from "./auto-flow.js";
