/**
 * Chart specs: data preparation against hand-computed values, input checks, and a clean
 * Vega-Lite compile (no warnings) of every chart.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  checkPosterior,
  defaultNumBins,
  extent,
  histogram,
  selectParameters,
  thinIndices,
} from "../../src/report/charts/data.js";
import { marginalsSpec } from "../../src/report/charts/marginals.js";
import { pairsPoints, pairsSpec } from "../../src/report/charts/pairs.js";
import { tracesSpec } from "../../src/report/charts/traces.js";
import { reliabilityPoints, reliabilitySpec } from "../../src/report/charts/reliability.js";
import { regretSpec } from "../../src/report/charts/regret.js";
import { ppcSpec, ppcTitle } from "../../src/report/charts/ppc.js";
import { escapeHtml, formatNumber } from "../../src/report/format.js";
import { seriesColors, METHOD_COLORS } from "../../src/report/theme.js";
import { compileChart } from "../../src/report/render-svg.js";
import type { PosteriorDraws, PpcItem, RegretRow, ReliabilityData } from "../../src/report/types.js";

/** Draws with value chain*1000 + draw*10 + parameter: every value says where it came from. */
function labelledPosterior(numChains: number, numDraws: number, numParams: number): PosteriorDraws {
  return {
    names: Array.from({ length: numParams }, (_, j) => `p${j}`),
    draws: Array.from({ length: numChains }, (_, c) =>
      Array.from({ length: numDraws }, (_, d) => Array.from({ length: numParams }, (_, j) => c * 1000 + d * 10 + j)),
    ),
  };
}

const reliability: ReliabilityData = [
  {
    method: "Bayesian",
    bins: [
      { lo: 0, hi: 0.5, count: 10, confidence: 0.3, accuracy: 0.35 },
      { lo: 0.5, hi: 1, count: 30, confidence: 0.8, accuracy: 0.75 },
    ],
  },
  {
    method: "nominal",
    bins: [
      { lo: 0, hi: 0.5, count: 0, confidence: null, accuracy: null },
      { lo: 0.5, hi: 1, count: 40, confidence: 0.9, accuracy: 0.7 },
    ],
  },
];

const regretRows: RegretRow[] = ["held-out", "unseen"].flatMap((set) =>
  (
    [
      ["oracle", 100, 0],
      ["nominal", 80, 20],
      ["Bayesian", 90, 10],
    ] as const
  ).map(([method, meanReturn, regret]) => ({ method, perturbationSet: set, meanReturn, standardError: 3, regret })),
);

const ppcItem: PpcItem = {
  quantity: "episode return",
  observed: [1, 2, 2, 3, 4],
  simulated: [1, 1, 2, 3, 3, 4, 5],
  ksStatistic: 0.12345,
  ksPValue: 0.000012,
  wasserstein1: 0.5,
};

test("thinIndices: identity when short, floor(i n / max) when long, deterministic and capped", () => {
  assert.deepEqual(thinIndices(3, 5), [0, 1, 2]);
  // n = 10, max = 4: floor(0), floor(2.5), floor(5), floor(7.5)
  assert.deepEqual(thinIndices(10, 4), [0, 2, 5, 7]);
  const big = thinIndices(123457, 1000);
  assert.equal(big.length, 1000);
  assert.deepEqual(big, thinIndices(123457, 1000));
  for (let i = 1; i < big.length; i++) assert.ok(big[i]! > big[i - 1]!);
  assert.ok(big[999]! < 123457);
  assert.throws(() => thinIndices(10, 0), /max must be a positive integer, got 0/);
});

test("histogram: counts and densities on equal-width bins, last bin closed", () => {
  // [0, 4] in two bins of width 2: {0, 1} and {2, 3, 4}; density = count / (5 · 2)
  assert.deepEqual(histogram([0, 1, 2, 3, 4], 2), [
    { lo: 0, hi: 2, count: 2, density: 0.2 },
    { lo: 2, hi: 4, count: 3, density: 0.3 },
  ]);
  // a constant sample gets a unit-wide range around it
  assert.deepEqual(extent([2, 2, 2]), [1.5, 2.5]);
  const bins = histogram([2, 2, 2], 1);
  assert.equal(bins[0]!.count, 3);
  assert.equal(bins[0]!.density, 1);
  // values outside an explicit range are not counted, densities still divide by all n
  assert.deepEqual(
    histogram([0, 5, 10], 1, [0, 5]).map((b) => [b.count, b.density]),
    [[2, 2 / 15]],
  );
  // Rice rule 2 n^(1/3): n = 1000 -> 20; clamped to [5, 50]
  assert.equal(defaultNumBins(1000), 20);
  assert.equal(defaultNumBins(3), 5);
  assert.equal(defaultNumBins(1e7), 50);
});

test("pairsPoints: chain-major thinning, capped, values from the right chain and draw", () => {
  const p = labelledPosterior(3, 500, 5);
  const rows = pairsPoints(p, [4, 1], 100);
  assert.equal(rows.length, 100);
  assert.deepEqual(rows, pairsPoints(p, [4, 1], 100));
  // pooled index k = floor(i · 1500 / 100) = 15 i; chain floor(k / 500), draw k mod 500
  rows.forEach((row, i) => {
    const k = 15 * i;
    const c = Math.floor(k / 500);
    const d = k % 500;
    assert.deepEqual(row, { chain: `chain ${c + 1}`, p0: c * 1000 + d * 10 + 4, p1: c * 1000 + d * 10 + 1 });
  });
  assert.equal(pairsPoints(p, [0], 5000).length, 1500);
});

