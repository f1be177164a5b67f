/**
 * The inverses of the squashing functions sigmoid and tanh as differentiable ops.
 * @module
 */
import { unaryOp } from "../../autodiff/index.js";

/** logit(y) = log(y / (1 - y)), as log(y) - log1p(-y) for accuracy near 0 and 1. Derivative 1 / (y (1 - y)). */
export const logit = unaryOp(
  "logit",
  (y) => Math.log(y) - Math.log1p(-y),
  (y) => 1 / (y * (1 - y)),
);

/** atanh(y) on (-1, 1). Derivative 1 / (1 - y²). */
export const atanh = unaryOp("atanh", Math.atanh, (y) => 1 / ((1 - y) * (1 + y)));
