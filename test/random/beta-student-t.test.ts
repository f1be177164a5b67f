// Beta and Student-t samples (both built from gamma draws) against the regularised
// incomplete beta function, with moments within five standard errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { beta, key, studentT } from "../../src/random/index.js";
import { tensor } from "../../src/tensor/tensor.js";
import { ndtr } from "../../src/tensor/special/normal.js";
import { betainc } from "../../src/tensor/special/incompleteBeta.js";
import { assertKs, assertMoments } from "./stats.js";

const N = 50_000;

for (const [a, b, seed] of [
  [0.3, 0.3, 901],
  [2, 5, 902],
  [0.05, 40, 903],
  [500, 300, 904],
] as const) {
  test(`beta(${a}, ${b}): moments and KS against I_x(a, b)`, () => {
    const x = beta(key(seed), a, b, [N]).data;
    assert.ok(x.every((v) => v >= 0 && v <= 1));
    const s = a + b;
    assertMoments(x, { mean: a / s, variance: (a * b) / (s * s * (s + 1)) }, `beta(${a}, ${b})`);
    assertKs(x, (v) => betainc(a, b, v), `beta(${a}, ${b})`);
  });
}

test("beta with tiny parameters piles up at 0 and 1 in the right proportions, never NaN", () => {
  // Beta(0.001, 0.002): both gamma draws usually underflow; X → 1 with probability b/(a+b) = 2/3 in the limit.
  const x = beta(key(905), 0.001, 0.002, [30_000]).data;
  assert.ok(x.every((v) => v >= 0 && v <= 1));
  const nearOne = x.filter((v) => v > 0.5).length / x.length;
  const p = betainc(0.002, 0.001, 0.5); // P(X > 1/2) = I_{1/2}(b, a)
  assert.ok(Math.abs(nearOne - p) < 5 * Math.sqrt((p * (1 - p)) / x.length), `P(X > 1/2) = ${nearOne}, expected ${p}`);
});

/** CDF of Student's t with ν degrees of freedom, by the incomplete beta function. */
function studentTCdf(nu: number) {
  return (t: number) => {
    const tail = 0.5 * betainc(nu / 2, 0.5, nu / (nu + t * t));
    return t < 0 ? tail : 1 - tail;
  };
}

for (const [nu, seed] of [
  [0.5, 911],
  [3, 912],
  [30, 913],
] as const) {
  test(`studentT(${nu}): KS against the incomplete-beta CDF`, () => {
    assertKs(studentT(key(seed), nu, [N]).data, studentTCdf(nu), `studentT(${nu})`);
  });
}

test("studentT(10): moments; df = Infinity is the normal limit of the same draws; df broadcasts", () => {
  assertMoments(studentT(key(914), 10, [N]).data, { mean: 0, variance: 10 / 8 }, "studentT(10)");
  const inf = studentT(key(915), Infinity, [N]).data;
  assertMoments(inf, { mean: 0, variance: 1 }, "studentT(Infinity)");
  assertKs(inf, ndtr, "studentT(Infinity)");
  // For huge ν the chi-square scale is 1 + O(ν^-1/2): each draw is its ν = ∞ value, nearly.
  const huge = studentT(key(915), 1e14, [1000]).data;
  for (let i = 0; i < 1000; i++) assert.ok(Math.abs(huge[i]! - inf[i]!) <= 1e-5 * (1 + Math.abs(inf[i]!)));
  assert.deepEqual(studentT(key(916), tensor([1, 2, 3])).shape, [3]);
});
