export * from "./mcmc/index.js";
export * from "./diagnostics/index.js";
export * from "./vi/index.js";
export * from "./importance/index.js";
export { Predictive, type PredictiveOptions } from "./predictive.js";
