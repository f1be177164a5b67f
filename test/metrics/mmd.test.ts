import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "../helpers/assert.js";
import { medianPairwiseDistance, mmd } from "../../src/metrics/index.js";
import { key, normal, split } from "../../src/random/index.js";

test("mmd: hand-computed example with a given bandwidth", () => {
  // x = {0, 1}, y = {2, 3}, sigma = 1: k(a, b) = exp(-(a-b)^2 / 2).
  // Within-sample terms: k(0,1) = k(2,3) = e^-1/2. Cross terms: (2 e^-2 + e^-4.5 + e^-0.5) * 2/4.
  const expected = 1.5 * Math.exp(-0.5) - Math.exp(-2) - 0.5 * Math.exp(-4.5);
  assertClose(mmd([0, 1], [2, 3], { bandwidth: 1 }), expected);
  assertClose(mmd([[0], [1]], [[2], [3]], { bandwidth: 1 }), expected);
});

test("mmd: median heuristic is the median pairwise distance of the pooled sample", () => {
  // Pooled {0, 1, 2, 3}: distances 1, 1, 1, 2, 2, 3; median (1 + 2) / 2 = 1.5.
  assertClose(medianPairwiseDistance([0, 1, 2, 3].map((v) => Float64Array.of(v))), 1.5);
  const g = (r: number): number => Math.exp(-(r * r) / (2 * 1.5 * 1.5));
  const expected = 2 * g(1) - 0.5 * (2 * g(2) + g(3) + g(1));
  assertClose(mmd([0, 1], [2, 3]), expected);
  assertClose(mmd([0, 1], [2, 3], { bandwidth: 1.5 }), expected);
});

test("mmd is 0 in expectation for samples of one distribution, positive otherwise", () => {
  // Fixed seeds: 20 pairs of independent N(0, 1) samples of 60 points. The unbiased estimator
  // scatters around 0 (single values can be negative); its mean over the pairs must sit within
  // three standard errors of 0, while a shift of one standard deviation stands far above that.
  const pairs = 20;
  const same: number[] = [];
  const shifted: number[] = [];
  for (let s = 0; s < pairs; s++) {
    const [kx, ky] = split(key(1000 + s));
    const x = Array.from(normal(kx!, [60]).data);
    const y = Array.from(normal(ky!, [60]).data);
    same.push(mmd(x, y));
    shifted.push(
      mmd(
        x,
        y.map((v) => v + 1),
      ),
    );
  }
  const mean = same.reduce((a, b) => a + b, 0) / pairs;
  const sd = Math.sqrt(same.reduce((a, b) => a + (b - mean) ** 2, 0) / (pairs - 1));
  assert.ok(Math.abs(mean) < (3 * sd) / Math.sqrt(pairs), `mean ${mean}, sd ${sd}`);
  assert.ok(
    same.some((v) => v < 0),
    "the unbiased estimator should sometimes be negative",
  );
  const shiftedMean = shifted.reduce((a, b) => a + b, 0) / pairs;
  assert.ok(shiftedMean > 10 * sd, `shifted mean ${shiftedMean}, null sd ${sd}`);
});

test("mmd in two dimensions is invariant to rotating both samples", () => {
  const x = [
    [0, 0],
    [1, 0],
    [0, 2],
  ];
  const y = [
    [1, 1],
    [2, 3],
  ];
  const rot = (p: number[]): number[] => [-p[1]!, p[0]!];
  assertClose(mmd(x.map(rot), y.map(rot)), mmd(x, y));
});

test("mmd input errors name the value", () => {
  assert.throws(() => mmd([0], [1, 2]), /mmd: x has 1 point/);
  assert.throws(() => mmd([0, 1], [1, 2], { bandwidth: 0 }), /bandwidth is 0/);
  assert.throws(() => mmd([1, 1], [1, 1]), /median-heuristic bandwidth is 0/);
  assert.throws(() => mmd([0, NaN], [1, 2]), /x row 1 is NaN|x row 1\[0\] is NaN/);
  assert.throws(
    () =>
      mmd(
        [
          [0, 1],
          [1, 1],
        ],
        [[1], [2]],
      ),
    /y row 0 has 1 coordinates, expected 2/,
  );
});