test("pairsSpec: at most four parameters, at most maxPoints points, lower triangle of cells", () => {
  const p = labelledPosterior(2, 800, 6);
  const spec = pairsSpec(p, { maxPoints: 1000 }) as unknown as {
    datasets: Record<string, unknown[]>;
    vconcat: { hconcat: unknown[] }[];
  };
  assert.equal(spec.vconcat.length, 4);
  assert.deepEqual(
    spec.vconcat.map((r) => r.hconcat.length),
    [1, 2, 3, 4],
  );
  assert.equal(spec.datasets["draws"]!.length, 1000);
  const chosen = pairsSpec(p, { parameters: ["p5", "p2"] }) as unknown as { vconcat: unknown[] };
  assert.equal(chosen.vconcat.length, 2);
  assert.throws(() => pairsSpec(p, { parameters: ["p9"] }), /unknown parameter "p9"; the parameters are p0, p1/);
  assert.deepEqual(selectParameters("x", ["a", "b", "c"], undefined, 2), [0, 1]);
});

test("posterior checks name the bad value", () => {
  const good = labelledPosterior(2, 5, 2);
  assert.equal(checkPosterior("t", good), 5);
  assert.throws(
    () => marginalsSpec({ ...good, draws: [good.draws[0]!, good.draws[1]!.slice(1)] }),
    /chains must have equal length, but chain 0 has 5 draws and chain 1 has an array of length 4/,
  );
  const nan = structuredClone(good);
  nan.draws[1]![2]![1] = NaN;
  assert.throws(() => tracesSpec(nan), /posterior.draws\[1\]\[2\]\[1\] must be a finite number, got NaN/);
  assert.throws(() => marginalsSpec({ ...good, truth: [1] }), /posterior.truth must hold 2 values/);
  assert.throws(() => marginalsSpec({ ...good, names: ["a", "a"] }), /"a" appears twice/);
  assert.throws(() => marginalsSpec({ ...good, names: ["a"] }), /must hold 1 values \(one per name\)/);
});

test("reliabilityPoints: empty bins dropped, values checked", () => {
  assert.deepEqual(reliabilityPoints(reliability), [
    { method: "Bayesian", confidence: 0.3, accuracy: 0.35, count: 10 },
    { method: "Bayesian", confidence: 0.8, accuracy: 0.75, count: 30 },
    { method: "nominal", confidence: 0.9, accuracy: 0.7, count: 40 },
  ]);
  const bad = structuredClone(reliability);
  bad[0]!.bins[0]!.accuracy = 1.5;
  assert.throws(() => reliabilitySpec(bad), /series "Bayesian" bin 0 accuracy must be in \[0, 1\], got 1.5/);
  assert.throws(() => reliabilitySpec([]), /non-empty array of series/);
});

test("regretSpec rejects bad rows; ppcSpec checks its items", () => {
  assert.throws(
    () => regretSpec([{ ...regretRows[0]!, standardError: -1 }]),
    /row 0 standardError must be >= 0, got -1/,
  );
  assert.throws(() => regretSpec([regretRows[0]!, regretRows[0]!]), /method "oracle" on set "held-out" appears twice/);
  assert.throws(() => regretSpec(regretRows, { measure: "x" as "return" }), /measure must be "return" or "regret"/);
  assert.throws(() => ppcSpec([{ ...ppcItem, observed: [] }]), /"episode return" observed must be a non-empty array/);
  assert.throws(() => ppcSpec([{ ...ppcItem, ksPValue: NaN }]), /ksPValue must be a finite number, got NaN/);
});

test("ppcTitle carries KS D, p and W1 to three significant digits", () => {
  assert.deepEqual(ppcTitle(ppcItem), {
    text: "episode return",
    subtitle: "KS D = 0.123, p = 1.20e-5 · W1 = 0.5",
  });
});

test("formatNumber and escapeHtml", () => {
  assert.equal(formatNumber(0.123456), "0.123");
  assert.equal(formatNumber(1234.5678), "1230");
  assert.equal(formatNumber(42), "42");
  assert.equal(formatNumber(-2.5e-7), "-2.50e-7");
  assert.equal(formatNumber(NaN), "—");
  assert.equal(formatNumber(null), "—");
  assert.equal(formatNumber(Infinity), "∞");
  assert.equal(escapeHtml(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
});

test("seriesColors: fixed method colours whatever else is present, distinct colours for the rest", () => {
  const a = seriesColors(["Bayesian", "nominal"]);
  const b = seriesColors(["oracle", "nominal", "Bayesian", "other", "another"]);
  assert.equal(a.range[0], METHOD_COLORS["bayesian"]);
  assert.equal(b.range[2], METHOD_COLORS["bayesian"]);
  assert.equal(a.range[1], b.range[1]);
  assert.equal(new Set(b.range).size, 5);
});

test("every chart compiles with Vega-Lite without warnings", () => {
  const p = { ...labelledPosterior(2, 50, 3), truth: [1, 2, 3] };
  const specs = {
    marginals: marginalsSpec(p),
    pairs: pairsSpec(p),
    traces: tracesSpec(p),
    reliability: reliabilitySpec(reliability),
    return: regretSpec(regretRows),
    regret: regretSpec(regretRows, { measure: "regret" }),
    ppc: ppcSpec([ppcItem, { ...ppcItem, quantity: "episode length" }]),
  };
  for (const [name, spec] of Object.entries(specs)) {
    const { vega, warnings } = compileChart(spec);
    assert.deepEqual(warnings, [], name);
    assert.ok(Array.isArray((vega as { marks?: unknown[] }).marks), name);
    // plain JSON: survives a round trip unchanged
    assert.deepEqual(JSON.parse(JSON.stringify(spec)), spec, name);
  }
});
