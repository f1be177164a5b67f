import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "../../src/cli/cli.js";
import { type CalibrationFile, mixtureCrps } from "../../src/cli/commands/calibrate.js";
import type { GaussianMixturePredictive } from "../../src/policy/predictive.js";
import { generateDataset, loadTransitions, readDataset } from "../../src/perturb/dataset/index.js";
import { loadPosterior } from "../../src/policy/posterior-file.js";
import { PolicyPosteriorSampler } from "../../src/policy/sampler.js";
import { readProvenanceLog } from "../../src/provenance/index.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { assertClose } from "../helpers/assert.js";

const MAIN = fileURLToPath(new URL("../../src/cli/main.js", import.meta.url));
let dir = "";
let data = "";

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "pp-policy-cli-"));
  data = join(dir, "data.h5");
  await generateDataset(
    {
      env: "CartPole-v1",
      numEpisodes: 4,
      seed: 1,
      maxSteps: 25,
      perturbations: [
        { type: "gaussian", params: { std: 0.1 } },
        { type: "fgsm", params: { epsilon: 0.05, norm: "linf" } },
      ],
      split: { heldOutFraction: 0.25, unseen: ["fgsm"] },
    },
    { out: data },
  );
});

after(() => rmSync(dir, { recursive: true, force: true }));

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

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
/** The fields of `sample --json` (and of the summary file) these tests read. */
interface SampleJson {
  path: string;
  fileSha256: string;
  engine: string;
  numChains: number;
  config: { family: string; numActions: number };
  source: { noiseStd: number; numTransitions: number; perturbation: string };
}

/** SVI with a tiny budget; 50 guide draws (--num-variational-samples replaces --num-samples for SVI). */
const TINY_SVI = ["--engine", "svi", "--svi-steps", "60", "--num-samples", "1000", "--num-variational-samples", "50"];

