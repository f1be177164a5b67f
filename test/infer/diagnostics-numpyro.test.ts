// Classic diagnostics against NumPyro's values (shared/fixtures/reference-values.json).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { assertClose } from "../helpers/assert.js";
import { effectiveSampleSize, gelmanRubin, hpdi, splitGelmanRubin } from "../../src/infer/diagnostics/index.js";

interface McmcReference {
  draws: number[][];
  gelman_rubin: number;
  split_gelman_rubin: number;
  effective_sample_size: number;
  "hpdi_0.9_all_draws": [number, number];
}

const reference = (
  JSON.parse(readFileSync(new URL("../../../../shared/fixtures/reference-values.json", import.meta.url), "utf8")) as {
    mcmc_diagnostics: McmcReference;
  }
).mcmc_diagnostics;
const draws = reference.draws;

test("gelmanRubin matches numpyro.diagnostics.gelman_rubin", () => {
  assertClose(gelmanRubin(draws), reference.gelman_rubin, { what: "gelmanRubin" });
});

test("splitGelmanRubin matches numpyro.diagnostics.split_gelman_rubin", () => {
  assertClose(splitGelmanRubin(draws), reference.split_gelman_rubin, { what: "splitGelmanRubin" });
});

test("effectiveSampleSize matches numpyro.diagnostics.effective_sample_size", () => {
  assertClose(effectiveSampleSize(draws), reference.effective_sample_size, { what: "effectiveSampleSize" });
});

test("hpdi of all draws at 90% matches numpyro.diagnostics.hpdi", () => {
  assert.deepEqual(hpdi(draws.flat(), 0.9), reference["hpdi_0.9_all_draws"]);
  assert.deepEqual(hpdi(draws, 0.9), reference["hpdi_0.9_all_draws"], "chains are pooled");
});

test("Float64Array chains give the same values as number arrays", () => {
  const typed = draws.map((c) => Float64Array.from(c));
  assert.equal(gelmanRubin(typed), gelmanRubin(draws));
  assert.equal(effectiveSampleSize(typed), effectiveSampleSize(draws));
});

test("gelmanRubin of a single chain is exactly 1 (NumPyro's convention)", () => {
  assert.equal(gelmanRubin([draws[0]!]), 1);
});

test("hpdi is the shortest interval holding floor(prob * S) gaps", () => {
  // sorted: 0 1 2 3 10 11 12 20; k = floor(0.5 * 8) = 4 gaps; widths 10, 10, 10, 17 → first one
  assert.deepEqual(hpdi([12, 0, 3, 20, 1, 11, 2, 10], 0.5), [0, 10]);
  // k = floor(0.3 * 8) = 2: [10, 12] and [0, 2] both have width 2; the leftmost wins
  assert.deepEqual(hpdi([12, 0, 3, 20, 1, 11, 2, 10], 0.3), [0, 2]);
});
