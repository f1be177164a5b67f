import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeHdf5 } from "../../src/io/hdf5.js";
import { makePerturbation } from "../../src/perturb/registry.js";
import type { PolicyPosteriorConfig } from "../../src/policy/config.js";
import {
  type LoadedPosterior,
  POSTERIOR_FORMAT,
  decodeJson,
  encodeJson,
  loadPosterior,
  nominalWeightDraws,
  posteriorToJSON,
  savePosterior,
} from "../../src/policy/posterior-file.js";
import type { GaussianMixturePredictive } from "../../src/policy/predictive.js";
import { type PolicyPosterior, PolicyPosteriorSampler } from "../../src/policy/sampler.js";
import { key, normal, split, uniform } from "../../src/random/index.js";
import { Tensor } from "../../src/tensor/tensor.js";

const N = 48;
const D = 2;

/** Clean states N(0, I), observations = states + N(0, 0.2²), actions from a known policy. */
function syntheticData(kind: "discrete" | "continuous") {
  const [k1, k2, k3] = split(key(11), 3);
  const states = normal(k1!, [N, D]).data;
  const noise = normal(k2!, [N, D]).data;
  const obs = Float64Array.from(states, (s, i) => s + 0.2 * noise[i]!);
  const u = uniform(k3!, [N]).data;
  if (kind === "discrete") {
    // p(a = 0 | x) = σ(2 x₀ − x₁): a two-action softmax with weights (2, −1), bias 0
    const actions = Array.from({ length: N }, (_, i) => {
      const z = 2 * states[i * D]! - states[i * D + 1]!;
      return u[i]! < 1 / (1 + Math.exp(-z)) ? 0 : 1;
    });
    return { obs: new Tensor(obs, [N, D]), actions };
  }
  const actions = new Tensor(
    Float64Array.from({ length: N }, (_, i) => states[i * D]! - 0.5 * states[i * D + 1]! + 0.3 * (u[i]! - 0.5)),
    [N, 1],
  );
  return { obs: new Tensor(obs, [N, D]), actions };
}

const SVI: Partial<PolicyPosteriorConfig> = {
  engine: "svi",
  sviSteps: 60,
  numVariationalSamples: 50,
  observationNoiseStd: 0.2,
  seed: 3,
};

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "pp-posterior-file-"));
}

