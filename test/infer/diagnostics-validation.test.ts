// Bad input is rejected with an error naming the value and what was expected.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  effectiveSampleSize,
  essBulk,
  essQuantile,
  gelmanRubin,
  hpdi,
  mcseQuantile,
  quantiles,
  rhat,
  splitGelmanRubin,
  summary,
} from "../../src/infer/diagnostics/index.js";

const ok = [
  [1, 2, 3, 4, 5, 6],
  [2, 3, 1, 5, 4, 6],
];

test("chains of unequal length are rejected", () => {
  assert.throws(
    () =>
      rhat([
        [1, 2, 3, 4, 5],
        [1, 2, 3, 4],
      ]),
    /rhat: chains must have equal length, but chain 0 has 5 draws and chain 1 has 4/,
  );
});

test("too few draws per chain are rejected with the minimum", () => {
  assert.throws(() => splitGelmanRubin([[1, 2, 3]]), /splitGelmanRubin: need at least 4 draws per chain, got 3/);
  assert.throws(
    () =>
      essBulk([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    /essBulk: need at least 4 draws per chain, got 3/,
  );
  assert.throws(() => gelmanRubin([[1]]), /gelmanRubin: need at least 2 draws per chain, got 1/);
  assert.throws(() => effectiveSampleSize([[1], [2]]), /effectiveSampleSize: need at least 2 draws per chain, got 1/);
});

test("missing chains and non-arrays are rejected", () => {
  assert.throws(
    () => rhat([]),
    /rhat: expected draws as a non-empty array of chains \(chains × draws\), got an array of length 0/,
  );
  assert.throws(
    () => rhat([1, 2, 3] as unknown as number[][]),
    /rhat: chain 0 must be an array of numbers, got number/,
  );
});

test("non-finite draws are rejected with their position", () => {
  assert.throws(
    () =>
      rhat([
        [1, 2, 3, 4],
        [1, NaN, 3, 4],
      ]),
    /rhat: draws must be finite numbers, got NaN at chain 1, draw 1/,
  );
  assert.throws(() => hpdi([1, Infinity]), /hpdi: draws must be finite numbers, got Infinity at chain 0, draw 1/);
});

test("probabilities outside their range are rejected", () => {
  assert.throws(() => essQuantile(ok, 1.5), /essQuantile: prob must be a probability in \[0, 1\], got 1.5/);
  assert.throws(() => mcseQuantile(ok, -0.1), /mcseQuantile: prob must be a probability in \[0, 1\], got -0.1/);
  assert.throws(() => hpdi([1, 2, 3], 1), /hpdi: prob must lie in \(0, 1\), got 1/);
  assert.throws(() => hpdi([], 0.5), /hpdi: need at least one draw, got none/);
  assert.throws(() => quantiles([1, 2], [NaN]), /quantiles: probabilities must lie in \[0, 1\], got NaN/);
});

test("summary rejects an inconsistent parameter layout", () => {
  const block = Float64Array.from({ length: 12 }, (_, i) => i);
  assert.throws(() => summary({ chains: [block], dim: 0 }), /summary: dim must be a positive integer, got 0/);
  assert.throws(
    () => summary({ chains: [block], dim: 5 }),
    /summary: chain 0 has 12 values, not a multiple of dim = 5/,
  );
  assert.throws(
    () => summary({ chains: [block, block.subarray(0, 6)], dim: 3 }),
    /summary: chains must have equal length, but chain 0 has 4 draws and chain 1 has 2/,
  );
  assert.throws(() => summary({ chains: [block], dim: 3, names: ["a"] }), /summary: expected 3 parameter names, got 1/);
  assert.throws(
    () => summary({ chains: [block.subarray(0, 9)], dim: 3 }),
    /summary \(x\[0\]\): need at least 4 draws per chain, got 3/,
  );
});