test("sample (SVI): posterior file, JSON on stdout, provenance with the data file's hash, standardised features, nominal", async () => {
  const r = await run([
    "sample",
    "--data",
    "data.h5",
    "--perturbation",
    "gaussian",
    ...TINY_SVI,
    "--out",
    "svi.h5",
    "--provenance-log",
    "prov.jsonl",
    "--json",
  ]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /SVI steps \[#+\] 100% \(60\/60\)/);
  const json = JSON.parse(r.out) as SampleJson;
  const path = join(dir, "svi.h5");
  assert.equal(json.path, path);
  assert.equal(json.fileSha256, sha256(path));
  assert.equal(json.engine, "svi");
  assert.equal(json.config.family, "linear-softmax");
  assert.equal(json.config.numActions, 2);
  assert.equal(json.source.noiseStd, 0.1); // the data set's Gaussian std
  assert.ok(!existsSync(join(dir, "svi.json")), "with --json the summary goes to stdout only");

  // Standardisation: the training observations' mean and sd, recomputed here.
  const ds = await readDataset(data);
  const batch = loadTransitions(ds, { perturbation: "gaussian", split: "train" });
  const n = batch.numTransitions;
  const mean = [0, 1, 2, 3].map((j) => batch.observations.filter((_, i) => i % 4 === j).reduce((s, v) => s + v, 0) / n);
  const sd = [0, 1, 2, 3].map((j) =>
    Math.sqrt(batch.observations.filter((_, i) => i % 4 === j).reduce((s, v) => s + (v - mean[j]!) ** 2, 0) / (n - 1)),
  );
  const p = await loadPosterior(path);
  const params = p.config.features.params as { center: number[]; scale: number[] };
  assertClose(params.center, mean, { rtol: 1e-12, atol: 1e-15, what: "center" });
  assertClose(params.scale, sd, { rtol: 1e-12, what: "scale" });
  assert.equal(p.numTransitions, n);
  assert.deepEqual(p.draws.sites["weights"]!.shape, [1, 50, 5, 1]);

  // The nominal weights are those the library fits on the same data.
  const sampler = new PolicyPosteriorSampler(p.config);
  const obs = new Tensor(batch.observations, [n, 4]);
  const nominal = sampler.fitNominal(obs, batch.actions);
  assertClose(p.nominal!.weights, nominal.weights, { rtol: 1e-12, atol: 1e-12, what: "nominal weights" });

  // Provenance: kind posterior, the data file's sha256 as an input, the posterior file as output.
  const log = await readProvenanceLog(join(dir, "prov.jsonl"));
  assert.equal(log.records.length, 1);
  const rec = log.records[0]!;
  assert.equal(rec.kind, "posterior");
  assert.equal(rec.id, p.provenance.id);
  assert.deepEqual(rec.inputs[0], { path: data, sha256: sha256(data), role: "dataset" });
  assert.deepEqual(rec.outputs, [{ path, sha256: sha256(path), bytes: readFileSync(path).length }]);
  assert.equal((rec.extra as { source: { perturbation: string } }).source.perturbation, "gaussian");
});

test("sample (NUTS, 2 chains) → calibrate → report, in-process", async () => {
  let r = await run([
    "sample",
    "--data",
    "data.h5",
    "--engine",
    "nuts",
    "--num-samples",
    "20",
    "--num-warmup",
    "20",
    "--num-chains",
    "2",
    "--max-transitions",
    "40",
    "--out",
    "nuts.h5",
  ]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /wrote .*nuts\.h5 .* and .*nuts\.json/);
  assert.match(r.err, /sampling 2 chains \[#+\] 100% \(80\/80\)/);
  const summary = JSON.parse(readFileSync(join(dir, "nuts.json"), "utf8")) as SampleJson;
  assert.equal(summary.numChains, 2);
  assert.equal(summary.source.numTransitions, 40);
  assert.equal(summary.source.perturbation, "gaussian"); // the first perturbation seen in training
  const p = await loadPosterior(join(dir, "nuts.h5"));
  assert.deepEqual(p.draws.sites["weights"]!.shape, [2, 20, 5, 1]);
  assert.ok(p.draws.summary.sampler !== undefined);

  // calibrate on an unseen perturbation's held-out episodes
  r = await run([
    "calibrate",
    "--posterior",
    "nuts.h5",
    "--data",
    "data.h5",
    "--perturbation",
    "fgsm",
    "--bins",
    "5",
    "--out",
    "cal.json",
    "--json",
  ]);
  assert.equal(r.code, 0, r.err);
  const cal = JSON.parse(r.out) as CalibrationFile;
  assert.deepEqual(JSON.parse(readFileSync(join(dir, "cal.json"), "utf8")), cal);
  assert.deepEqual(
    cal.methods.map((m) => m.method),
    ["Bayesian", "nominal"],
  );
  // Independent reference: Brier, NLL and accuracy from the predictive probabilities by definition.
  const ds = await readDataset(data);
  const held = loadTransitions(ds, { perturbation: "fgsm", split: "heldout" });
  assert.equal(cal.numTransitions, held.numTransitions);
  const sampler = new PolicyPosteriorSampler(p.config);
  const probs = sampler.predict(new Tensor(held.observations, [held.numTransitions, 4]), {
    posterior: p,
  }) as Float64Array;
  let brier = 0;
  let nll = 0;
  let hits = 0;
  for (let i = 0; i < held.numTransitions; i++) {
    const a = held.actions[i]!;
    const [p0, p1] = [probs[2 * i]!, probs[2 * i + 1]!];
    brier += (p0 - (a === 0 ? 1 : 0)) ** 2 + (p1 - (a === 1 ? 1 : 0)) ** 2;
    nll -= Math.log(a === 0 ? p0 : p1);
    if ((p0 > p1 ? 0 : 1) === a) hits++;
  }
  const bayes = cal.methods[0]!;
  assertClose(bayes.brier!, brier / held.numTransitions, { rtol: 1e-9, what: "brier" });
  assertClose(bayes.nll, nll / held.numTransitions, { rtol: 1e-9, what: "nll" });
  assertClose(bayes.accuracy!, hits / held.numTransitions, { what: "accuracy" });
  assert.equal(bayes.reliability!.length, 5);
  assert.equal(
    bayes.reliability!.reduce((s, b) => s + b.count, 0),
    held.numTransitions,
  );

  // text table
  r = await run(["calibrate", "--posterior", "nuts.h5", "--data", "data.h5"]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /\(gaussian\/heldout\)/);
  assert.match(r.out, /method +ECE +Brier +NLL +accuracy\n +Bayesian +[\d.]+/);

  // report with calibration, regret and ppc files in the report's own shapes
  writeFileSync(
    join(dir, "regret.json"),
    JSON.stringify([
      { method: "oracle", perturbationSet: "held-out", meanReturn: 25, standardError: 0, regret: 0 },
      { method: "Bayesian", perturbationSet: "held-out", meanReturn: 22, standardError: 1, regret: 3 },
    ]),
  );
  writeFileSync(
    join(dir, "ppc.json"),
    JSON.stringify([
      {
        quantity: "action 0 frequency",
        observed: [0.5, 0.4],
        simulated: [0.45, 0.5, 0.55],
        ksStatistic: 0.5,
        ksPValue: 0.6,
        wasserstein1: 0.05,
      },
    ]),
  );
  r = await run([
    "report",
    "--posterior",
    "nuts.h5",
    "--calibration",
    "cal.json",
    "--regret",
    "regret.json",
    "--ppc",
    "ppc.json",
    "--out",
    "report.html",
    "--json",
  ]);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(JSON.parse(r.out).sections, ["posterior", "calibration", "regret", "ppc"]);
  const html = readFileSync(join(dir, "report.html"), "utf8");
  assert.match(html, /^<!DOCTYPE html>/);
  for (const s of ["weights[3,0]", "nominal", "action 0 frequency", "oracle", p.provenance.id])
    assert.ok(html.includes(s), `report mentions ${s}`);

  // a malformed regret file is a usage error naming the option and the field; no report written
  writeFileSync(join(dir, "bad-regret.json"), JSON.stringify([{ method: "x", perturbationSet: "y", meanReturn: "a" }]));
  r = await run(["report", "--posterior", "nuts.h5", "--regret", "bad-regret.json", "--out", "bad.html"]);
  assert.equal(r.code, 2);
  assert.match(r.err, /--regret: item 0: meanReturn must be a number/);
  assert.ok(!existsSync(join(dir, "bad.html")));
});

test("bad arguments exit 2 naming the option, and create no output", async () => {
  const cases: [string[], RegExp][] = [
    [["--engine", "gibbs"], /--engine must be one of nuts, hmc, svi, got "gibbs"/],
    [["--prior-variance", "20"], /--prior-variance must be a number in \[0\.1, 10\], got 20/],
    [["--noise-std", "2"], /--noise-std must be a number in \[0, 1\], got 2/],
    [["--num-chains", "0", "--engine", "nuts"], /--num-chains must be an integer in \[1, 64\], got 0/],
    [["--data", "nope.h5"], /--data: no such file: .*nope\.h5/],
    [["--perturbation", "salt"], /--perturbation "salt" is not in the data set .*; valid: clean, gaussian, fgsm/],
    [["--perturbation", "fgsm"], /perturbation "fgsm" is unseen \(kept out of training\)/],
    [["--split", "test"], /--split must be one of train, heldout, all, got "test"/],
    [["--hierarchy", "agent"], /--hierarchy must be one of none, episode, got "agent"/],
    [["--num-samples", "2", "--engine", "nuts"], /--num-samples must be an integer in \[4, 10000000\], got 2/],
    [["--out", "no/such/dir/p.h5"], /--out/],
  ];
  for (const [extra, re] of cases) {
    const args = ["sample", "--data", "data.h5", "--out", "bad.h5", ...TINY_SVI];
    // later flags replace earlier ones of the same name
    for (let i = 0; i < extra.length; i += 2) {
      const at = args.indexOf(extra[i]!);
      if (at >= 0) args.splice(at, 2);
    }
    const r = await run([...args, ...extra]);
    assert.equal(r.code, 2, `${extra.join(" ")}: ${r.err}`);
    assert.match(r.err, re);
    assert.match(r.err, /Run 'policy-posterior sample --help' for usage/);
  }
  let r = await run(["sample", "--out", "bad.h5"]);
  assert.equal(r.code, 2);
  assert.match(r.err, /--data FILE \(the HDF5 data set\) is required/);
  r = await run(["calibrate", "--posterior", "data.h5", "--data", "data.h5", "--out", "c.json"]);
  assert.equal(r.code, 2);
  assert.match(r.err, /--posterior: loadPosterior: .*not a policy-posterior posterior file/);
  r = await run(["report", "--posterior", "missing.h5", "--out", "r.html"]);
  assert.equal(r.code, 2);
  assert.match(r.err, /--posterior: no such file/);
  const leftovers = readdirSync(dir).filter((f) => /^(bad\.h5|bad\.json|c\.json|r\.html)$|\.tmp$/.test(f));
  assert.deepEqual(leftovers, []);
});

test("the compiled executable: a sample run, and a run killed mid-fit leaves no posterior file", async () => {
  const r = spawnSync(
    process.execPath,
    [MAIN, "sample", "--data", "data.h5", ...TINY_SVI, "--max-transitions", "30", "--out", "spawned.h5", "--quiet"],
    { cwd: dir, encoding: "utf8" },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, "");
  assert.match(r.stdout, /wrote .*spawned\.h5/);
  assert.equal((await loadPosterior(join(dir, "spawned.h5"))).numTransitions, 30);
  assert.ok(existsSync(join(dir, "spawned.json")));

  // Killed (SIGKILL) once the SVI progress bar has started: nothing is left at --out.
  const child = spawn(
    process.execPath,
    [MAIN, "sample", "--data", "data.h5", "--engine", "svi", "--svi-steps", "1000000", "--out", "killed.h5"],
    { cwd: dir },
  );
  await new Promise<void>((resolve, reject) => {
    let err = "";
    child.stderr.on("data", (b: Buffer) => {
      err += b.toString();
      if (err.includes("SVI steps")) child.kill("SIGKILL");
    });
    child.on("exit", (_code, signal) =>
      signal === "SIGKILL" ? resolve() : reject(new Error(`not killed mid-fit: ${err}`)),
    );
  });
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.includes("killed")),
    [],
  );
});

test("continuous actions (Pendulum): linear-gaussian posterior, coverage/NLL/PIT-CE/CRPS calibration, report", async () => {
  const pend = join(dir, "pend.h5");
  await generateDataset(
    {
      env: "Pendulum-v1",
      numEpisodes: 3,
      seed: 2,
      maxSteps: 20,
      perturbations: [{ type: "gaussian", params: { std: 0.05 } }],
      split: { heldOutFraction: 0.34 },
    },
    { out: pend },
  );
  let r = await run(["sample", "--data", "pend.h5", ...TINY_SVI, "--out", "pend-post.h5", "--quiet"]);
  assert.equal(r.code, 0, r.err);
  const p = await loadPosterior(join(dir, "pend-post.h5"));
  assert.equal(p.config.family, "linear-gaussian");
  assert.ok(p.draws.sites["action_scale"] !== undefined);
  r = await run(["calibrate", "--posterior", "pend-post.h5", "--data", "pend.h5", "--out", "pend-cal.json", "--json"]);
  assert.equal(r.code, 0, r.err);
  const cal = JSON.parse(r.out) as CalibrationFile;
  assert.equal(cal.kind, "continuous");
  const ds = await readDataset(pend);
  const held = loadTransitions(ds, { perturbation: "gaussian", split: "heldout" });
  const pred = new PolicyPosteriorSampler(p.config).predict(new Tensor(held.observations, [held.numTransitions, 3]), {
    posterior: p,
  }) as GaussianMixturePredictive;
  const bayes = cal.methods[0]!;
  assertClose(bayes.crps!, mixtureCrps(pred, held.actions), { rtol: 1e-12, what: "crps" });
  for (const level of ["0.5", "0.8", "0.95"]) assert.ok(bayes.coverage![level]! >= 0 && bayes.coverage![level]! <= 1);
  assert.ok(bayes.pitCalibrationError! >= 0 && bayes.pitCalibrationError! <= 0.5);
  r = await run(["report", "--posterior", "pend-post.h5", "--calibration", "pend-cal.json", "--out", "pend.html"]);
  assert.equal(r.code, 0, r.err);
  assert.match(readFileSync(join(dir, "pend.html"), "utf8"), /ECE column holds the PIT calibration error/);
});
