/**
 * The inverse of tanh as a differentiable op (logit, the inverse of sigmoid, is one of the
 * autodiff layer's special functions).
 * @module
 */
import { unaryOp } from "../../autodiff/index.js";

/** atanh(y) on (-1, 1). Derivative 1 / (1 - y²). */
export const atanh = unaryOp("atanh", Math.atanh, (y) => 1 / ((1 - y) * (1 + y)));
