export * from "./mcmc/index.js";
export * from "./diagnostics/index.js";
export * from "./vi/index.js";
