import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "../helpers/assert.js";
import { ks2samp } from "../../src/metrics/index.js";
import { ks2sampExactSf } from "../../src/metrics/ksExact.js";
import { reference } from "./referenceValues.js";

const ref = reference.ks_2samp;

test("ks2samp matches SciPy: statistic, exact and asymptotic p-values", () => {
  const exact = ks2samp(ref.x, ref.y, { method: "exact" });
  assertClose(exact.statistic, ref.statistic);
  assertClose(exact.pvalue, ref.pvalue_exact);
  const auto = ks2samp(ref.x, ref.y);
  assert.equal(auto.method, "exact");
  assertClose(auto.pvalue, ref.pvalue_exact);
  const asym = ks2samp(ref.x, ref.y, { method: "asymptotic" });
  assertClose(asym.statistic, ref.statistic);
  assertClose(asym.pvalue, ref.pvalue_asymptotic);
});

test("ks2samp is symmetric in its samples and takes typed arrays", () => {
  const r = ks2samp(new Float64Array(ref.y), new Float64Array(ref.x));
  assertClose([r.statistic, r.pvalue], [ref.statistic, ref.pvalue_exact]);
});

test("identical samples: statistic 0, p-value 1", () => {
  const { x, y, statistic, pvalue } = ref.identical_samples;
  for (const method of ["exact", "asymptotic", "auto"] as const) {
    const r = ks2samp(x, y, { method });
    assert.equal(r.statistic, statistic);
    assert.equal(r.pvalue, pvalue);
  }
});

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** P(D >= h/lcm) by enumerating every placement of the first sample among m + n ranks. */
function bruteForceSf(m: number, n: number, h: number): number {
  const d = gcd(m, n);
  let hits = 0;
  let total = 0;
  for (let mask = 0; mask < 1 << (m + n); mask++) {
    let bits = 0;
    for (let t = mask; t > 0; t >>= 1) bits += t & 1;
    if (bits !== m) continue;
    total++;
    let i = 0;
    let j = 0;
    let max = 0;
    for (let k = 0; k < m + n; k++) {
      if ((mask >> k) & 1) i++;
      else j++;
      max = Math.max(max, Math.abs((i * n) / d - (j * m) / d));
    }
    if (max >= h) hits++;
  }
  return hits / total;
}

test("exact null distribution agrees with enumeration of all orderings", () => {
  for (const [m, n] of [
    [3, 5],
    [4, 4],
    [6, 4],
    [2, 9],
  ] as const) {
    const lcm = (m * n) / gcd(m, n);
    for (let h = 1; h <= lcm; h++)
      assertClose(ks2sampExactSf(m, n, h), bruteForceSf(m, n, h), { what: `m=${m} n=${n} h=${h}` });
  }
});

test("ties are counted as SciPy does (right-continuous empirical CDFs)", () => {
  // F_x jumps to 2/3 at 1 and F_y to 1/2 at 1; the largest gap is at 2: |1 - 1/2| = 1/2.
  assert.equal(ks2samp([1, 1, 2], [1, 3]).statistic, 0.5);
});

test("exact and asymptotic p-values agree for larger samples", () => {
  // Deterministic, interleaved samples: x at (i + 0.5)/200 and y shifted by 0.05.
  const x = Array.from({ length: 200 }, (_, i) => (i + 0.5) / 200);
  const y = Array.from({ length: 150 }, (_, i) => (i + 0.5) / 150 + 0.05);
  const exact = ks2samp(x, y, { method: "exact" });
  const asym = ks2samp(x, y, { method: "asymptotic" });
  assert.equal(exact.statistic, asym.statistic);
  assertClose(asym.pvalue, exact.pvalue, { rtol: 0.1, atol: 0 });
  // In the tail too (p near 2e-5), where the exact sum keeps its relative accuracy.
  const far = y.map((v) => v + 0.2);
  const exactTail = ks2samp(x, far, { method: "exact" }).pvalue;
  assert.ok(exactTail > 1e-5 && exactTail < 1e-4, `exact tail p ${exactTail}`);
  assertClose(ks2samp(x, far, { method: "asymptotic" }).pvalue, exactTail, { rtol: 0.15, atol: 0 });
});

test("ks2samp input errors name the value", () => {
  assert.throws(() => ks2samp([], [1]), /ks2samp: x is empty/);
  assert.throws(() => ks2samp([1, NaN], [1]), /ks2samp: x\[1\] is NaN/);
  assert.throws(() => ks2samp([1], [1], { method: "asymp" as "auto" }), /method is asymp/);
});
