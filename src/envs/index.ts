/**
 * Control environments with Gymnasium's API and explicit PRNG keys: the classic-control tasks,
 * a lane-keeping task, vectorised stepping, and the shared environment and policy interfaces.
 * @module
 */
export * from "./env.js";
export * from "./policy.js";
export * from "./spaces.js";
export { BaseEnv, STEP_TERMINATED, STEP_TRUNCATED } from "./util.js";
export * from "./cartpole.js";
export * from "./pendulum.js";
export * from "./mountain-car.js";
export * from "./mountain-car-continuous.js";
export * from "./acrobot.js";
export * from "./lane-keeping.js";
export * from "./registry.js";
export * from "./vector-env.js";
export * from "./policies/index.js";
export * from "./rollout.js";