async function roundTrip(p: PolicyPosterior, extra = {}): Promise<LoadedPosterior> {
  const dir = tempDir();
  try {
    const path = join(dir, "posterior.h5");
    await savePosterior(path, p, extra);
    return await loadPosterior(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Probabilities as a plain array (assert.deepEqual on typed arrays compares element by element). */
function arr(x: Float64Array | GaussianMixturePredictive): unknown {
  if (x instanceof Float64Array) return Array.from(x);
  return { ...x, means: Array.from(x.means), sds: Array.from(x.sds), logWeights: Array.from(x.logWeights) };
}

test("round trip (discrete, no hierarchy): identical predictive, calibration, summary, diagnostics, provenance", async () => {
  const { obs, actions } = syntheticData("discrete");
  const sampler = new PolicyPosteriorSampler({ family: "linear-softmax", numActions: 2, ...SVI });
  const posterior = await sampler.samplePosterior(obs, actions, 40); // SVI draws: numVariationalSamples (50) overrides 40;
  const nominal = sampler.fitNominal(obs, actions);
  const loaded = await roundTrip(posterior, { nominal, source: { perturbation: "gaussian" }, metrics: { x: NaN } });
  // A fresh sampler built from the stored configuration, as the CLI does.
  const fresh = new PolicyPosteriorSampler(loaded.config);
  assert.deepEqual(arr(fresh.predict(obs, { posterior: loaded })), arr(sampler.predict(obs, { posterior })));
  assert.deepEqual(
    fresh.evaluateCalibration(loaded, obs, actions),
    sampler.evaluateCalibration(posterior, obs, actions),
  );
  assert.deepEqual(loaded.summary, posterior.summary);
  assert.deepEqual(loaded.diagnostics, posterior.diagnostics);
  assert.deepEqual(loaded.provenance, decodeJson(encodeJson(posterior.provenance)));
  assert.deepEqual(loaded.config, posterior.config);
  assert.equal(loaded.stateModel.mode, "quadrature");
  assert.deepEqual(Array.from(loaded.stateModel.noiseVar!), [0.2 ** 2, 0.2 ** 2]);
  assert.deepEqual(Array.from(loaded.draws.losses!), Array.from(posterior.draws.losses!));
  assert.deepEqual(loaded.draws.sites["weights"]!.shape, [1, 50, D + 1, 1]);
  assert.deepEqual(Array.from(loaded.draws.sites["weights"]!.data), Array.from(posterior.draws.sites["weights"]!.data));
  assert.deepEqual([loaded.stateDim, loaded.numTransitions, loaded.numGroups], [D, N, 0]);
  assert.deepEqual(loaded.source, { perturbation: "gaussian" });
  assert.ok(Number.isNaN(loaded.metrics!["x"]));
  // The nominal baseline predicts exactly as before saving.
  assert.deepEqual(
    arr(fresh.predictNominal(nominalWeightDraws(loaded.nominal!), obs)),
    arr(sampler.predictNominal(nominal, obs)),
  );
  // The JSON view carries no raw draws and survives JSON.
  const j = posteriorToJSON(posterior);
  assert.equal(j.summary.rows.length, D + 1);
  assert.ok(!("samples" in j) && !("draws" in j));
  assert.deepEqual(JSON.parse(JSON.stringify(j)), j);
});

test("round trip (hierarchical and continuous): new-group and per-group predictive, Gaussian mixtures", async () => {
  const { obs, actions } = syntheticData("discrete");
  const groups = Array.from({ length: N }, (_, i) => i % 3);
  const h = new PolicyPosteriorSampler({ family: "linear-softmax", numActions: 2, hierarchy: "episode", ...SVI });
  const ph = await h.samplePosterior(obs, actions, 30, { groups });
  const lh = await roundTrip(ph);
  const fh = new PolicyPosteriorSampler(lh.config);
  assert.equal(lh.numGroups, 3);
  assert.deepEqual(arr(fh.predict(obs, { posterior: lh })), arr(h.predict(obs, { posterior: ph })));
  assert.deepEqual(arr(fh.predict(obs, { posterior: lh, group: 2 })), arr(h.predict(obs, { posterior: ph, group: 2 })));

  const c = syntheticData("continuous");
  const g = new PolicyPosteriorSampler({ family: "linear-gaussian", actionDim: 1, ...SVI });
  const pg = await g.samplePosterior(c.obs, c.actions, 30);
  const lg = await roundTrip(pg, { nominal: g.fitNominal(c.obs, c.actions) });
  const fg = new PolicyPosteriorSampler(lg.config);
  assert.deepEqual(arr(fg.predict(c.obs, { posterior: lg })), arr(g.predict(c.obs, { posterior: pg })));
  assert.equal(lg.nominal!.actionScale!.length, 1);
  const cal = fg.evaluateCalibration(lg, c.obs, c.actions);
  assert.deepEqual(cal, g.evaluateCalibration(pg, c.obs, c.actions));
});

test("a registry observation model is rebuilt; a learned one is refused with a clear error on predict", async () => {
  const { obs, actions } = syntheticData("discrete");
  const model = makePerturbation("bounded-uniform", { radius: 3 });
  const sampler = new PolicyPosteriorSampler(
    { family: "linear-softmax", numActions: 2, ...SVI, numMarginalSamples: 16 },
    { observationModel: model },
  );
  const posterior = await sampler.samplePosterior(obs, actions, 20);
  assert.equal(posterior.stateModel.mode, "monte-carlo");
  const loaded = await roundTrip(posterior);
  assert.equal(loaded.stateModel.observationModel!.type, "bounded-uniform");
  const fresh = new PolicyPosteriorSampler(loaded.config);
  assert.deepEqual(arr(fresh.predict(obs, { posterior: loaded })), arr(sampler.predict(obs, { posterior })));

  const learned = { type: "learned-flow", params: { layers: 2 }, apply: model.apply, logProb: model.logProb };
  const faked = await roundTrip({ ...posterior, stateModel: { ...posterior.stateModel, observationModel: learned } });
  assert.deepEqual(faked.stateModel.observationModel!.params, { layers: 2 });
  assert.throws(
    () => fresh.predict(obs, { posterior: faked }),
    /observation model "learned-flow" was learned and is not stored in the posterior file/,
  );
});

test("NaN and ±Infinity survive the JSON attributes", () => {
  const v = { a: NaN, b: [Infinity, -Infinity, 1.5], c: "x", d: Float64Array.of(1, 2) };
  assert.deepEqual(decodeJson(encodeJson(v)), { a: NaN, b: [Infinity, -Infinity, 1.5], c: "x", d: [1, 2] });
});

test("bad files and bad input: clear errors, and a failed save leaves the old file untouched", async () => {
  const dir = tempDir();
  try {
    await assert.rejects(loadPosterior(join(dir, "none.h5")), /no such file: .*none\.h5/);
    writeFileSync(join(dir, "text.h5"), "not hdf5");
    await assert.rejects(loadPosterior(join(dir, "text.h5")), /not an HDF5 file/);
    await writeHdf5(join(dir, "other.h5"), { attrs: { format: "something-else" } });
    await assert.rejects(loadPosterior(join(dir, "other.h5")), /not a policy-posterior posterior file/);
    await writeHdf5(join(dir, "newer.h5"), { attrs: { format: POSTERIOR_FORMAT, format_version: 99 } });
    await assert.rejects(loadPosterior(join(dir, "newer.h5")), /format version 99 is newer/);

    const { obs, actions } = syntheticData("discrete");
    const sampler = new PolicyPosteriorSampler({ family: "linear-softmax", numActions: 2, ...SVI });
    const posterior = await sampler.samplePosterior(obs, actions, 20);
    const path = join(dir, "p.h5");
    await savePosterior(path, posterior);
    const before = (await loadPosterior(path)).provenance.id;
    const badNominal = { ...sampler.fitNominal(obs, actions), weights: new Float64Array(2) };
    await assert.rejects(savePosterior(path, posterior, { nominal: badNominal }), /nominal weights hold 2 values/);
    await assert.rejects(savePosterior(join(dir, "missing", "p.h5"), posterior), /missing/);
    assert.equal((await loadPosterior(path)).provenance.id, before);
    assert.deepEqual(readdirSync(dir).sort(), ["newer.h5", "other.h5", "p.h5", "text.h5"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const PYTHON = "/usr/bin/python3";
const hasH5py = spawnSync(PYTHON, ["-c", "import h5py"]).status === 0;

test(
  "h5py reads the posterior file: sample shapes, values, summary columns, JSON attributes",
  { skip: hasH5py ? false : `skipped: ${PYTHON} cannot import h5py` },
  async () => {
    const dir = tempDir();
    try {
      const { obs, actions } = syntheticData("discrete");
      const sampler = new PolicyPosteriorSampler({ family: "linear-softmax", numActions: 2, ...SVI });
      const posterior = await sampler.samplePosterior(obs, actions, 20);
      const path = join(dir, "p.h5");
      await savePosterior(path, posterior, { nominal: sampler.fitNominal(obs, actions) });
      assert.ok(existsSync(path));
      const script = `
import h5py, json, sys
with h5py.File(sys.argv[1], "r") as f:
    w = f["samples/weights"]
    names = json.loads(f["summary"].attrs["names"])
    cfg = json.loads(f.attrs["config"])
    print(json.dumps({"format": f.attrs["format"], "shape": list(w.shape), "sum": float(w[()].sum()),
      "names": names, "mean0": float(f["summary/mean"][0]), "family": cfg["family"],
      "mode": f["state_model"].attrs["mode"], "nominal": list(f["nominal/weights"].shape),
      "prov": json.loads(f.attrs["provenance"])["kind"]}))
`;
      const r = spawnSync(PYTHON, ["-c", script, path], { encoding: "utf8" });
      assert.equal(r.status, 0, r.stderr);
      const got = JSON.parse(r.stdout) as Record<string, unknown>;
      const w = posterior.draws.sites["weights"]!;
      assert.equal(got["format"], POSTERIOR_FORMAT);
      assert.deepEqual(got["shape"], w.shape);
      assert.ok(Math.abs((got["sum"] as number) - w.data.reduce((s, v) => s + v, 0)) < 1e-9);
      assert.deepEqual(
        got["names"],
        posterior.summary.rows.map((r) => r.name),
      );
      assert.equal(got["mean0"], posterior.summary.rows[0]!.mean);
      assert.deepEqual(
        [got["family"], got["mode"], got["nominal"], got["prov"]],
        ["linear-softmax", "quadrature", [D + 1, 1], "posterior"],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
