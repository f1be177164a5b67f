/**
 * Differentiable special functions: one tape node per op, each with its analytic derivative.
 * The values come from the scalar kernels of tensor/special.ts; the derivatives are written so
 * they stay finite and accurate wherever the value is (e.g. logNdtr's φ/Φ in the far left tail).
 * @module
 */
import { mapBinary, mulKernel } from "../../tensor/kernels/elementwise.js";
import { sumToShape } from "../../tensor/kernels/reduce.js";
import * as scalar from "../../tensor/special.js";
import { expNegHalfSquare, expNegSquare } from "../../tensor/special/gaussianTail.js";
import { type TensorLike, Tensor, asTensor } from "../../tensor/tensor.js";
import { anyTracked, record, tracked } from "../tape.js";
import { sigmoidScalar, unaryOp } from "./unary.js";

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const SQRT_PI_OVER_TWO = 0.886226925452758;
const INV_SQRT_2PI = 0.3989422804014327;
const SQRT_2PI = 2.5066282746310002;
const SQRT_2_OVER_PI = 0.7978845608028654;

/** log(1 + e^x) elementwise, without overflow; derivative σ(x). */
export const softplus = unaryOp("softplus", scalar.softplus, (x) => sigmoidScalar(x));

/** log σ(x) elementwise, accurate in both tails; derivative σ(-x). */
export const logSigmoid = unaryOp("logSigmoid", scalar.logSigmoid, (x) => sigmoidScalar(-x));

/** log(p / (1 - p)) elementwise (NaN outside [0, 1]); derivative 1/(p(1 - p)). */
export const logit = unaryOp("logit", scalar.logit, (p) => 1 / (p * (1 - p)));

/** log(1 + x) elementwise, accurate near 0; derivative 1/(1 + x). */
export const log1p = unaryOp("log1p", Math.log1p, (x) => 1 / (1 + x));

/** e^x - 1 elementwise, accurate near 0; derivative e^x. */
export const expm1 = unaryOp("expm1", Math.expm1, (x) => Math.exp(x));

/** The error function elementwise; derivative (2/√π) e^{-x²}. */
export const erf = unaryOp("erf", scalar.erf, (x) => TWO_OVER_SQRT_PI * expNegSquare(x));

/** The complementary error function elementwise; derivative -(2/√π) e^{-x²}. */
export const erfc = unaryOp("erfc", scalar.erfc, (x) => -TWO_OVER_SQRT_PI * expNegSquare(x));

/** The inverse error function elementwise; derivative (√π/2) e^{y²} at y = erfinv(x). */
export const erfinv = unaryOp("erfinv", scalar.erfinv, (_x, y) => SQRT_PI_OVER_TWO * Math.exp(y * y));

/** The standard normal CDF Φ elementwise; derivative the density φ(x). */
export const ndtr = unaryOp("ndtr", scalar.ndtr, (x) => INV_SQRT_2PI * expNegHalfSquare(x));

/** The standard normal quantile Φ⁻¹ elementwise; derivative 1/φ(y) at y = Φ⁻¹(p). */
export const ndtri = unaryOp("ndtri", scalar.ndtri, (_p, y) => SQRT_2PI * Math.exp(0.5 * y * y));

/**
 * The inverse Mills ratio φ(x)/Φ(x), the derivative of log Φ. In the left tail both factors
 * underflow, so it is rewritten √(2/π) / erfcx(-x/√2), which tends to -x smoothly.
 */
function inverseMillsRatio(x: number): number {
  if (x < -1) return SQRT_2_OVER_PI / scalar.erfcx(-x * Math.SQRT1_2);
  return (INV_SQRT_2PI * expNegHalfSquare(x)) / scalar.ndtr(x);
}

/** log Φ(x) elementwise, accurate in both tails; derivative φ(x)/Φ(x), finite for all x. */
export const logNdtr = unaryOp("logNdtr", scalar.logNdtr, inverseMillsRatio);

/** log |Γ(x)| elementwise; derivative ψ(x) (digamma). */
export const lgamma = unaryOp("lgamma", scalar.lgamma, (x) => scalar.digamma(x));

/** The digamma function ψ elementwise; derivative ψ₁(x) (trigamma). */
export const digamma = unaryOp("digamma", scalar.digamma, (x) => scalar.trigamma(x));

/**
 * A broadcasting binary op from its value and its two partial derivatives, evaluated on the
 * broadcast shape and summed back to each input's shape (the adjoint of broadcasting).
 */
function binaryOp(
  name: string,
  f: (a: number, b: number) => number,
  dfda: (a: number, b: number) => number,
  dfdb: (a: number, b: number) => number,
) {
  const op = (a: TensorLike, b: TensorLike): Tensor => {
    const A = asTensor(a);
    const B = asTensor(b);
    const out = mapBinary(A, B, f);
    if (!anyTracked(A, B)) return out;
    const na = tracked(A);
    const nb = tracked(B);
    return record(out, [A, B], (g) => [
      na ? sumToShape(mulKernel(g, mapBinary(A, B, dfda)), A.shape) : null,
      nb ? sumToShape(mulKernel(g, mapBinary(A, B, dfdb)), B.shape) : null,
    ]);
  };
  Object.defineProperty(op, "name", { value: name });
  return op;
}

/**
 * log B(a, b) elementwise with broadcasting (a, b > 0), accurate when an argument is huge.
 * Partial derivatives ψ(a) - ψ(a + b) and ψ(b) - ψ(a + b).
 */
export const logBeta = binaryOp(
  "logBeta",
  scalar.logBeta,
  (a, b) => scalar.digamma(a) - scalar.digamma(a + b),
  (a, b) => scalar.digamma(b) - scalar.digamma(a + b),
);

/**
 * x · log(y) elementwise with broadcasting, 0 where x = 0. Partial derivatives log(y) in x,
 * and x/y in y, taken as 0 where x = 0 (so a zero-weight term contributes no gradient, even at
 * y = 0).
 */
export const xlogy = binaryOp(
  "xlogy",
  scalar.xlogy,
  (_x, y) => Math.log(y),
  (x, y) => (x === 0 ? 0 : x / y),
);

/**
 * x · log(1 + y) elementwise with broadcasting, 0 where x = 0. Partial derivatives log1p(y)
 * in x, and x/(1 + y) in y, taken as 0 where x = 0.
 */
export const xlog1py = binaryOp(
  "xlog1py",
  scalar.xlog1py,
  (_x, y) => Math.log1p(y),
  (x, y) => (x === 0 ? 0 : x / (1 + y)),
);
