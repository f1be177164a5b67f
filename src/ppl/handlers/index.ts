/** All effect handlers, as NumPyro's `handlers` module. */
export { trace } from "./trace.js";
export { seed } from "./seed.js";
export { condition, substitute, type SiteValues } from "./condition.js";
export { replay } from "./replay.js";
export { block } from "./block.js";
export { scale, mask } from "./scale.js";
