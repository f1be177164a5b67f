/**
 * The HTML report: every section of a full input in order, absent sections left out, strings
 * escaped, R-hat / ESS flags, well-formed and self-contained output, identical bytes for identical
 * input, atomic writing.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPORT_SECTIONS, buildReport, writeReport } from "../../src/report/html.js";
import { checkWellFormedXml } from "../../src/report/xml.js";
import type { ReportInput, SummaryRow } from "../../src/report/types.js";

function row(name: string, rHat: number, essBulk: number, essTail: number): SummaryRow {
  return {
    name,
    mean: 0.5,
    sd: 0.1,
    q5: 0.34,
    q50: 0.5,
    q95: 0.66,
    mcseMean: 0.01,
    mcseSd: 0.01,
    essBulk,
    essTail,
    rHat,
  };
}

/** A small but complete input (small so the test stays fast). */
function fullInput(): ReportInput {
  const names = ["w[0]", "w[1]"];
  return {
    title: "Full report",
    createdAt: "2026-01-01T00:00:00Z",
    summary: ["Softmax policy, NUTS, 2 chains."],
    keyNumbers: { observations: 500 },
    config: { engine: "NUTS", numChains: 2, perturbation: { kind: "gaussian", std: 0.1 } },
    provenance: { seed: 3, hash: "sha256:abc" },
    posterior: {
      names,
      truth: [0, 1],
      draws: [0, 1].map((c) => Array.from({ length: 60 }, (_, d) => names.map((_, j) => j + Math.sin(d + c + j)))),
    },
    summaryRows: [row("w[0]", 1.001, 900, 800), row("w[1]", 1.02, 350, 800)],
    diagnostics: { divergences: 2, "E-BFMI (min)": 0.8 },
    calibration: [
      { method: "Bayesian", ece: 0.02, brier: 0.17, nll: 0.5, coverage95: 0.94 },
      { method: "nominal", ece: 0.09, brier: 0.18, nll: 0.6 },
    ],
    reliability: [{ method: "Bayesian", bins: [{ lo: 0, hi: 1, count: 5, confidence: 0.5, accuracy: 0.6 }] }],
    regret: [
      { method: "oracle", perturbationSet: "held-out", meanReturn: 100, standardError: 2, regret: 0 },
      { method: "Bayesian", perturbationSet: "held-out", meanReturn: 90, standardError: 2, regret: 10 },
    ],
    ppc: [
      {
        quantity: "return",
        observed: [1, 2, 3],
        simulated: [1, 2, 2, 3],
        ksStatistic: 0.1,
        ksPValue: 0.9,
        wasserstein1: 0.2,
      },
    ],
  };
}

/** Section ids in page order. */
function sectionIds(html: string): string[] {
  return [...html.matchAll(/<section id="([^"]+)">/g)].map((m) => m[1]!);
}

