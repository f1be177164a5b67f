/**
 * Log-densities, cdf, icdf, means, variances and entropies against SciPy (test/fixtures/
 * distributions.json). Default tolerance 1e-12 relative (plus 1e-12 absolute); the few
 * looser ones are listed in TOLERANCES with the reason.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { type Tensor, tensor } from "../../src/index.js";
import { assertClose } from "../helpers/assert.js";
import { build, cases, type FixtureCase } from "./fixtureCases.js";

type Quantity = "logProb" | "cdf" | "icdf" | "mean" | "variance" | "entropy";

/**
 * Relative tolerances that differ from 1e-12, by distribution and quantity, each with its
 * reason (the reference's own accuracy or the conditioning of the function).
 */
const TOLERANCES: Record<string, Partial<Record<Quantity, number>>> = {
  // SciPy's t.logpdf forms lgamma((ν+1)/2) - lgamma(ν/2) directly, losing ~1e-9 absolute
  // at ν = 1e6 (ours uses Stirling's form, see fused/studentT.ts); our entropy's
  // ψ((ν+1)/2) - ψ(ν/2) cancels there (~2e-10 relative).
  StudentT: { logProb: 1e-9, entropy: 1e-9 },
  // 1 - q loses digits of small q before the incomplete gamma is inverted (~2e-10 measured).
  InverseGamma: { icdf: 1e-9 },
  // Concentrations of 1e5: log-density and entropy terms of size ~5e6 cancel down to ~6.
  Beta: { logProb: 1e-10, entropy: 1e-10 },
  // Intervals 8-30 standard deviations out in a tail (~5e-11 measured against SciPy).
  TruncatedNormal: { cdf: 1e-10, variance: 1e-10, entropy: 1e-11 },
};

function check(c: FixtureCase, label: string, q: Quantity, actual: () => Tensor, expected: unknown): void {
  if (expected === undefined) return;
  const rtol = TOLERANCES[c.dist]?.[q] ?? 1e-12;
  const exp = tensor(expected as number);
  const act = actual();
  assert.deepEqual(act.shape, exp.shape, `${label} ${q}: shape`);
  assertClose(act.data, exp.data, { rtol, atol: 1e-12, what: `${label} ${q}${c.note ? ` (${c.note})` : ""}` });
}

for (const [i, c] of cases.entries()) {
  test(`SciPy case ${i}: ${c.dist}${c.note ? ` — ${c.note}` : ""}`, () => {
    for (const { label, dist } of build(c)) {
      check(c, label, "logProb", () => dist.logProb(tensor(c.x!)), c.logProb);
      check(c, label, "cdf", () => dist.cdf(tensor(c.x!)), c.cdf);
      check(c, label, "icdf", () => dist.icdf(tensor(c.q!)), c.icdf);
      check(c, label, "mean", () => dist.mean, c.mean);
      check(c, label, "variance", () => dist.variance, c.variance);
      check(c, label, "entropy", () => dist.entropy(), c.entropy);
    }
  });
}
