/**
 * `policy-posterior evaluate` end to end in-process: regret rows and predictive checks written as
 * the report reads them, checked against their definitions; bad arguments exit 2.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../src/cli/cli.js";
import { generateDataset } from "../../src/perturb/dataset/index.js";

let dir = "";

async function run(args: string[]) {
  let out = "";
  let err = "";
  const code = await runCli(args, {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    cwd: dir,
  });
  return { code, out, err };
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "pp-evaluate-"));
  await generateDataset(
    {
      env: "CartPole-v1",
      numEpisodes: 4,
      seed: 2,
      maxSteps: 60,
      perturbations: [
        { type: "gaussian", params: { std: 0.05 } },
        { type: "fgsm", params: { epsilon: 0.01, norm: "linf" } },
      ],
      split: { heldOutFraction: 0.25, unseen: ["fgsm"] },
    },
    { out: join(dir, "data.h5") },
  );
  const r = await run([
    "sample",
    "--data",
    "data.h5",
    "--engine",
    "svi",
    "--svi-steps",
    "300",
    "--out",
    "posterior.h5",
    "--quiet",
  ]);
  assert.equal(r.code, 0, r.err);
});

after(() => rmSync(dir, { recursive: true, force: true }));

test("evaluate: regret rows per perturbation set (oracle, nominal, Bayesian) and PPC items, as report reads them", async () => {
  const r = await run([
    "evaluate",
    "--posterior",
    "posterior.h5",
    "--data",
    "data.h5",
    "--episodes",
    "3",
    "--regret-out",
    "regret.json",
    "--ppc-out",
    "ppc.json",
    "--quiet",
  ]);
  assert.equal(r.code, 0, r.err);
  const regret = JSON.parse(readFileSync(join(dir, "regret.json"), "utf8")) as {
    method: string;
    perturbationSet: string;
    meanReturn: number;
    regret: number;
  }[];
  assert.deepEqual(
    regret.map((x) => `${x.perturbationSet}/${x.method}`),
    [
      "gaussian (held-out)/oracle",
      "gaussian (held-out)/nominal",
      "gaussian (held-out)/Bayesian",
      "fgsm (unseen)/oracle",
      "fgsm (unseen)/nominal",
      "fgsm (unseen)/Bayesian",
    ],
  );
  for (const x of regret) {
    const oracle = regret.find((y) => y.perturbationSet === x.perturbationSet && y.method === "oracle")!;
    assert.ok(Math.abs(x.regret - (oracle.meanReturn - x.meanReturn)) < 1e-9, JSON.stringify(x));
  }
  const ppc = JSON.parse(readFileSync(join(dir, "ppc.json"), "utf8")) as { quantity: string; ksPValue: number }[];
  assert.equal(ppc.length, 1 + 2 + 4 + 4); // returns, 2 action frequencies, 4 episode means, 4 pooled marginals
  assert.ok(ppc.every((p) => p.ksPValue >= 0 && p.ksPValue <= 1));
  const rep = await run([
    "report",
    "--posterior",
    "posterior.h5",
    "--regret",
    "regret.json",
    "--ppc",
    "ppc.json",
    "--out",
    "report.html",
    "--quiet",
  ]);
  assert.equal(rep.code, 0, rep.err);
  const html = readFileSync(join(dir, "report.html"), "utf8");
  assert.ok(html.includes('<section id="regret"') && html.includes('<section id="ppc"'));
});

test("evaluate: an unknown perturbation is a usage error listing the valid ones, and nothing is written", async () => {
  const r = await run([
    "evaluate",
    "--posterior",
    "posterior.h5",
    "--data",
    "data.h5",
    "--perturbation",
    "salt",
    "--regret-out",
    "bad.json",
  ]);
  assert.equal(r.code, 2);
  assert.match(r.err, /--perturbation "salt" is not in the data set; valid: gaussian, fgsm/);
  assert.ok(!existsSync(join(dir, "bad.json")));
});
