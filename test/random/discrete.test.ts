// Distribution tests of the discrete samplers: Pearson chi-square against the exact pmf and
// moments within five standard errors, with fixed keys.
import { test } from "node:test";
import assert from "node:assert/strict";
import { bernoulli, binomial, categorical, key, permutation, poisson } from "../../src/random/index.js";
import { tensor } from "../../src/tensor/tensor.js";
import { lgamma } from "../../src/tensor/special/gamma.js";
import { ndtr } from "../../src/tensor/special/normal.js";
import { assertChiSquare, assertKs, assertMoments, chiSquare } from "./stats.js";

const N = 100_000;

const poissonPmf = (rate: number) => (k: number) => (k < 0 ? 0 : Math.exp(k * Math.log(rate) - rate - lgamma(k + 1)));
const binomialPmf = (n: number, p: number) => (k: number) =>
  k < 0 || k > n
    ? 0
    : Math.exp(lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p));

test("chi-square helper rejects a wrong pmf", () => {
  const x = poisson(key(100), 7, [20_000]).data;
  assert.ok(chiSquare(x, poissonPmf(7), 0, 40).pValue > 0.001);
  assert.ok(chiSquare(x, poissonPmf(7.2), 0, 40).pValue < 1e-6);
});

for (const [rate, seed] of [
  [0.5, 101],
  [7, 102],
  [30, 103],
  [1e4, 104],
] as const) {
  test(`poisson(${rate}): chi-square and moments`, () => {
    const x = poisson(key(seed), rate, [N]).data;
    const sd = Math.sqrt(rate);
    assertChiSquare(x, poissonPmf(rate), 0, Math.ceil(rate + 12 * sd + 20), `poisson(${rate})`);
    assertMoments(x, { mean: rate, variance: rate }, `poisson(${rate})`);
  });
}

test("poisson: rate 0 gives 0; broadcasting over rates", () => {
  const x = poisson(key(105), tensor([0, 3, 50]), [1000, 3]);
  assert.deepEqual(x.shape, [1000, 3]);
  const col = (j: number) => x.data.filter((_, i) => i % 3 === j);
  assert.ok(col(0).every((v) => v === 0));
  assertMoments(col(1), { mean: 3, variance: 3 }, "poisson column 1");
  assertMoments(col(2), { mean: 50, variance: 50 }, "poisson column 2");
});

for (const [n, p, seed] of [
  [5, 0.3, 201],
  [1000, 0.02, 202],
  [1e6, 0.5, 203],
  [50, 0.9, 204],
  [200, 0.7, 205],
] as const) {
  test(`binomial(${n}, ${p}): chi-square and moments`, () => {
    const x = binomial(key(seed), n, p, [N]).data;
    const mean = n * p;
    const sd = Math.sqrt(n * p * (1 - p));
    assertChiSquare(
      x,
      binomialPmf(n, p),
      Math.max(0, Math.floor(mean - 12 * sd)),
      Math.min(n, Math.ceil(mean + 12 * sd)),
      `binomial(${n}, ${p})`,
    );
    assertMoments(x, { mean, variance: n * p * (1 - p) }, `binomial(${n}, ${p})`);
    assert.ok(x.every((v) => v >= 0 && v <= n));
  });
}

test("poisson(1e15) and binomial(2^50, 0.3) are normal to within the test's resolution", () => {
  // Skewness λ^-1/2 ≈ 3e-8: standardised draws are N(0, 1) for any test of this size.
  const rate = 1e15;
  const x = poisson(key(106), rate, [N]).data;
  assert.ok(x.every(Number.isInteger));
  assertKs(
    Float64Array.from(x, (v) => (v - rate) / Math.sqrt(rate)),
    ndtr,
    "standardised poisson(1e15)",
  );
  const n = 2 ** 50;
  const sd = Math.sqrt(n * 0.3 * 0.7);
  const y = binomial(key(207), n, 0.3, [N]).data;
  assertKs(
    Float64Array.from(y, (v) => (v - n * 0.3) / sd),
    ndtr,
    "standardised binomial(2^50, 0.3)",
  );
});

test("binomial edge cases: p = 0, p = 1, n = 0", () => {
  const x = binomial(key(206), tensor([7, 7, 0]), tensor([0, 1, 0.5]), [100, 3]).data;
  for (let i = 0; i < 300; i++) assert.equal(x[i], [0, 7, 0][i % 3]);
});

test("bernoulli: frequencies match probs, p = 0 and p = 1 are exact", () => {
  const x = bernoulli(key(301), tensor([0.3, 0, 1]), [N, 3]).data;
  const col = (j: number) => x.filter((_, i) => i % 3 === j);
  assertChiSquare(col(0), (k) => (k === 1 ? 0.3 : 0.7), 0, 1, "bernoulli(0.3)");
  assert.ok(col(1).every((v) => v === 0));
  assert.ok(col(2).every((v) => v === 1));
});

test("categorical: chi-square against softmax, -Infinity logits never drawn", () => {
  const logits = tensor([0.5, -1, 2, -Infinity, 0]);
  const m = Math.max(...logits.data.filter(Number.isFinite));
  const w = Array.from(logits.data, (l) => Math.exp(l - m));
  const total = w.reduce((a, b) => a + b);
  const x = categorical(key(401), logits, [N]).data;
  assert.ok(x.every((v) => v !== 3));
  assertChiSquare(x, (k) => w[k]! / total, 0, 4, "categorical");
});

test("categorical: batched logits broadcast against the sample shape", () => {
  const logits = tensor([
    [0, 0],
    [0, Math.log(3)],
  ]);
  const x = categorical(key(402), logits, [N / 2, 2]);
  assert.deepEqual(x.shape, [N / 2, 2]);
  assert.deepEqual(categorical(key(402), logits).shape, [2]);
  const col = (j: number) => x.data.filter((_, i) => i % 2 === j);
  assertChiSquare(col(0), () => 0.5, 0, 1, "categorical row 0");
  assertChiSquare(col(1), (k) => (k === 1 ? 0.75 : 0.25), 0, 1, "categorical row 1");
});

test("permutation is a permutation, uniform over the 3! orderings", () => {
  const big = permutation(key(501), 1000);
  assert.deepEqual(
    Array.from(big).sort((a, b) => a - b),
    Array.from({ length: 1000 }, (_, i) => i),
  );
  assert.notDeepEqual(
    Array.from(big),
    Array.from({ length: 1000 }, (_, i) => i),
  );
  const orders = ["012", "021", "102", "120", "201", "210"];
  const index: number[] = [];
  for (let t = 0; t < 30_000; t++) index.push(orders.indexOf(Array.from(permutation(key(10_000 + t), 3)).join("")));
  assert.ok(index.every((i) => i >= 0));
  assertChiSquare(index, () => 1 / 6, 0, 5, "permutation of 3");
  assert.deepEqual(Array.from(permutation(key(1), 0)), []);
  assert.deepEqual(Array.from(permutation(key(1), 1)), [0]);
});
