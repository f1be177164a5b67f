// Divergences, tree-depth saturation and E-BFMI.
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "../helpers/assert.js";
import {
  countDivergences,
  countTreeDepthSaturation,
  ebfmi,
  samplerDiagnostics,
} from "../../src/infer/diagnostics/index.js";

test("ebfmi is Σ(E_n − E_{n−1})² / Σ(E_n − Ē)² (Betancourt 2016)", () => {
  // jumps 2, −1, 3 → 14; mean 2.75, deviations −1.75, 0.25, −0.75, 2.25 → 8.75
  assertClose(ebfmi([1, 3, 2, 5]), 14 / 8.75);
});

test("ebfmi ≈ 2 for independent energies and ≪ 0.3 for a slowly drifting energy", () => {
  let state = 12345;
  const independent = Array.from({ length: 20000 }, () => (state = (16807 * state) % 2147483647) / 2147483647);
  assert.ok(Math.abs(ebfmi(independent) - 2) < 0.05, `independent: ${ebfmi(independent)}`);
  const drifting = Array.from({ length: 1000 }, (_, i) => Math.sin(i / 50));
  assert.ok(ebfmi(drifting) < 0.01, `drifting: ${ebfmi(drifting)}`);
});

test("countDivergences and countTreeDepthSaturation count flags and depths at the limit", () => {
  assert.equal(countDivergences(Uint8Array.from([0, 1, 0, 1, 1])), 3);
  assert.equal(countDivergences([true, false, false]), 1);
  assert.equal(countTreeDepthSaturation(Int32Array.from([3, 10, 9, 10, 4]), 10), 2);
  assert.equal(countTreeDepthSaturation([3, 5, 5], 5), 2);
});

test("samplerDiagnostics aggregates chains and flags low E-BFMI", () => {
  const good = {
    diverging: Uint8Array.from([0, 1, 0, 0]),
    treeDepth: Int32Array.from([3, 10, 4, 3]),
    energy: [1, 3, 2, 5],
  };
  const ten = Array.from({ length: 10 }, (_, i) => i);
  const drifting = { diverging: ten.map(() => 0), treeDepth: ten.map(() => 2), energy: ten };
  const d = samplerDiagnostics([good, drifting]);
  assert.equal(d.numDraws, 14);
  assert.equal(d.divergences, 1);
  assert.deepEqual(d.divergencesPerChain, [1, 0]);
  assert.equal(d.treeDepthSaturated, 1);
  assert.equal(d.maxTreeDepth, 10);
  // energies 0 … 9: jumps 9 · 1², deviations Σ(i − 4.5)² = 82.5
  assertClose(d.ebfmi, [14 / 8.75, 9 / 82.5], { what: "ebfmi" });
  assert.deepEqual(d.lowEbfmiChains, [1]);
  assert.equal(samplerDiagnostics([good], { maxTreeDepth: 4 }).treeDepthSaturated, 2);
});

test("sampler diagnostics reject malformed statistics with a clear message", () => {
  assert.throws(() => ebfmi([1]), /ebfmi: need at least 2 energies, got 1/);
  assert.throws(() => ebfmi([1, NaN, 2]), /energies must be finite, got NaN at draw 1/);
  assert.throws(() => samplerDiagnostics([]), /at least one chain/);
  assert.throws(
    () => samplerDiagnostics([{ diverging: [0, 0], treeDepth: [1, 1, 1], energy: [1, 2] }]),
    /chain 0 needs diverging, treeDepth and energy arrays of equal length, got lengths 2, 3, 2/,
  );
  assert.throws(() => countTreeDepthSaturation([1], -1), /maxTreeDepth must be a non-negative integer, got -1/);
});
