/**
 * Rendered charts: well-formed SVG, the expected number of marks for known input, axis titles,
 * true-value rules, positions through the scales (hand-computed from the domains), escaping and
 * byte-for-byte determinism.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { marginalsSpec } from "../../src/report/charts/marginals.js";
import { pairsSpec } from "../../src/report/charts/pairs.js";
import { tracesSpec } from "../../src/report/charts/traces.js";
import { reliabilitySpec } from "../../src/report/charts/reliability.js";
import { regretSpec } from "../../src/report/charts/regret.js";
import { ppcSpec } from "../../src/report/charts/ppc.js";
import { renderSvg, renumberSvgIds, roundSvgGeometry } from "../../src/report/render-svg.js";
import { checkWellFormedXml } from "../../src/report/xml.js";
import type { PosteriorDraws, RegretRow, ReliabilityData } from "../../src/report/types.js";

/** The contents of each mark group of one type (`mark-rect`, `mark-rule`, …) drawing data, not guides. */
function markGroups(svg: string, type: string): string[] {
  const out: string[] = [];
  for (const m of svg.matchAll(new RegExp(`<g class="mark-${type} role-mark[^"]*"[^>]*>`, "g"))) {
    const start = m.index + m[0].length;
    out.push(svg.slice(start, svg.indexOf("</g>", start)));
  }
  return out;
}

/** Number of occurrences of `needle`. */
function count(s: string, needle: string): number {
  return s.split(needle).length - 1;
}

