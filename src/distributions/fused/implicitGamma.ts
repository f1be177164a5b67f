/**
 * Reparameterised Gamma draws by implicit differentiation (Figurnov, Mohamed & Mnih 2018,
 * "Implicit reparameterization gradients"): a draw g of Gamma(α, 1) satisfies P(α, g) = u for
 * a fixed u, so dg/dα = -(∂P/∂α)(α, g) / p(g; α). Beta and Dirichlet draws, normalised
 * Gammas, inherit the gradient.
 * @module
 */
import { lgamma } from "../../tensor/special/gamma.js";
import { gammaincP, gammaincQ } from "../../tensor/special/incompleteGamma.js";
import { scalarOp } from "./scalarOp.js";

/**
 * ∂P(α, g)/∂α by a five-point central difference in α, on whichever of P and Q = 1 - P is
 * smaller (so the tail's small probabilities do not cancel). With h = 1e-3 · max(α, 1e-2)
 * the truncation error is O(h⁴) and the rounding error O(1e-16/h): the derivative is good to
 * about 1e-10 relative, ample for stochastic gradients.
 */
function dPdAlpha(a: number, g: number): number {
  const useQ = gammaincP(a, g) > 0.5;
  const f = useQ ? (s: number) => -gammaincQ(s, g) : (s: number) => gammaincP(s, g);
  const h = 1e-3 * Math.max(Math.min(a, 1), 1e-2);
  return (f(a - 2 * h) - 8 * f(a - h) + 8 * f(a + h) - f(a + 2 * h)) / (12 * h);
}

/** dg/dα for a unit-rate Gamma(α) draw g. */
export function gammaDrawDerivative(g: number, a: number): number {
  if (!(g > 0)) return 0;
  const logDensity = (a - 1) * Math.log(g) - g - lgamma(a);
  return -dPdAlpha(a, g) / Math.exp(logDensity);
}

/**
 * The identity on unit-rate Gamma draws `draw` (no gradient of its own), with the implicit
 * gradient dg/dα flowing to `concentration`.
 */
export const reparameterisedGamma = scalarOp({
  name: "Gamma.rsample",
  args: ["draw", "concentration"],
  constant: [0],
  value: (v) => v[0]!,
  partials(v, _out, d) {
    d[1] = gammaDrawDerivative(v[0]!, v[1]!);
  },
});
