/**
 * The inverse of softplus as a differentiable op (softplus itself and log-sigmoid are the
 * autodiff layer's special functions).
 * @module
 */
import { unaryOp } from "../../autodiff/index.js";
/**
 * The inverse of softplus, log(e^y - 1), written as y + log(-expm1(-y)) so that it neither
 * overflows for large y nor cancels for small y. Derivative 1 / (1 - e^-y) = -1 / expm1(-y).
 */
export const softplusInverse = unaryOp(
  "softplusInverse",
  (y) => y + Math.log(-Math.expm1(-y)),
  (y) => -1 / Math.expm1(-y),
);
