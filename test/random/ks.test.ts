// Checks of the KS helper the sampler tests rely on: published critical values of the
// Kolmogorov distribution, and that it rejects a sample from the wrong distribution.
import { test } from "node:test";
import assert from "node:assert/strict";
import { kolmogorovSurvival, ksStatistic, ksTest } from "../helpers/ks.js";
import { assertClose } from "../helpers/assert.js";
import { key, uniform } from "../../src/random/index.js";

test("Kolmogorov survival function matches its critical values at 10%, 5%, 1%, 0.1%", () => {
  // Asymptotic critical values K_α with P(K > K_α) = α (Smirnov 1948 tables).
  assertClose(kolmogorovSurvival(1.2238), 0.1, { atol: 2e-4 });
  assertClose(kolmogorovSurvival(1.3581), 0.05, { atol: 1e-4 });
  assertClose(kolmogorovSurvival(1.6276), 0.01, { atol: 2e-5 });
  assertClose(kolmogorovSurvival(1.9495), 0.001, { atol: 2e-6 });
  // The two series agree where they meet.
  assertClose(kolmogorovSurvival(1.18 - 1e-12), kolmogorovSurvival(1.18), { atol: 1e-12 });
  assert.equal(kolmogorovSurvival(0), 1);
});

test("KS statistic of a small sample by hand", () => {
  // Sorted {0.1, 0.4, 0.7} against U(0,1): max(0.1 - 0, 1/3 - 0.1, 0.4 - 1/3, 2/3 - 0.4, 0.7 - 2/3, 1 - 0.7) = 0.3.
  assertClose(
    ksStatistic([0.7, 0.1, 0.4], (x) => x),
    0.3,
    { atol: 1e-15 },
  );
});

test("KS test rejects uniforms compared with a slightly wrong CDF", () => {
  const u = uniform(key(1), [20000]).data;
  assert.ok(ksTest(u, (x) => x).pValue > 0.001);
  assert.ok(ksTest(u, (x) => Math.min(1, x * 1.03)).pValue < 1e-6);
});
