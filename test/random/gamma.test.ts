// Gamma and the samplers built on it (Dirichlet): exact moments, KS against the regularised
// incomplete gamma function, and the small-concentration regime where draws underflow.
import { test } from "node:test";
import assert from "node:assert/strict";
import { dirichlet, gamma, key } from "../../src/random/index.js";
import { tensor } from "../../src/tensor/tensor.js";
import { gammaincP } from "../../src/tensor/special/incompleteGamma.js";
import { digamma, trigamma } from "../../src/tensor/special/gamma.js";
import { assertKs, assertMoments } from "./stats.js";

const N = 50_000;

for (const [alpha, seed] of [
  [0.01, 601],
  [0.5, 602],
  [1, 603],
  [3.7, 604],
  [1000, 605],
] as const) {
  test(`gamma(${alpha}): moments and KS against P(α, x)`, () => {
    const x = gamma(key(seed), alpha, [N]).data;
    assertMoments(x, { mean: alpha, variance: alpha }, `gamma(${alpha})`);
    assertKs(x, (v) => gammaincP(alpha, v), `gamma(${alpha})`);
    assert.ok(x.every((v) => v >= 0 && Number.isFinite(v)));
  });
}

test("gamma: log X has mean ψ(α) and variance ψ'(α) (sensitive to the α < 1 boost)", () => {
  // log X = log G(α + 1) + log(U)/α for α < 1: an error in either term moves these moments.
  // (α = 0.05 rather than 0.01: at 0.01 about 1 draw in 1200 underflows to 0, so log X = -∞.)
  for (const [alpha, seed] of [
    [0.05, 611],
    [0.5, 612],
    [3.7, 613],
  ] as const) {
    const x = gamma(key(seed), alpha, [200_000]).data;
    const logs = Float64Array.from(x, Math.log);
    assertMoments(logs, { mean: digamma(alpha), variance: trigamma(alpha) }, `log gamma(${alpha})`);
  }
});

test("gamma(0.01) keeps its lower tail: P(X < 1e-100) = P(0.01, 1e-100) ≈ 0.0995", () => {
  // The boost U^(1/α) alone would make every value below ~1e-300 collapse; in log space the
  // left tail is resolved down to the smallest doubles.
  const x = gamma(key(606), 0.01, [N]).data;
  const p = gammaincP(0.01, 1e-100);
  const frac = x.filter((v) => v < 1e-100).length / N;
  assert.ok(Math.abs(frac - p) < 5 * Math.sqrt((p * (1 - p)) / N), `fraction ${frac}, expected ${p}`);
  assert.ok(
    x.some((v) => v > 0 && v < 1e-250),
    "values far below 1e-250 occur",
  );
});

test("gamma: concentration broadcasts to the shape; default shape is the concentration's", () => {
  const conc = tensor([0.5, 2, 20]);
  assert.deepEqual(gamma(key(607), conc).shape, [3]);
  const x = gamma(key(607), conc, [N, 3]);
  for (let j = 0; j < 3; j++) {
    const a = conc.data[j]!;
    assertMoments(
      x.data.filter((_, i) => i % 3 === j),
      { mean: a, variance: a },
      `gamma column ${j}`,
    );
  }
});

test("gamma(1e-3) underflows to 0 about half the time, as the exact distribution does", () => {
  // P(X < 2^-1074) for α = 1e-3 is P(1e-3, 4.9e-324) ≈ 0.48; draws never go negative or NaN.
  const x = gamma(key(608), 1e-3, [N]).data;
  const zeros = x.filter((v) => v === 0).length / N;
  const p = gammaincP(1e-3, Number.MIN_VALUE);
  assert.ok(Math.abs(zeros - p) < 5 * Math.sqrt((p * (1 - p)) / N), `fraction of zeros ${zeros}, expected ${p}`);
  assert.ok(x.every((v) => v >= 0));
});

test("dirichlet: moments of each coordinate, rows on the simplex, batch shapes", () => {
  const alpha = [0.5, 2, 7.5];
  const a0 = alpha.reduce((s, a) => s + a);
  const x = dirichlet(key(701), tensor(alpha), [N]);
  assert.deepEqual(x.shape, [N, 3]);
  for (let r = 0; r < N; r++) {
    const s = x.data[3 * r]! + x.data[3 * r + 1]! + x.data[3 * r + 2]!;
    assert.ok(Math.abs(s - 1) < 1e-15, `row ${r} sums to ${s}`);
  }
  for (let j = 0; j < 3; j++) {
    const a = alpha[j]!;
    const col = x.data.filter((_, i) => i % 3 === j);
    assertMoments(col, { mean: a / a0, variance: (a * (a0 - a)) / (a0 * a0 * (a0 + 1)) }, `dirichlet coordinate ${j}`);
  }
  assert.deepEqual(
    dirichlet(
      key(702),
      tensor([
        [1, 2],
        [3, 4],
      ]),
    ).shape,
    [2, 2],
  );
  assert.deepEqual(
    dirichlet(
      key(702),
      tensor([
        [1, 2],
        [3, 4],
      ]),
      [5, 2],
    ).shape,
    [5, 2, 2],
  );
});

test("dirichlet with tiny concentrations still returns points of the simplex", () => {
  // Every gamma draw underflows for α = 1e-3; normalising in log space concentrates each row
  // on (nearly) one vertex, each vertex with probability 1/3.
  const x = dirichlet(key(703), tensor([1e-3, 1e-3, 1e-3]), [3000]).data;
  const vertices = [0, 0, 0];
  for (let r = 0; r < 3000; r++) {
    const row = [x[3 * r]!, x[3 * r + 1]!, x[3 * r + 2]!];
    assert.ok(row.every((v) => v >= 0 && v <= 1) && Math.abs(row[0]! + row[1]! + row[2]! - 1) < 1e-15);
    vertices[row.indexOf(Math.max(...row))]!++;
  }
  for (const c of vertices)
    assert.ok(Math.abs(c - 1000) < 5 * Math.sqrt(3000 * (1 / 3) * (2 / 3)), `vertex counts ${vertices}`);
});
