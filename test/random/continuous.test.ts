// Distribution tests of the samplers whose CDFs have closed forms: moments within five
// standard errors and a KS test, each with a fixed key so the outcome is deterministic.
import { test } from "node:test";
import assert from "node:assert/strict";
import { cauchy, exponential, gumbel, key, laplace, logistic, normal, split, uniform } from "../../src/random/index.js";
import { tensor } from "../../src/tensor/tensor.js";
import { ndtr } from "../../src/tensor/special/normal.js";
import { assertKs, assertMoments } from "./stats.js";

const N = 100_000;
const EULER_GAMMA = 0.5772156649015329;

test("uniform on [0, 1): moments, KS, range", () => {
  const u = uniform(key(11), [N]).data;
  assertMoments(u, { mean: 0.5, variance: 1 / 12 }, "uniform");
  assertKs(u, (x) => x, "uniform");
  assert.ok(u.every((x) => x >= 0 && x < 1));
});

test("uniform with broadcast bounds stays in [low, high) with the right moments", () => {
  const low = tensor([[-3], [10]]);
  const high = tensor([[-2, 5]]);
  assert.throws(() => uniform(key(0), undefined, low, high), /high must be > low, got low 10 and high -2 at index 2/);
  const x = uniform(key(12), [N, 2], tensor([-3, 2]), tensor([-2, 5]));
  assert.deepEqual(x.shape, [N, 2]);
  const col0 = x.data.filter((_, i) => i % 2 === 0);
  const col1 = x.data.filter((_, i) => i % 2 === 1);
  assertMoments(col0, { mean: -2.5, variance: 1 / 12 }, "uniform column 0");
  assertMoments(col1, { mean: 3.5, variance: 9 / 12 }, "uniform column 1");
  assertKs(col1, (v) => (v - 2) / 3, "uniform(2, 5)");
  assert.ok(col0.every((v) => v >= -3 && v < -2) && col1.every((v) => v >= 2 && v < 5));
});

test("uniform never returns high, even when rounding would", () => {
  // Next to 1e16 doubles are spaced by 2, so low + width·u rounds up to high for large u.
  const x = uniform(key(13), [5000], 1e16, 1e16 + 4).data;
  assert.ok(x.every((v) => v >= 1e16 && v < 1e16 + 4));
  assert.ok(
    x.some((v) => v === 1e16 + 2),
    "the middle value occurs",
  );
});

test("normal: moments, KS, prefix stability", () => {
  const z = normal(key(21), [N]).data;
  assertMoments(z, { mean: 0, variance: 1 }, "normal");
  assertKs(z, ndtr, "normal");
  // Odd sizes use the cosine half of the last pair only; a prefix of a larger draw.
  const a = normal(key(21), [7]).data;
  assert.deepEqual(Array.from(a), Array.from(z.subarray(0, 7)));
});

test("exponential: moments and KS", () => {
  const x = exponential(key(31), [N]).data;
  assertMoments(x, { mean: 1, variance: 1 }, "exponential");
  assertKs(x, (v) => -Math.expm1(-v), "exponential");
  assert.ok(x.every((v) => v > 0 && Number.isFinite(v)));
});

test("gumbel: moments and KS", () => {
  const x = gumbel(key(41), [N]).data;
  assertMoments(x, { mean: EULER_GAMMA, variance: (Math.PI * Math.PI) / 6 }, "gumbel");
  assertKs(x, (v) => Math.exp(-Math.exp(-v)), "gumbel");
});

test("laplace: moments and KS", () => {
  const x = laplace(key(51), [N]).data;
  assertMoments(x, { mean: 0, variance: 2 }, "laplace");
  assertKs(x, (v) => (v < 0 ? 0.5 * Math.exp(v) : 1 - 0.5 * Math.exp(-v)), "laplace");
});

test("cauchy: KS and quartiles (it has no moments)", () => {
  const x = cauchy(key(61), [N]).data;
  assertKs(x, (v) => 0.5 + Math.atan(v) / Math.PI, "cauchy");
  // Tail accuracy: the proportion beyond ±100 is 2·atan(1/100)/π ≈ 0.006366 (sd ≈ 0.00025).
  const far = x.filter((v) => Math.abs(v) > 100).length / N;
  assert.ok(Math.abs(far - (2 * Math.atan(0.01)) / Math.PI) < 5 * Math.sqrt(0.006366 / N), `P(|X| > 100) = ${far}`);
});

test("logistic: moments and KS", () => {
  const x = logistic(key(71), [N]).data;
  assertMoments(x, { mean: 0, variance: (Math.PI * Math.PI) / 3 }, "logistic");
  assertKs(x, (v) => 1 / (1 + Math.exp(-v)), "logistic");
});

test("independent keys give uncorrelated normals", () => {
  const [k1, k2] = split(key(81));
  const a = normal(k1!, [N]).data;
  const b = normal(k2!, [N]).data;
  let c = 0;
  for (let i = 0; i < N; i++) c += a[i]! * b[i]!;
  // The correlation estimate has standard error 1/√N.
  assert.ok(Math.abs(c / N) < 5 / Math.sqrt(N), `correlation ${c / N}`);
});
