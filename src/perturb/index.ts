/**
 * Observation-perturbation models: how a sensor corrupts what an agent observes.
 * @module
 */
export * from "./perturbation.js";
export * from "./define.js";
export * from "./gaussian.js";
export * from "./salt-and-pepper.js";
export * from "./bounded-uniform.js";
export * from "./dropout.js";
export * from "./bias-drift.js";
export * from "./quantisation.js";
export * from "./compose.js";
export * from "./adversarial.js";
export * from "./registry.js";
export * from "./dataset/index.js";
export * from "./generative/index.js";
