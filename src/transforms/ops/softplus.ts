/**
 * Numerically stable softplus, log-sigmoid and inverse softplus as differentiable ops.
 *
 * The transforms need these for their log-determinants (Sigmoid's is
 * -softplus(-x) - softplus(x)); they are written here, privately, so the transforms do not
 * depend on the order in which the autodiff layer's own special functions land.
 * @module
 */
import { sigmoidScalar, unaryOp } from "../../autodiff/index.js";

/** log(1 + e^x) without overflow (x large) or loss of precision (x very negative). */
export function softplusScalar(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** log(1 + e^x); derivative sigmoid(x). */
export const softplus = unaryOp("softplus", softplusScalar, (x) => sigmoidScalar(x));

/** log(sigmoid(x)) = -softplus(-x); derivative sigmoid(-x). */
export const logSigmoid = unaryOp(
  "logSigmoid",
  (x) => -softplusScalar(-x),
  (x) => sigmoidScalar(-x),
);

/**
 * The inverse of softplus, log(e^y - 1), written as y + log(-expm1(-y)) so that it neither
 * overflows for large y nor cancels for small y. Derivative 1 / (1 - e^-y) = -1 / expm1(-y).
 */
export const softplusInverse = unaryOp(
  "softplusInverse",
  (y) => y + Math.log(-Math.expm1(-y)),
  (y) => -1 / Math.expm1(-y),
);
