export type { Message, PlateFrame, SiteType, Trace } from "./message.js";
export { Handler } from "./runtime.js";
export {
  sample,
  param,
  deterministic,
  factor,
  plate,
  type SampleOptions,
  type ParamOptions,
  type PlateOptions,
} from "./primitives.js";
export { trace } from "./handlers/trace.js";
export { seed } from "./handlers/seed.js";
export { condition, substitute, type SiteValues } from "./handlers/condition.js";
export { replay } from "./handlers/replay.js";
export { block } from "./handlers/block.js";
export { mask } from "./handlers/scale.js";
export * as handlers from "./handlers/index.js";
export { logDensity, siteLogProb } from "./log-density.js";
export {
  potentialEnergy,
  initialPosition,
  type ModelPotential,
  type LatentSite,
  type InitStrategy,
  type Model,
} from "./potential-energy.js";
