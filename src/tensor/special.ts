/**
 * Special functions on plain numbers: the scalar kernels behind the differentiable ops in
 * autodiff/ops/special.ts and the distributions' densities, CDFs and quantiles. Each function
 * lives in special/ with the method it follows; this module is the public list.
 * @module
 */
export { log1p, expm1, log1pmx, xlogy, xlog1py } from "./special/log.js";
export { softplus, logSigmoid, logit } from "./special/logistic.js";
export { erf, erfc, erfcx } from "./special/erf.js";
export { ndtr, logNdtr, ndtri, erfinv, erfcinv } from "./special/normal.js";
export { lgamma, lgamma1p, logFactorial, digamma, trigamma } from "./special/gamma.js";
export { hurwitzZeta } from "./special/zeta.js";
export { logBeta } from "./special/beta.js";
export { gammaincP, gammaincQ, gammaincinv } from "./special/incompleteGamma.js";
export { betainc, betaincinv } from "./special/incompleteBeta.js";
export { sinPi, cosPi } from "./special/trig.js";
