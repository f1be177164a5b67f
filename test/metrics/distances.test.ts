import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "../helpers/assert.js";
import { energyDistance, energyDistanceMultivariate, wasserstein1 } from "../../src/metrics/index.js";
import { reference } from "./referenceValues.js";

test("wasserstein1 matches scipy.stats.wasserstein_distance on every reference case", () => {
  for (const [i, c] of reference.wasserstein_distance.cases.entries()) {
    assertClose(wasserstein1(c.u, c.v, c.u_weights, c.v_weights), c.value, { what: `case ${i}` });
  }
});

test("wasserstein1: unnormalised weights, symmetry, translation", () => {
  assertClose(wasserstein1([0, 1], [0, 1], [30, 10], [1, 1]), 0.25);
  assertClose(wasserstein1([5, 6, 8], [0, 1, 3]), 5);
  assertClose(wasserstein1([2.5], [0, 1, 2, 3]), (2.5 + 1.5 + 0.5 + 0.5) / 4);
  assert.equal(wasserstein1([1, 2, 2], [2, 1, 2]), 0);
});

/** sqrt(2 E|X-Y| - E|X-X'| - E|Y-Y'|) over all pairs, self-pairs included. */
function energyByPairs(u: number[], v: number[]): number {
  const mean = (a: number[], b: number[]): number => {
    let s = 0;
    for (const p of a) for (const q of b) s += Math.abs(p - q);
    return s / (a.length * b.length);
  };
  return Math.sqrt(2 * mean(u, v) - mean(u, u) - mean(v, v));
}

test("energyDistance: hand-computed example", () => {
  // u = {0, 1}, v = {2}: E|X-Y| = 3/2, E|X-X'| = 1/2, E|Y-Y'| = 0, so D^2 = 3 - 1/2 = 5/2.
  assertClose(energyDistance([0, 1], [2]), Math.sqrt(2.5));
  // Weighted: u = 0 with weight 3, 1 with weight 1; v = {2}. E|X-Y| = (3*2 + 1)/4 = 7/4,
  // E|X-X'| = 2 * (3/4)(1/4) = 3/8, so D^2 = 7/2 - 3/8 = 25/8.
  assertClose(energyDistance([0, 1], [2], [3, 1]), Math.sqrt(25 / 8));
});

test("energyDistance equals the pairwise definition on the KS reference samples", () => {
  const { x, y } = reference.ks_2samp;
  assertClose(energyDistance(x, y), energyByPairs(x, y));
  assert.equal(energyDistance([1, 2, 3], [3, 2, 1]), 0);
});

test("multivariate energy distance equals the 1-D one on one-column data", () => {
  const { x, y } = reference.ks_2samp;
  const col = (a: number[]): number[][] => a.map((v) => [v]);
  assertClose(energyDistanceMultivariate(col(x), col(y)), energyDistance(x, y));
  assertClose(energyDistanceMultivariate([[0], [1]], [[2]]), Math.sqrt(2.5));
});

test("multivariate energy distance: rotation invariance and a 2-D hand example", () => {
  // x = {(0,0)}, y = {(3,4)}: D^2 = 2 * 5 = 10. Rotating both by 90 degrees changes nothing.
  assertClose(energyDistanceMultivariate([[0, 0]], [[3, 4]]), Math.sqrt(10));
  assertClose(energyDistanceMultivariate([[0, 0]], [[-4, 3]]), Math.sqrt(10));
  assert.equal(
    energyDistanceMultivariate(
      [
        [1, 2],
        [3, 4],
      ],
      [
        [3, 4],
        [1, 2],
      ],
    ),
    0,
  );
});

test("distance input errors name the value", () => {
  assert.throws(() => wasserstein1([], [1]), /wasserstein1: u is empty/);
  assert.throws(() => wasserstein1([0, 1], [1], [1]), /uWeights has length 1, expected 2/);
  assert.throws(() => wasserstein1([0, 1], [1], [1, -1]), /uWeights\[1\] is -1/);
  assert.throws(() => wasserstein1([0, 1], [1], [0, 0]), /uWeights sum to 0/);
  assert.throws(() => energyDistance([0, Infinity], [1]), /energyDistance: u\[1\] is Infinity/);
  assert.throws(() => energyDistanceMultivariate([[0, 1]], [[1]]), /y row 0 has 1 coordinates, expected 2/);
});
