import "./methods.js";
export * from "./grad.js";
export * from "./ops/arithmetic.js";
export * from "./ops/unary.js";
export * from "./ops/reduce.js";
export * from "./ops/layout.js";
export * from "./ops/linalg.js";
export * from "./check.js";
export * from "./ops/special.js";
