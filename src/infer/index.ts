export * from "./mcmc/index.js";
export * from "./diagnostics/index.js";
