// The truncated normal against its exact CDF and moments, including intervals far in the
// tails where naive rejection would never finish.
import { test } from "node:test";
import assert from "node:assert/strict";
import { key, truncatedNormal } from "../../src/random/index.js";
import { tensor } from "../../src/tensor/tensor.js";
import { erfc } from "../../src/tensor/special/erf.js";
import { assertKs, assertMoments } from "./stats.js";

const N = 50_000;

/** Upper tail Q(x) = P(Z > x), accurate relative to its size far into the right tail. */
const upperTail = (x: number) => 0.5 * erfc(x / Math.SQRT2);
const density = (x: number) => (Number.isFinite(x) ? Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI) : 0);

/**
 * CDF and moments of N(0, 1) truncated to [a, b], in terms of upper tails (or lower tails by
 * symmetry when the interval lies left of 0) so no digits are lost far out.
 */
function exact(a: number, b: number) {
  const left = b <= 0; // mirror: P(a < Z < x) = Q(-x) - Q(-a)... written with lower tails
  const mass = left ? upperTail(-b) - upperTail(-a) : upperTail(a) - upperTail(b);
  const cdf = (x: number) => (left ? (upperTail(-x) - upperTail(-a)) / mass : (upperTail(a) - upperTail(x)) / mass);
  const mean = (density(a) - density(b)) / mass;
  const ad = Number.isFinite(a) ? a * density(a) : 0;
  const bd = Number.isFinite(b) ? b * density(b) : 0;
  const variance = 1 + (ad - bd) / mass - mean * mean;
  return { cdf, mean, variance };
}

const intervals: [number, number][] = [
  [-1, 2], // contains 0, wide: normal proposals
  [-1.2, 1.2], // contains 0, narrower than √(2π): uniform proposals
  [0.3, 1.4], // one-sided, (b² - a²)/2 <= 1: uniform proposals
  [3, Infinity], // one-sided tail: exponential proposals
  [8, 9], // far tail
  [-Infinity, -10], // far left tail
  [-5, -4.5],
];

for (const [t, [a, b]] of intervals.entries()) {
  test(`truncatedNormal on [${a}, ${b}]: moments and KS`, () => {
    const x = truncatedNormal(key(800 + t), a, b, [N]).data;
    assert.ok(
      x.every((v) => v >= a && v <= b),
      "draws lie in the interval",
    );
    const { cdf, mean, variance } = exact(a, b);
    assertMoments(x, { mean, variance }, `truncatedNormal[${a}, ${b}]`);
    assertKs(x, cdf, `truncatedNormal[${a}, ${b}]`);
  });
}

test("truncatedNormal: bounds broadcast to the sample shape", () => {
  const x = truncatedNormal(key(820), tensor([-Infinity, 0]), tensor([0, Infinity]), [1000, 2]);
  assert.deepEqual(x.shape, [1000, 2]);
  assert.ok(x.data.every((v, i) => (i % 2 === 0 ? v <= 0 : v >= 0)));
  assert.deepEqual(truncatedNormal(key(820), tensor([[0], [1]]), tensor([2, 3, 4])).shape, [2, 3]);
});

test("truncatedNormal on a tiny interval [1, 1 + 1e-9] is uniform on it", () => {
  // The density varies by a factor e^{-1e-9} across it: uniform to far better than the test resolves.
  const x = truncatedNormal(key(821), 1, 1 + 1e-9, [N]).data;
  assert.ok(x.every((v) => v >= 1 && v <= 1 + 1e-9));
  assertKs(x, (v) => Math.min(1, Math.max(0, (v - 1) / 1e-9)), "truncatedNormal[1, 1 + 1e-9]");
});
