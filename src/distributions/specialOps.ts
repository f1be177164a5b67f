/**
 * The differentiable special functions the distributions need (normal cdf and quantile, erf,
 * log-gamma, digamma, log-beta), built here on the scalar functions of tensor/special so the
 * distributions do not wait on the general autodiff special ops. Private to distributions/.
 * @module
 */
import { unaryOp } from "../autodiff/ops/unary.js";
import { anyTracked, record, tracked } from "../autodiff/tape.js";
import { mapBinary } from "../tensor/kernels/elementwise.js";
import { sumToShape } from "../tensor/kernels/reduce.js";
import { logBeta as logBetaScalar } from "../tensor/special/beta.js";
import { erf as erfScalar } from "../tensor/special/erf.js";
import { digamma as digammaScalar, lgamma as lgammaScalar, trigamma } from "../tensor/special/gamma.js";
import { ndtr as ndtrScalar, ndtri as ndtriScalar } from "../tensor/special/normal.js";
import { type TensorLike, Tensor, asTensor } from "../tensor/tensor.js";
import { LOG_SQRT_2PI } from "./fused/constants.js";

/** Standard normal density. */
function phi(x: number): number {
  return Math.exp(-0.5 * x * x - LOG_SQRT_2PI);
}

/** Φ(x), accurate in both tails; derivative φ(x). */
export const ndtr = unaryOp("ndtr", ndtrScalar, (x) => phi(x));

/** Φ⁻¹(p); derivative 1/φ(Φ⁻¹(p)). */
export const ndtri = unaryOp("ndtri", ndtriScalar, (_p, y) => 1 / phi(y));

/** erf(x); derivative 2/√π e^(-x²). */
export const erf = unaryOp("erf", erfScalar, (x) => (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x));

/** log Γ(x); derivative ψ(x). */
export const lgamma = unaryOp("lgamma", lgammaScalar, (x) => digammaScalar(x));

/** ψ(x); derivative ψ₁(x). */
export const digamma = unaryOp("digamma", digammaScalar, (x) => trigamma(x));

/** log B(a, b) with broadcasting; ∂/∂a = ψ(a) - ψ(a + b), ∂/∂b = ψ(b) - ψ(a + b). */
export function logBeta(a: TensorLike, b: TensorLike): Tensor {
  const A = asTensor(a);
  const B = asTensor(b);
  const out = mapBinary(A, B, logBetaScalar);
  if (!anyTracked(A, B)) return out;
  const ta = tracked(A);
  const tb = tracked(B);
  return record(out, [A, B], (g) => {
    const gab = mapBinary(A, B, (x, y) => digammaScalar(x + y));
    const ga = ta
      ? sumToShape(
          mapBinary(
            mapBinary(A, gab, (x, s) => digammaScalar(x) - s),
            g,
            (d, gi) => d * gi,
          ),
          A.shape,
        )
      : null;
    const gb = tb
      ? sumToShape(
          mapBinary(
            mapBinary(B, gab, (y, s) => digammaScalar(y) - s),
            g,
            (d, gi) => d * gi,
          ),
          B.shape,
        )
      : null;
    return [ga, gb];
  });
}
