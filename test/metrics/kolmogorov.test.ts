import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "../helpers/assert.js";
import { kolmogorovSf } from "../../src/metrics/index.js";
import { kolmogorovCdfDurbin, kolmogorovLimitSf, smirnovSf } from "../../src/metrics/kolmogorov.js";

test("Durbin matrix agrees with the Ruben–Gambino closed form for 1/(2n) < d <= 1/n", () => {
  for (const n of [3, 7, 20]) {
    for (const d of [0.6 / n, 0.8 / n, 0.99 / n]) {
      let cdf = 1;
      for (let i = 1; i <= n; i++) cdf *= (i / n) * (2 * n * d - 1);
      assertClose(kolmogorovCdfDurbin(n, d), cdf, { what: `n=${n} d=${d}` });
    }
  }
});

test("Durbin matrix agrees with twice the one-sided tail for d >= 1/2", () => {
  for (const n of [2, 5, 12, 40]) {
    for (const d of [0.5, 0.6, 0.8]) {
      assertClose(1 - kolmogorovCdfDurbin(n, d), 2 * smirnovSf(n, d), { what: `n=${n} d=${d}` });
    }
  }
});

test("n = 1: D_1 is uniform on [1/2, 1]", () => {
  for (const d of [0.55, 0.7, 0.9]) assertClose(kolmogorovSf(1, d), 2 * (1 - d));
  assert.equal(kolmogorovSf(1, 0.4), 1);
});

test("the finite-n distribution approaches the Kolmogorov limit", () => {
  for (const z of [0.6, 1, 1.36, 1.8]) {
    const n = 2000;
    assertClose(kolmogorovSf(n, z / Math.sqrt(n)), kolmogorovLimitSf(z), { rtol: 0.03, atol: 0, what: `z=${z}` });
  }
  // Known values of the limit: P(K > 1.3581) = 0.05 (the classic 5% critical value).
  assertClose(kolmogorovLimitSf(1.3580986393225507), 0.05, { atol: 1e-12 });
  // The two series used for small and large z agree where they meet.
  assertClose(kolmogorovLimitSf(1 - 1e-12), kolmogorovLimitSf(1 + 1e-12), { atol: 1e-11 });
});

test("kolmogorovSf is monotone and bounded across its branches", () => {
  for (const n of [5, 50, 141, 400, 20000]) {
    let prev = 1;
    for (let k = 1; k < 200; k++) {
      const p = kolmogorovSf(n, k / 200);
      assert.ok(p >= 0 && p <= 1, `n=${n} d=${k / 200}: ${p}`);
      assert.ok(p <= prev + 1e-9, `n=${n}: sf rose at d=${k / 200} (${prev} -> ${p})`);
      prev = p;
    }
  }
});

test("kolmogorovSf input errors", () => {
  assert.throws(() => kolmogorovSf(0, 0.5), /n is 0/);
  assert.throws(() => kolmogorovSf(3, NaN), /d is NaN/);
});
