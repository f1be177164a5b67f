/**
 * log B(a, b), the log of the beta function, without the cancellation of
 * lgamma(a) + lgamma(b) - lgamma(a + b) when an argument is large.
 * @module
 */
import { lgamma, stirlingCorrection } from "./gamma.js";

const LOG_SQRT_2PI = 0.9189385332046728;

/**
 * log B(a, b) = log Γ(a) + log Γ(b) - log Γ(a + b) for a, b > 0, relative accuracy 3e-15
 * (tested up to a, b = 1e15) even when one argument is huge and the three log-gammas nearly
 * cancel.
 *
 * With p = min(a, b), q = max(a, b): when p ≥ 10, Stirling's formula for all three terms
 * leaves -½ log q + (p - ½) log(p/(p+q)) + q log1p(-p/(p+q)) + log √(2π) + δ, where
 * δ = c(p) + c(q) - c(p+q) are Stirling remainders; when only q ≥ 10, lgamma(p) plus the same
 * expansion of log Γ(q) - log Γ(p + q). (The decomposition of SLATEC's DLBETA.)
 * NaN for a ≤ 0 or b ≤ 0 (the reflection-extended beta function is not provided); +Infinity
 * if either argument is 0.
 */
export function logBeta(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  const p = Math.min(a, b);
  const q = Math.max(a, b);
  if (p < 0) return NaN;
  if (p === 0) return Infinity;
  if (q === Infinity) return -Infinity;
  const s = p + q;
  if (p >= 10) {
    const corr = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(s);
    return -0.5 * Math.log(q) + LOG_SQRT_2PI + corr + (p - 0.5) * Math.log(p / s) + q * Math.log1p(-p / s);
  }
  if (q >= 10) {
    const corr = stirlingCorrection(q) - stirlingCorrection(s);
    return lgamma(p) + corr + p - p * Math.log(s) + (q - 0.5) * Math.log1p(-p / s);
  }
  return lgamma(p) + lgamma(q) - lgamma(s);
}
