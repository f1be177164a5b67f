/**
 * Variational inference: SVI with Monte Carlo ELBO estimates (pathwise and score-function
 * gradients, with baselines) and autoguides.
 * @module
 */
export { SVI, type SVIState, type SVIStep, type SVIProgress, type SVIRunOptions, type SVIRunResult } from "./svi.js";
export { TraceELBO, elbo, type ElboOptions, type ElboEstimate, type ElboLoss } from "./elbo.js";
export { TraceMeanFieldELBO } from "./elbo-mean-field.js";
export { type BaselineKind, type BaselineState, initialBaseline } from "./baseline.js";
export { type Guide, type ParamValues } from "./guide-model-traces.js";
export * from "./guides/index.js";
export * from "./gvi.js";