/** Texts of the axis titles. */
function axisTitles(svg: string): string[] {
  return [...svg.matchAll(/<g class="mark-text role-axis-title"[^>]*><text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}

/** (x, y) of every item with a translate transform in a mark group. */
function translates(group: string): [number, number][] {
  return [...group.matchAll(/transform="translate\(([-\d.e]+),([-\d.e]+)\)"/g)].map((m) => [
    Number(m[1]),
    Number(m[2]),
  ]);
}

/** A small posterior: value = mean_j + a deterministic wiggle, so histograms are not degenerate. */
function posterior(numChains: number, numDraws: number, names: string[], truth?: number[]): PosteriorDraws {
  return {
    names,
    truth,
    draws: Array.from({ length: numChains }, (_, c) =>
      Array.from({ length: numDraws }, (_, d) => names.map((_, j) => j + Math.sin(1.3 * d + 0.7 * c + j))),
    ),
  };
}

test("marginals: one bar per bin per parameter, a rule per true value, parameter names as axis titles", async () => {
  const names = ["alpha", "beta", "gamma"];
  const withTruth = await renderSvg(marginalsSpec(posterior(2, 60, names, [0, 1, 2]), { numBins: 7 }));
  checkWellFormedXml(withTruth);
  const bars = markGroups(withTruth, "rect");
  assert.equal(bars.length, 3);
  for (const g of bars) assert.equal(count(g, "<path"), 7);
  const rules = markGroups(withTruth, "rule");
  assert.equal(rules.length, 3);
  for (const g of rules) assert.equal(count(g, "<line"), 1);
  const titles = axisTitles(withTruth);
  for (const n of names) assert.ok(titles.includes(n), `axis title ${n} in ${titles.join(", ")}`);
  assert.equal(titles.filter((t) => t === "density").length, 3);

  const without = await renderSvg(marginalsSpec(posterior(2, 60, names), { numBins: 7 }));
  assert.equal(markGroups(without, "rule").length, 0);
  assert.equal(markGroups(without, "rect").length, 3);
});

test("reliability: points at (confidence · size, (1 − frequency) · size), area ∝ count, empty bins absent", async () => {
  const data: ReliabilityData = [
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
  const size = 300;
  const svg = await renderSvg(reliabilitySpec(data, { size }));
  checkWellFormedXml(svg);
  const [points] = markGroups(svg, "symbol");
  const expected = [
    [0.3, 0.35, 10],
    [0.8, 0.75, 30],
    [0.9, 0.7, 40],
  ];
  const at = translates(points!);
  assert.equal(at.length, 3);
  // both axes span exactly [0, 1] onto [0, size], y pointing down
  expected.forEach(([conf, acc], i) => {
    assert.ok(Math.abs(at[i]![0] - conf! * size) <= 0.01, `x ${at[i]![0]} vs ${conf! * size}`);
    assert.ok(Math.abs(at[i]![1] - (1 - acc!) * size) <= 0.01, `y ${at[i]![1]} vs ${(1 - acc!) * size}`);
  });
  // circle radii from the path "M r,0 A r,r …": r² / count is the same for every point
  const radii = [...points!.matchAll(/d="M([\d.]+),0A/g)].map((m) => Number(m[1]));
  const ratios = radii.map((r, i) => (r * r) / expected[i]![2]!);
  for (const q of ratios) assert.ok(Math.abs(q / ratios[0]! - 1) < 0.01, `r²/count ${ratios.join(", ")}`);
  const titles = axisTitles(svg);
  assert.ok(titles.includes("mean predicted probability") && titles.includes("observed frequency"));
  // one line per method and the dashed diagonal
  assert.equal(
    markGroups(svg, "line").reduce((n, g) => n + count(g, "<path"), 0),
    3,
  );
});

test("regret: one bar per row with height ∝ mean return, one ± s.e. rule per bar; regret bars ∝ regret", async () => {
  const rows: RegretRow[] = ["held-out", "unseen"].flatMap((set, s) =>
    (
      [
        ["oracle", 100, 0],
        ["nominal", 80 - 10 * s, 20 + 10 * s],
        ["Bayesian", 90, 10],
      ] as const
    ).map(([method, meanReturn, regret]) => ({ method, perturbationSet: set, meanReturn, standardError: 5, regret })),
  );
  const svg = await renderSvg(regretSpec(rows));
  checkWellFormedXml(svg);
  const [bars] = markGroups(svg, "rect");
  const heights = [...bars!.matchAll(/d="M[-\d.]+,[-\d.]+h[\d.]+v([\d.]+)h/g)].map((m) => Number(m[1]));
  assert.equal(heights.length, 6);
  // a zero-based linear y scale: height / value is one constant
  const perUnit = heights[0]! / 100;
  rows.forEach((r, i) => assert.ok(Math.abs(heights[i]! - perUnit * r.meanReturn) < 0.02, `bar ${i}`));
  const [rules] = markGroups(svg, "rule");
  const lengths = [...rules!.matchAll(/y2="(-?[\d.]+)"/g)].map((m) => Math.abs(Number(m[1])));
  assert.equal(lengths.length, 6);
  for (const l of lengths) assert.ok(Math.abs(l - perUnit * 10) < 0.02, `error bar ${l} vs ${perUnit * 10}`);
  const titles = axisTitles(svg);
  assert.ok(titles.includes("perturbation set") && titles.includes("mean return"));

  const regretSvg = await renderSvg(regretSpec(rows, { measure: "regret" }));
  const [regretBars] = markGroups(regretSvg, "rect");
  const rh = [...regretBars!.matchAll(/v([\d.]+)h/g)].map((m) => Number(m[1]));
  assert.equal(rh.length, 6);
  const unit = rh[1]! / 20;
  rows.forEach((r, i) => assert.ok(Math.abs(rh[i]! - unit * r.regret) < 0.02, `regret bar ${i}`));
  assert.equal(markGroups(regretSvg, "rule").length, 0);
});

test("ppc: observed and simulated bars on shared bins, KS and W1 in the title", async () => {
  const item = {
    quantity: "episode return",
    observed: [1, 2, 2, 3, 4],
    simulated: [1, 1, 2, 3, 3, 4, 5],
    ksStatistic: 0.25,
    ksPValue: 0.873,
    wasserstein1: 0.4,
  };
  const svg = await renderSvg(ppcSpec([item, { ...item, quantity: "length" }], { numBins: 4 }));
  checkWellFormedXml(svg);
  const groups = markGroups(svg, "rect");
  assert.equal(groups.length, 2);
  for (const g of groups) assert.equal(count(g, "<path"), 8);
  const subtitles = [...svg.matchAll(/<g class="mark-text role-title-subtitle"[^>]*><text[^>]*>([^<]*)<\/text>/g)];
  assert.deepEqual(subtitles.map((m) => m[1]).sort(), [
    ...Array(2).fill("KS D = 0.25, p = 0.873 · W1 = 0.4"),
    "observed vs simulated, density histograms on shared bins",
  ]);
  assert.ok(axisTitles(svg).includes("episode return"));
});

test("traces: one line per chain per parameter; pairs: scatter cells capped at maxPoints", async () => {
  const p = posterior(3, 40, ["a", "b"], [0, 1]);
  const traces = await renderSvg(tracesSpec(p));
  checkWellFormedXml(traces);
  // Vega draws each chain's line as its own mark in a per-series group: 2 parameters × 3 chains
  const lines = markGroups(traces, "line");
  assert.equal(lines.length, 6);
  for (const g of lines) assert.equal(count(g, "<path"), 1);
  assert.equal(markGroups(traces, "rule").length, 2);

  const big = posterior(2, 400, ["a", "b", "c"], [0, 1, 2]);
  const pairs = await renderSvg(pairsSpec(big, { maxPoints: 50 }));
  checkWellFormedXml(pairs);
  const symbols = markGroups(pairs, "symbol").map((g) => count(g, "<path"));
  // three scatter cells of 50 thinned draws and three true-value crosses
  assert.deepEqual(
    symbols.filter((n) => n > 1),
    [50, 50, 50],
  );
  assert.equal(symbols.filter((n) => n === 1).length, 3);
  // diagonal histograms, one rule per diagonal cell
  assert.equal(markGroups(pairs, "rect").length, 3);
  assert.equal(markGroups(pairs, "rule").length, 3);
});

test("rendering is deterministic and escapes markup in labels", async () => {
  const evil = '<script>alert("x")</script>';
  const spec = marginalsSpec(posterior(1, 30, [evil, "b&c"]));
  const a = await renderSvg(spec);
  const b = await renderSvg(spec);
  assert.equal(a, b);
  checkWellFormedXml(a);
  assert.ok(!a.includes("<script"), "raw <script> in the SVG");
  assert.ok(a.includes("&lt;script&gt;"));
});

test("renumberSvgIds and roundSvgGeometry", () => {
  const svg = '<svg><defs><clipPath id="clip7"/></defs><g clip-path="url(#clip7)"><use href="#clip7"/></g></svg>';
  assert.equal(
    renumberSvgIds(svg, "pairs"),
    '<svg><defs><clipPath id="pairs-0"/></defs><g clip-path="url(#pairs-0)"><use href="#pairs-0"/></g></svg>',
  );
  assert.throws(() => renumberSvgIds(svg, "1x"), /idPrefix must be a letter/);
  assert.equal(
    roundSvgGeometry('<path d="M1.23456,-0.004L2,3e-7" aria-label="v: 1.23456"/>'),
    '<path d="M1.23,0L2,0" aria-label="v: 1.23456"/>',
  );
});
