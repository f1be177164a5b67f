/**
 * Behaviour policies for the control environments: feature maps, the linear-softmax (discrete)
 * and linear-Gaussian (continuous) policies, cross-entropy-method training, and pretrained
 * parameters for every registered environment.
 * @module
 */
export * from "./feature-maps.js";
export * from "./linear-softmax.js";
export * from "./linear-gaussian.js";
export * from "./train.js";
export * from "./pretrained.js";
