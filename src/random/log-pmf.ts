/**
 * Log-probabilities of Poisson and binomial counts in the saddle-point form of Loader (2000),
 * "Fast and accurate computation of binomial probabilities", for the exact acceptance tests of
 * PTRS and BTRS.
 *
 * Why not `k log λ - λ - lgamma(k + 1)`: at rate 1e15 its terms are near 3e16, where one
 * rounding is worth several units of log-probability, so the accept/reject decision would be
 * noise. Loader's form writes the same quantity as a sum of terms of order one — Stirling's
 * remainder and the deviance `bd0` — so it stays accurate for any mean.
 * @module
 */
import { lgamma, stirlingCorrection } from "../tensor/special/gamma.js";
import { log1pmx } from "../tensor/special/log.js";

const LOG_SQRT_2PI = 0.9189385332046728;
const LOG_2PI = 1.8378770664093453;

/** log k! - [(k + 1/2) log k - k + log √(2π)], the remainder of Stirling's formula, k >= 1. */
function stirlingRemainder(k: number): number {
  if (k >= 10) return stirlingCorrection(k); // log Γ(k + 1) and log Γ(k) share this remainder
  return lgamma(k + 1) - (k + 0.5) * Math.log(k) + k - LOG_SQRT_2PI;
}

/**
 * The deviance term x log(x/μ) + μ - x >= 0, for x, μ > 0. Near x = μ it is μ·g(t) with
 * t = (x - μ)/μ and g(t) = (1 + t) log(1 + t) - t = (1 + t)·log1pmx(t) + t², which avoids
 * subtracting nearly equal large numbers; far from μ the direct form loses little.
 */
function deviance(x: number, mu: number): number {
  const t = (x - mu) / mu;
  if (Math.abs(t) < 0.5) return mu * ((1 + t) * log1pmx(t) + t * t);
  return x * Math.log(x / mu) + mu - x;
}

/** log P(X = k) for X ~ Poisson(rate), integer k >= 0 and rate > 0. */
export function poissonLogPmf(k: number, rate: number): number {
  if (k === 0) return -rate;
  return -stirlingRemainder(k) - deviance(k, rate) - 0.5 * (LOG_2PI + Math.log(k));
}

/** log P(X = k) for X ~ Binomial(n, p), integers 0 <= k <= n and 0 < p < 1. */
export function binomialLogPmf(k: number, n: number, p: number): number {
  const q = 1 - p;
  if (k === 0) return n * Math.log1p(-p);
  if (k === n) return n * Math.log(p);
  const rest = n - k;
  return (
    stirlingRemainder(n) -
    stirlingRemainder(k) -
    stirlingRemainder(rest) -
    deviance(k, n * p) -
    deviance(rest, n * q) +
    0.5 * (Math.log(n / (k * rest)) - LOG_2PI)
  );
}
