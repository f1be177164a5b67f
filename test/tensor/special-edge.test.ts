/**
 * Special functions at the edges of their domains (poles, infinities, invalid input), exact
 * values, and identities that tie them together (complements, symmetries, inverse round trips).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as s from "../../src/tensor/special.js";
import { assertClose } from "../helpers/assert.js";

test("logistic family: infinities, bounds, invalid probabilities", () => {
  assert.equal(s.softplus(Infinity), Infinity);
  assert.equal(s.softplus(-Infinity), 0);
  assert.equal(s.softplus(-800), 0);
  assert.equal(s.softplus(800), 800);
  assert.equal(s.logSigmoid(-Infinity), -Infinity);
  assert.equal(s.logSigmoid(-800), -800);
  assert.equal(s.logit(0), -Infinity);
  assert.equal(s.logit(1), Infinity);
  assert.equal(s.logit(0.5), 0);
  assert.ok(Number.isNaN(s.logit(-0.1)));
  assert.ok(Number.isNaN(s.logit(1.1)));
  assert.ok(Number.isNaN(s.softplus(NaN)));
  // logit inverts the sigmoid, including near 1/2 where it crosses 0
  for (const x of [-30, -2, -1e-9, 3e-12, 0.7, 15])
    assertClose(s.logit(1 / (1 + Math.exp(-x))), x, { rtol: 1e-10, atol: 1e-15 });
});

test("xlogy and xlog1py are 0 at x = 0, even where the log is infinite", () => {
  assert.equal(s.xlogy(0, 0), 0);
  assert.equal(s.xlogy(0, Infinity), 0);
  assert.equal(s.xlogy(1, 0), -Infinity);
  assert.ok(Number.isNaN(s.xlogy(0, NaN)));
  assert.equal(s.xlog1py(0, -1), 0);
  assert.equal(s.xlog1py(2, -1), -Infinity);
});

test("error functions: limits, oddness, complements", () => {
  assert.equal(s.erf(Infinity), 1);
  assert.equal(s.erf(-Infinity), -1);
  assert.ok(Object.is(s.erf(-0), -0));
  assert.equal(s.erfc(Infinity), 0);
  assert.equal(s.erfc(-Infinity), 2);
  assert.equal(s.erfcx(Infinity), 0);
  assert.equal(s.erfcx(-Infinity), Infinity);
  assert.ok(Number.isNaN(s.erf(NaN)) && Number.isNaN(s.erfc(NaN)) && Number.isNaN(s.erfcx(NaN)));
  for (const x of [0.1, 0.6, 1.3, 2.2, 4.5]) {
    assert.equal(s.erf(-x), -s.erf(x));
    assertClose(s.erfc(-x), 2 - s.erfc(x), { rtol: 1e-15 });
    assertClose(s.erf(x) + s.erfc(x), 1, { rtol: 2e-16 });
  }
  // erfcx continues smoothly where erfc underflows: ~ 1/(x√π)
  assertClose(s.erfcx(1e10), 1 / (1e10 * Math.sqrt(Math.PI)), { rtol: 1e-15 });
});

test("normal CDF and quantile: limits, symmetry, round trips", () => {
  assert.equal(s.ndtr(-Infinity), 0);
  assert.equal(s.ndtr(Infinity), 1);
  assert.equal(s.ndtr(0), 0.5);
  assert.equal(s.logNdtr(-Infinity), -Infinity);
  assert.ok(s.logNdtr(Infinity) === 0);
  assert.equal(s.ndtri(0), -Infinity);
  assert.equal(s.ndtri(1), Infinity);
  assert.equal(s.ndtri(0.5), 0);
  assert.ok(Number.isNaN(s.ndtri(-0.1)) && Number.isNaN(s.ndtri(1.1)) && Number.isNaN(s.ndtri(NaN)));
  assert.equal(s.erfinv(1), Infinity);
  assert.equal(s.erfinv(-1), -Infinity);
  assert.ok(Number.isNaN(s.erfinv(1.5)));
  assert.equal(s.erfcinv(0), Infinity);
  assert.equal(s.erfcinv(2), -Infinity);
  assert.ok(Number.isNaN(s.erfcinv(-1)));
  for (const p of [1e-300, 1e-30, 1e-5, 0.03, 0.2, 0.5, 0.77, 0.95])
    assertClose(s.ndtr(s.ndtri(p)), p, { rtol: 1e-14 });
  // 1 - p rounds, moving a 1e-5 quantile by up to 2.5e-12
  for (const p of [1e-5, 0.03, 0.2, 0.77, 0.95]) assertClose(s.ndtri(1 - p), -s.ndtri(p), { rtol: 1e-11 });
  for (const y of [-0.999, -0.3, 1e-12, 0.5, 0.9, 0.999999]) assertClose(s.erf(s.erfinv(y)), y, { rtol: 2e-15 });
  for (const z of [1e-200, 1e-8, 0.3, 1, 1.7]) assertClose(s.erfc(s.erfcinv(z)), z, { rtol: 2e-14 });
  // far tail of log Φ: -x²/2 - log(-x) - log √(2π) + O(1/x²)
  const x = -1e6;
  assertClose(s.logNdtr(x), -0.5 * x * x - Math.log(-x) - 0.5 * Math.log(2 * Math.PI) - 1 / (x * x), { rtol: 1e-15 });
});

test("lgamma: poles, exact small factorials, reflection, huge arguments", () => {
  const factorials = [1, 1, 2, 6, 24, 120, 720, 5040, 40320];
  for (let n = 1; n <= 9; n++) assert.equal(s.lgamma(n), Math.log(factorials[n - 1]!), `lgamma(${n})`);
  for (const pole of [0, -0, -1, -2, -50, -Infinity, Infinity])
    assert.equal(s.lgamma(pole), Infinity, `lgamma(${pole})`);
  assert.ok(Number.isNaN(s.lgamma(NaN)));
  assertClose(s.lgamma(0.5), 0.5 * Math.log(Math.PI), { rtol: 1e-15 });
  assertClose(s.lgamma(-0.5), Math.log(2 * Math.sqrt(Math.PI)), { rtol: 1e-15 });
  assert.equal(s.lgamma(3e305), Infinity); // log Γ overflows beyond about 2.55e305
  assertClose(s.lgamma(5e-324), -Math.log(5e-324), { rtol: 1e-15 });
  assert.equal(s.logFactorial(0), 0);
  assertClose(s.logFactorial(20), Math.log(2432902008176640000), { rtol: 1e-15 });
  assert.throws(() => s.logFactorial(-1), /logFactorial: n must be >= 0, got -1/);
  assert.throws(() => s.logFactorial(NaN), /got NaN/);
  // recurrence log Γ(x+1) = log Γ(x) + log x across every branch boundary
  for (const x of [0.3, 0.5, 1.5, 2.5, 7.7, 9.5, 10, 33.3])
    assertClose(s.lgamma(x + 1), s.lgamma(x) + Math.log(x), { rtol: 1e-14, atol: 1e-15 });
});

test("digamma and trigamma: poles, root, recurrences", () => {
  assert.ok(Number.isNaN(s.digamma(0)) && Number.isNaN(s.digamma(-3)) && Number.isNaN(s.digamma(-Infinity)));
  assert.equal(s.digamma(Infinity), Infinity);
  assert.equal(s.trigamma(0), Infinity);
  assert.equal(s.trigamma(-4), Infinity);
  assert.equal(s.trigamma(Infinity), 0);
  assertClose(s.digamma(1), -0.5772156649015329, { rtol: 1e-15 });
  assertClose(s.trigamma(1), (Math.PI * Math.PI) / 6, { rtol: 1e-15 });
  assertClose(s.trigamma(0.5), (Math.PI * Math.PI) / 2, { rtol: 1e-15 });
  assert.ok(Math.abs(s.digamma(1.4616321449683622)) < 1e-16);
  for (const x of [0.2, 0.9, 1.3, 2.4, 6, 9.6, 12]) {
    assertClose(s.digamma(x + 1), s.digamma(x) + 1 / x, { rtol: 2e-15, atol: 1e-16 });
    assertClose(s.trigamma(x + 1), s.trigamma(x) - 1 / (x * x), { rtol: 2e-15 });
  }
  assert.equal(s.hurwitzZeta(1, 2), Infinity);
  assert.ok(Number.isNaN(s.hurwitzZeta(0.5, 2)) && Number.isNaN(s.hurwitzZeta(2, -1)));
});

test("logBeta: symmetric, edge arguments, agrees with lgamma where nothing cancels", () => {
  assert.equal(s.logBeta(0, 1), Infinity);
  assert.ok(Number.isNaN(s.logBeta(-1, 1)) && Number.isNaN(s.logBeta(1, NaN)));
  for (const [a, b] of [
    [0.3, 2],
    [4, 7.5],
    [12, 0.4],
    [30, 45],
  ] as const) {
    assert.equal(s.logBeta(a, b), s.logBeta(b, a));
    assertClose(s.logBeta(a, b), s.lgamma(a) + s.lgamma(b) - s.lgamma(a + b), { rtol: 1e-13 });
  }
  assertClose(s.logBeta(1, 1e10), -Math.log(1e10), { rtol: 1e-15 });
});

test("incomplete gamma: domain, limits, P + Q = 1", () => {
  assert.equal(s.gammaincP(0, 1), 1);
  assert.equal(s.gammaincQ(0, 1), 0);
  assert.equal(s.gammaincP(2, 0), 0);
  assert.equal(s.gammaincQ(2, 0), 1);
  assert.equal(s.gammaincP(2, Infinity), 1);
  assert.equal(s.gammaincQ(2, Infinity), 0);
  for (const [a, x] of [
    [-1, 1],
    [1, -1],
    [0, 0],
    [NaN, 1],
    [1, NaN],
  ] as const) {
    assert.ok(Number.isNaN(s.gammaincP(a, x)) && Number.isNaN(s.gammaincQ(a, x)), `(${a}, ${x})`);
  }
  for (const a of [0.05, 0.7, 1, 3.3, 42, 900]) {
    for (const r of [0.01, 0.5, 0.99, 1, 1.01, 3]) {
      const x = a * r;
      assertClose(s.gammaincP(a, x) + s.gammaincQ(a, x), 1, { rtol: 1e-14, what: `P+Q at (${a}, ${x})` });
    }
  }
  // closed forms: P(1, x) = 1 - e^-x, Q(1/2, x) = erfc(√x)
  for (const x of [1e-8, 0.3, 2, 40]) {
    assertClose(s.gammaincP(1, x), -Math.expm1(-x), { rtol: 1e-14 });
    assertClose(s.gammaincQ(0.5, x), s.erfc(Math.sqrt(x)), { rtol: 1e-14 });
  }
});

test("incomplete beta: domain, symmetry, closed forms, huge equal shapes", () => {
  assert.equal(s.betainc(2, 3, 0), 0);
  assert.equal(s.betainc(2, 3, 1), 1);
  for (const [a, b, x] of [
    [0, 1, 0.5],
    [1, -1, 0.5],
    [1, 1, -0.1],
    [1, 1, 1.1],
    [1, 1, NaN],
  ] as const) {
    assert.ok(Number.isNaN(s.betainc(a, b, x)), `(${a}, ${b}, ${x})`);
  }
  for (const [a, b, x] of [
    [0.2, 0.3, 0.4],
    [2, 5, 0.1],
    [30, 12, 0.75],
    [200, 300, 0.41],
  ] as const) {
    assertClose(s.betainc(a, b, x) + s.betainc(b, a, 1 - x), 1, { rtol: 1e-14 });
  }
  for (const x of [1e-9, 0.25, 0.9]) {
    assertClose(s.betainc(1, 1, x), x, { rtol: 1e-15 });
    assertClose(s.betainc(2.5, 1, x), Math.pow(x, 2.5), { rtol: 1e-14 });
    assertClose(s.betainc(1, 3, x), -Math.expm1(3 * Math.log1p(-x)), { rtol: 1e-14 });
  }
  // I_{1/2}(a, a) = 1/2 exactly; the continued fraction must converge for large shapes
  for (const a of [0.01, 1, 37, 1e3, 1e5, 1e6])
    assertClose(s.betainc(a, a, 0.5), 0.5, { rtol: 1e-13, atol: 0, what: `a=${a}` });
  assertClose(s.betainc(1e7, 1e7, 0.5), 0.5, { rtol: 1e-12, atol: 0 });
});

test("inverses: endpoints, invalid input, round trips", () => {
  assert.equal(s.gammaincinv(2, 0), 0);
  assert.equal(s.gammaincinv(2, 1), Infinity);
  assert.equal(s.betaincinv(2, 3, 0), 0);
  assert.equal(s.betaincinv(2, 3, 1), 1);
  assert.ok(
    Number.isNaN(s.gammaincinv(0, 0.5)) && Number.isNaN(s.gammaincinv(2, 1.5)) && Number.isNaN(s.gammaincinv(2, NaN)),
  );
  assert.ok(Number.isNaN(s.betaincinv(-1, 2, 0.5)) && Number.isNaN(s.betaincinv(1, 2, -0.5)));
  // quantiles far below the smallest double round to 0
  assert.equal(s.gammaincinv(0.001, 1e-20), 0);
  assert.equal(s.betaincinv(0.01, 3, 1e-50), 0);
  // Round trips hold to 1e-12 plus what one ulp of x moves the CDF (a U-shaped Beta(0.05, 0.05)
  // has its 0.9-quantile at 1 - 1e-14, where neighbouring doubles differ by 5e-4 in I).
  const ulpSlack = (density: number, x: number) => 4 * density * x * 2 ** -52;
  for (const a of [0.03, 0.8, 4, 60, 2500, 1e6]) {
    for (const p of [1e-12, 0.01, 0.4, 0.5, 0.9, 0.999999]) {
      const x = s.gammaincinv(a, p);
      if (x === 0) {
        // allowed only when the true quantile is below the smallest positive double
        assert.ok(s.gammaincP(a, Number.MIN_VALUE) >= p, `gammaincinv(${a}, ${p}) = 0`);
        continue;
      }
      const back = p <= 0.5 ? s.gammaincP(a, x) : 1 - s.gammaincQ(a, x);
      const density = Math.exp((a - 1) * Math.log(x) - x - s.lgamma(a));
      assertClose(back, p, { rtol: 1e-12, atol: ulpSlack(density, x), what: `P(${a}, gammaincinv(${a}, ${p}))` });
    }
  }
  for (const [a, b] of [
    [0.05, 0.05],
    [0.5, 3],
    [2, 2],
    [8, 0.7],
    [120, 80],
    [1e5, 2e5],
  ] as const) {
    for (const p of [1e-12, 0.01, 0.4, 0.5, 0.9, 0.999999]) {
      const x = s.betaincinv(a, b, p);
      if (x === 0) {
        assert.ok(s.betainc(a, b, Number.MIN_VALUE) >= p, `betaincinv(${a}, ${b}, ${p}) = 0`);
        continue;
      }
      const density = Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - s.logBeta(a, b));
      assertClose(s.betainc(a, b, x), p, {
        rtol: 1e-12,
        atol: ulpSlack(density, x),
        what: `I(betaincinv(${a}, ${b}, ${p}))`,
      });
    }
  }
});

test("sinPi and cosPi hit their zeros exactly", () => {
  for (const n of [-7, -1, 0, 1, 2, 1e6, 2 ** 53]) assert.equal(Math.abs(s.sinPi(n)), 0, `sinPi(${n})`);
  for (const n of [-6.5, -0.5, 0.5, 1.5, 1e6 + 0.5]) assert.equal(Math.abs(s.cosPi(n)), 0, `cosPi(${n})`);
  assert.ok(Number.isNaN(s.sinPi(Infinity)) && Number.isNaN(s.cosPi(-Infinity)));
});
