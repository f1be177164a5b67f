export * from "./shape.js";
export * from "./tensor.js";
export * from "./tree.js";
export { type Axes } from "./kernels/reduce.js";
