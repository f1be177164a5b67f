// The summary table: its values (against the posterior package fixture) and its text layout.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { assertClose } from "../helpers/assert.js";
import { formatSummary, parameterChains, summary, type ParameterDraws } from "../../src/infer/diagnostics/index.js";

type Value = number | null;
interface Dataset {
  chains: number[][];
  rhat: Value;
  ess_bulk: Value;
  ess_tail: Value;
  mcse_mean: Value;
  mcse_sd: Value;
  mean: number;
  sd: number;
  quantiles: number[];
}
const fixture = JSON.parse(
  readFileSync(new URL("../../../test/fixtures/diagnostics.json", import.meta.url), "utf8"),
) as {
  datasets: Record<string, Dataset>;
};

/** Interleave one-parameter datasets (chains × draws) into row-major draws × dim blocks. */
function interleave(columns: number[][][]): Float64Array[] {
  const dim = columns.length;
  return columns[0]!.map((chain, c) => {
    const block = new Float64Array(chain.length * dim);
    for (let i = 0; i < chain.length; i++) for (let j = 0; j < dim; j++) block[i * dim + j] = columns[j]![c]![i]!;
    return block;
  });
}

const names = ["ar1", "shifted_chain", "scaled_chain"];
const datasets = names.map((n) => fixture.datasets[n]!);
const draws: ParameterDraws = { chains: interleave(datasets.map((d) => d.chains)), dim: 3, names };

test("parameterChains extracts one column of the row-major blocks", () => {
  assert.deepEqual(
    parameterChains(draws, 1).map((c) => Array.from(c)),
    datasets[1]!.chains,
  );
});

test("summary rows match the posterior package's mean, sd, quantiles, MCSE, ESS and R-hat", () => {
  const { rows, sampler } = summary(draws);
  assert.equal(sampler, undefined);
  assert.deepEqual(
    rows.map((r) => r.name),
    names,
  );
  rows.forEach((row, j) => {
    const d = datasets[j]!;
    const tol = { rtol: 1e-10, atol: 0, what: row.name };
    assertClose([row.mean, row.sd, row.q5, row.q50, row.q95], [d.mean, d.sd, ...d.quantiles], tol);
    assertClose(
      [row.mcseMean, row.mcseSd, row.essBulk, row.essTail, row.rHat],
      [d.mcse_mean, d.mcse_sd, d.ess_bulk, d.ess_tail, d.rhat].map((v) => v ?? NaN),
      tol,
    );
  });
});

test("summary rows survive a JSON round trip and default names are x[j]", () => {
  const { rows } = summary({ chains: draws.chains, dim: 3 });
  assert.deepEqual(
    rows.map((r) => r.name),
    ["x[0]", "x[1]", "x[2]"],
  );
  assert.deepEqual(JSON.parse(JSON.stringify(rows)), rows);
});

test("formatSummary prints an aligned table with one row per parameter", () => {
  const text = formatSummary(summary(draws));
  const lines = text.split("\n");
  assert.equal(lines.length, 1 + names.length);
  assert.match(lines[0]!, /^\s+mean\s+sd\s+5%\s+50%\s+95%\s+mcse_mean\s+mcse_sd\s+ess_bulk\s+ess_tail\s+r_hat$/);
  assert.ok(
    lines.every((l) => l.length === lines[0]!.length),
    `all lines have the header's width:\n${text}`,
  );
  const ar1 = lines[1]!.trim().split(/\s+/);
  assert.equal(ar1[0], "ar1");
  assert.equal(ar1[1], datasets[0]!.mean.toFixed(3));
  assert.equal(ar1[8], Math.round(datasets[0]!.ess_bulk!).toString());
  assert.equal(ar1[10], datasets[0]!.rhat!.toFixed(3));
  // every column ends at the same offset as its header
  const headerEnds = [...lines[0]!.matchAll(/\S+/g)].map((m) => m.index! + m[0].length);
  for (const line of lines.slice(1)) {
    const ends = [...line.matchAll(/\S+/g)].map((m) => m.index! + m[0].length);
    assert.deepEqual(ends.slice(1), headerEnds, line);
  }
});

test("formatSummary leads with the sampler diagnostics and warnings when statistics are given", () => {
  const n = draws.chains[0]!.length / 3;
  const stats = draws.chains.map((_, c) => ({
    diverging: Uint8Array.from({ length: n }, (_, i) => (c === 1 && i < 2 ? 1 : 0)),
    treeDepth: Int32Array.from({ length: n }, (_, i) => (i === 0 ? 10 : 3)),
    energy: Float64Array.from({ length: n }, (_, i) => (c === 3 ? i / n : Math.sin(i * 2.1))),
  }));
  const text = formatSummary(summary(draws, { stats }));
  const lines = text.split("\n");
  assert.match(
    lines[0]!,
    /^4 chains, 400 draws; divergences: 2 \(0\.5%\); tree depth 10 reached: 4 \(1\.0%\); E-BFMI: /,
  );
  assert.match(text, /warning: 2 divergent transitions/);
  assert.match(text, /warning: 4 transitions stopped at the maximum tree depth 10/);
  assert.match(text, /warning: E-BFMI below 0\.3 in chain 3 \(0-based\)/);
  assert.match(lines.at(-1 - names.length)!, /^\s+mean\s+sd/);
});

test("formatSummary prints undefined diagnostics of constant draws as NaN", () => {
  const constant = fixture.datasets["constant"]!;
  const text = formatSummary(summary({ chains: constant.chains, dim: 1, names: ["fixed"] }));
  assert.match(
    text.split("\n")[1]!,
    /^fixed\s+1\.500\s+0\.000\s+1\.500\s+1\.500\s+1\.500\s+NaN\s+NaN\s+NaN\s+NaN\s+NaN$/,
  );
});