test("a full input gives every section in order; well-formed, self-contained, deterministic", async () => {
  const input = fullInput();
  const html = await buildReport(input);
  assert.deepEqual(sectionIds(html), [...REPORT_SECTIONS]);
  checkWellFormedXml(html);
  // self-contained: no scripts, no external resources (the only URLs are XML namespace names)
  assert.ok(!/<script/i.test(html));
  const urls = [...html.matchAll(/https?:\/\/[^"'\s)]+/g)].map((m) => m[0]);
  assert.deepEqual([...new Set(urls)].sort(), [
    "http://www.w3.org/1999/xhtml",
    "http://www.w3.org/1999/xlink",
    "http://www.w3.org/2000/svg",
  ]);
  assert.ok(!/\s(src|href)="(?!#)/.test(html), "a src or non-fragment href");
  // one inline SVG per chart: reliability, return, regret, marginals, pairs, traces, ppc
  assert.equal(html.split("<svg").length - 1, 7);
  assert.equal(await buildReport(structuredClone(input)), html);
  // headline figures derived from the sections
  assert.match(html, /<div class="value">1\.020<\/div><div class="label">max R-hat<\/div>/);
  assert.match(html, /<div class="card flag"><div class="value">2<\/div><div class="label">divergences<\/div>/);
  assert.match(html, /<div class="value">10<\/div><div class="label">regret, Bayesian, held-out<\/div>/);
  // a coverage column only for the level some row has
  assert.match(html, /<th>coverage 95%<\/th>/);
  assert.ok(!html.includes("coverage 50%"));
});

test("absent sections are left out", async () => {
  assert.deepEqual(sectionIds(await buildReport({ title: "Only a title" })), ["headline"]);
  const { calibration, config } = fullInput();
  const html = await buildReport({ title: "Partial", calibration, config });
  assert.deepEqual(sectionIds(html), ["headline", "calibration", "configuration"]);
  assert.ok(!html.includes("<svg"), "no reliability data, so no chart");
  checkWellFormedXml(html);
});

test("R-hat >= 1.01 and ESS < 400 are flagged in the summary table", async () => {
  const summaryRows = [
    row("ok", 1.009, 400, 400),
    row("rhat", 1.01, 1000, 1000),
    row("ess", 1.0, 399, 2000),
    row("nan", NaN, 500, 500),
  ];
  const html = await buildReport({ title: "Flags", summaryRows });
  const rows = [...html.matchAll(/<tr( class="flagged")?><td class="text">([^<]+)<\/td>(.*?)<\/tr>/g)].map((m) => ({
    name: m[2],
    flaggedRow: m[1] !== undefined,
    flags: (m[3]!.match(/class="flag"/g) ?? []).length,
  }));
  assert.deepEqual(rows, [
    { name: "ok", flaggedRow: false, flags: 0 },
    { name: "rhat", flaggedRow: true, flags: 1 },
    { name: "ess", flaggedRow: true, flags: 1 },
    { name: "nan", flaggedRow: false, flags: 0 },
  ]);
  assert.match(html, /<td class="flag" title="R-hat &gt;= 1.01">⚠ 1.010<\/td>/);
  assert.match(html, /<td>1.009<\/td>/);
  assert.match(html, /2 of 4 parameter\(s\) flagged/);
});

test("every string from the input is escaped", async () => {
  const evil = '<script>alert("x")</script>';
  const input = fullInput();
  input.title = evil;
  input.summary = [evil];
  input.keyNumbers = { [evil]: evil };
  input.config = { [evil]: evil, nested: { [evil]: 1 } };
  input.calibration![0]!.method = evil;
  input.regret![1]!.perturbationSet = evil;
  input.summaryRows![0]!.name = evil;
  input.posterior!.names[0] = evil;
  input.ppc![0]!.quantity = evil;
  const html = await buildReport(input);
  assert.ok(!/<script/i.test(html), "raw <script> in the report");
  assert.ok(html.includes("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
  checkWellFormedXml(html);
});

test("many parameters: marginals and traces show the first 12, pairs the first 4, with a note", async () => {
  const names = Array.from({ length: 15 }, (_, j) => `theta[${j}]`);
  const draws = [Array.from({ length: 8 }, (_, d) => names.map((_, j) => Math.cos(d + j)))];
  const html = await buildReport({
    title: "Many",
    posterior: { names, draws },
    config: { cycle: 10n as unknown as number },
  });
  const section = (id: string) =>
    html.slice(html.indexOf(`<section id="${id}">`), html.indexOf("</section>", html.indexOf(`<section id="${id}">`)));
  const titles = (id: string) =>
    [...section(id).matchAll(/<g class="mark-text role-axis-title"[^>]*><text[^>]*>(theta\[\d+\])<\/text>/g)].map(
      (m) => m[1],
    );
  assert.deepEqual(new Set(titles("marginals")), new Set(names.slice(0, 12)));
  assert.deepEqual(new Set(titles("traces")), new Set(names.slice(0, 12)));
  assert.deepEqual(new Set(titles("pairs")), new Set(names.slice(0, 4)));
  assert.equal(section("marginals").split("showing 12 of 15 parameters").length - 1, 1);
  // a value JSON cannot hold is named in the table, not thrown
  assert.match(section("configuration"), /<code>\(not JSON-serialisable: [^<]*BigInt[^<]*\)<\/code>/);
});

test("bad input gets a clear error", async () => {
  await assert.rejects(buildReport({ title: "" }), /title must be a non-empty string, got ""/);
  await assert.rejects(
    buildReport({ title: "t", calibration: [{ method: "m", ece: "0.1" as unknown as number, brier: 0, nll: 0 }] }),
    /calibration row 0 ece must be a finite number, got 0.1/,
  );
  await assert.rejects(
    buildReport({ title: "t", calibration: [{ method: "m", ece: 0, brier: 0, nll: 0, coverage80: 1.2 }] }),
    /coverage80 must be in \[0, 1\], got 1.2/,
  );
  await assert.rejects(
    buildReport({ title: "t", summaryRows: [{ ...row("a", 1, 1, 1), sd: "x" as unknown as number }] }),
    /summary row 0 \(a\) sd must be a number or null, got "x"/,
  );
});

test("writeReport writes the built page atomically and names the path on failure", async () => {
  const dir = await mkdtemp(join(tmpdir(), "report-"));
  try {
    const input: ReportInput = { title: "Written", calibration: fullInput().calibration };
    const path = join(dir, "report.html");
    await writeReport(path, input);
    assert.equal(await readFile(path, "utf8"), await buildReport(input));
    assert.deepEqual(await readdir(dir), ["report.html"], "no temporary file left behind");
    const missing = join(dir, "no-such-folder", "r.html");
    await assert.rejects(writeReport(missing, input), (e: Error) => e.message.includes(`could not write ${missing}`));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
