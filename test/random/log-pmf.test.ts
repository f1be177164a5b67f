// The Poisson and binomial log-pmfs behind the PTRS and BTRS acceptance tests: equal to the
// textbook lgamma formulas where those are accurate, and still exact at means near 1e15.
import { test } from "node:test";
import { binomialLogPmf, poissonLogPmf } from "../../src/random/log-pmf.js";
import { lgamma } from "../../src/tensor/special/gamma.js";
import { assertClose } from "../helpers/assert.js";

test("poissonLogPmf matches k log λ - λ - log k! at moderate rates", () => {
  for (const rate of [0.3, 10, 30, 1000]) {
    for (const k of [0, 1, 2, 5, 9, 10, 11, 25, 40, 100, 990, 1000, 1100]) {
      const direct = k * Math.log(rate) - rate - lgamma(k + 1);
      assertClose(poissonLogPmf(k, rate), direct, { rtol: 1e-13, atol: 1e-11, what: `log p(${k}; ${rate})` });
    }
  }
});

test("poissonLogPmf at rate 1e15 agrees with Stirling's expansion", () => {
  // log p(λ; λ) = -½ log(2πλ) - 1/(12λ) + O(λ^-2); the textbook formula is off by units here.
  const rate = 1e15;
  assertClose(poissonLogPmf(rate, rate), -0.5 * Math.log(2 * Math.PI * rate), { rtol: 1e-15, atol: 0 });
  // One standard deviation out: log p ≈ -½ log(2πλ) - ½ + O(λ^-1/2).
  const sd = Math.sqrt(rate);
  assertClose(poissonLogPmf(rate + sd, rate), -0.5 * Math.log(2 * Math.PI * rate) - 0.5, { atol: 1e-6 });
});

test("binomialLogPmf matches log C(n, k) + k log p + (n - k) log q at moderate n", () => {
  for (const [n, p] of [
    [20, 0.3],
    [1000, 0.02],
    [5000, 0.5],
  ] as const) {
    for (const k of [0, 1, 3, 9, 10, 11, Math.floor(n * p), n - 11, n - 1, n]) {
      const direct = lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p);
      assertClose(binomialLogPmf(k, n, p), direct, { rtol: 1e-12, atol: 1e-10, what: `log f(${k}; ${n}, ${p})` });
    }
  }
});

test("binomialLogPmf at n = 2^50 agrees with the central-binomial expansion", () => {
  // log[C(n, n/2) 2^-n] = -½ log(πn/2) - 1/(4n) + O(n^-3).
  const n = 2 ** 50;
  assertClose(binomialLogPmf(n / 2, n, 0.5), -0.5 * Math.log((Math.PI * n) / 2), { rtol: 1e-15, atol: 0 });
});
