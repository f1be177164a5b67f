import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rollout } from "../../src/envs/rollout.js";
import { key, split } from "../../src/random/index.js";
import { pretrainedPolicy } from "../../src/envs/policies/pretrained.js";
import { readHdf5, writeHdf5, type Hdf5Group, type Hdf5GroupInput } from "../../src/io/hdf5.js";
import {
  type DatasetConfig,
  datasetKeys,
  generateDataset,
  heldOutCount,
  loadTransitions,
  readDataset,
} from "../../src/perturb/dataset/index.js";
import { readProvenanceLog, sha256File } from "../../src/provenance/index.js";

const EPS = 0.05;
const STD = 0.3;

function config(seed: number): DatasetConfig {
  return {
    env: "CartPole-v1",
    numEpisodes: 10,
    seed,
    maxSteps: 40,
    perturbations: [
      { type: "gaussian", params: { std: STD } },
      { name: "attack", type: "fgsm", params: { epsilon: EPS, norm: "linf" } },
      { type: "bias-drift", params: { driftStd: 0.01 } },
    ],
    split: { heldOutFraction: 0.3, unseen: ["attack"] },
  };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "pp-dataset-"));
}

test("read-back equals a fresh rollout; perturbations, deltas and splits are what was asked", async () => {
  const dir = tempDir();
  try {
    const out = join(dir, "d.h5");
    const log = join(dir, "prov.jsonl");
    const cfg = config(3);
    const res = await generateDataset(cfg, { out, provenanceLog: log });
    const ds = await readDataset(out);

    // clean part against an independent rollout with the documented key
    const rolloutKey = split(key(3), 3)[0]!; // the documented key scheme, rebuilt by hand
    assert.deepEqual(rolloutKey, datasetKeys(3).rollout);
    const fresh = rollout("CartPole-v1", pretrainedPolicy("CartPole-v1"), rolloutKey, {
      numEpisodes: 10,
      maxSteps: 40,
    });
    assert.equal(ds.numTransitions, fresh.numTransitions);
    assert.equal(ds.obsDim, 4);
    assert.equal(ds.actionKind, "discrete");
    assert.equal(ds.numActions, 2);
    assert.deepEqual(ds.clean.states, fresh.states);
    assert.deepEqual(ds.clean.actions, fresh.actions);
    assert.deepEqual(ds.clean.rewards, fresh.rewards);
    assert.deepEqual(ds.index.episode, fresh.episode);
    assert.deepEqual(ds.index.step, fresh.step);
    assert.deepEqual(ds.episodes.returns, fresh.episodeReturns);
    assert.equal(ds.envId, "CartPole-v1");
    assert.equal(ds.seed, 3);
    assert.equal(ds.dataSha256, res.dataSha256);
    assert.deepEqual((ds.policy as { type: string }).type, "linear-softmax");
    assert.equal(ds.config.perturbations[1]!.name, "attack");

    // split: disjoint, covering, of the stated size
    const { trainEpisodes: train, heldOutEpisodes: held } = ds.splits;
    assert.equal(held.length, heldOutCount(10, 0.3));
    assert.equal(held.length, 3);
    assert.deepEqual(
      [...train, ...held].sort((a, b) => a - b),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
    assert.ok(![...train].some((e) => held.includes(e)), "no episode in both sets");
    assert.deepEqual(ds.splits.unseen, ["attack"]);

    // Gaussian: all rows; delta = observations − clean; delta / σ standard normal (mean, variance)
    const g = ds.perturbations.gaussian!;
    const N = ds.numTransitions;
    assert.equal(g.rows.length, N);
    assert.equal(g.unseen, false);
    let m = 0;
    let v = 0;
    for (let i = 0; i < N * 4; i++) {
      assert.equal(g.delta[i], g.observations[i]! - ds.clean.states[i]!);
      m += g.delta[i]! / STD;
      v += (g.delta[i]! / STD) ** 2;
    }
    m /= N * 4;
    v /= N * 4;
    const n = N * 4; // ≥ 1000 draws: mean within 4/√n, variance within 4·√(2/n)
    assert.ok(Math.abs(m) < 4 / Math.sqrt(n), `mean ${m}`);
    assert.ok(Math.abs(v - 1) < 4 * Math.sqrt(2 / n), `variance ${v}`);

    // the unseen attack: held-out rows only, every coordinate moved by exactly ±ε (FGSM, L∞)
    const a = ds.perturbations.attack!;
    assert.equal(a.unseen, true);
    assert.equal(a.type, "fgsm");
    assert.deepEqual(a.params, { epsilon: EPS, norm: "linf" });
    const heldRows = [...Array(N).keys()].filter((r) => held.includes(ds.index.episode[r]!));
    assert.deepEqual(Array.from(a.rows), heldRows);
    for (let i = 0; i < a.delta.length; i++)
      assert.ok(Math.abs(Math.abs(a.delta[i]!) - EPS) < 1e-12, `delta ${a.delta[i]}`);

    // transitions for the posterior
    assert.throws(() => loadTransitions(ds, { perturbation: "attack", split: "train" }), /"attack" is unseen/);
    const tr = loadTransitions(ds, { perturbation: "gaussian", split: "train" });
    assert.ok([...tr.episode].every((e) => train.includes(e)));
    assert.equal(tr.numTransitions, [...ds.index.episode].filter((e) => train.includes(e)).length);
    const ho = loadTransitions(ds, { perturbation: "attack", split: "heldout" });
    assert.equal(ho.numTransitions, heldRows.length);
    for (let j = 0; j < ho.numTransitions; j++) {
      const r = ho.rows[j]!;
      for (let d = 0; d < 4; d++) {
        assert.equal(ho.cleanStates[j * 4 + d], ds.clean.states[r * 4 + d]);
        assert.equal(ho.observations[j * 4 + d], a.observations[j * 4 + d]);
      }
      assert.equal(ho.actions[j], ds.clean.actions[r]);
    }
    const clean = loadTransitions(ds, { perturbation: "clean", split: "all" });
    assert.deepEqual(clean.observations, ds.clean.states);
    assert.throws(() => loadTransitions(ds, { perturbation: "nope", split: "all" }), /valid: clean, gaussian, attack/);

    // provenance
    const { records, skipped } = await readProvenanceLog(log);
    assert.equal(skipped.length, 0);
    assert.equal(records.length, 1);
    assert.equal(records[0]!.kind, "dataset");
    assert.deepEqual(records[0]!.seeds, { seed: 3 });
    assert.equal(records[0]!.outputs[0]!.sha256, await sha256File(out));
    assert.equal(records[0]!.outputs[0]!.bytes, readFileSync(out).length);
    assert.equal((records[0]!.extra as { dataSha256: string }).dataSha256, res.dataSha256);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("same seed: identical data-section hash and file bytes; different seed: different data", async () => {
  const dir = tempDir();
  try {
    const a = await generateDataset(config(5), { out: join(dir, "a.h5") });
    const b = await generateDataset(config(5), { out: join(dir, "b.h5") });
    const c = await generateDataset(config(6), { out: join(dir, "c.h5") });
    assert.equal(a.dataSha256, b.dataSha256);
    assert.ok(readFileSync(join(dir, "a.h5")).equals(readFileSync(join(dir, "b.h5"))), "byte-identical files");
    assert.notEqual(a.dataSha256, c.dataSha256);
    assert.notEqual(a.fileSha256, c.fileSha256);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The tree as read, in the writer's input form (for re-writing a tampered copy). */
function asInput(g: Hdf5Group): Hdf5GroupInput {
  return {
    attrs: g.attrs as Hdf5GroupInput["attrs"],
    datasets: Object.fromEntries(
      Object.entries(g.datasets).map(([k, d]) => [
        k,
        { data: d.data as Float64Array, shape: d.shape, attrs: d.attrs as Hdf5GroupInput["attrs"] },
      ]),
    ),
    groups: Object.fromEntries(Object.entries(g.groups).map(([k, s]) => [k, asInput(s)])),
  };
}

test("a data set whose data no longer match its recorded hash is refused", async () => {
  const dir = tempDir();
  try {
    const out = join(dir, "d.h5");
    await generateDataset(
      { ...config(1), perturbations: [{ type: "gaussian", params: { std: 0.1 } }], split: {} },
      { out },
    );
    const tree = await readHdf5(out);
    (tree.groups.clean!.datasets.rewards!.data as Float64Array)[0] = 2;
    await writeHdf5(join(dir, "tampered.h5"), asInput(tree));
    await assert.rejects(
      readDataset(join(dir, "tampered.h5")),
      /data section hash [0-9a-f]{64} does not match the recorded/,
    );
    await assert.rejects(readDataset(join(dir, "none.h5")), /no such file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("continuous actions are stored as [N, A]", async () => {
  const dir = tempDir();
  try {
    const out = join(dir, "p.h5");
    await generateDataset(
      {
        env: "Pendulum-v1",
        numEpisodes: 2,
        seed: 0,
        maxSteps: 15,
        perturbations: [{ type: "gaussian", params: { std: 0.05 } }],
      },
      { out },
    );
    const ds = await readDataset(out);
    assert.equal(ds.actionKind, "continuous");
    assert.equal(ds.actionDim, 1);
    assert.equal(ds.numTransitions, 30);
    assert.ok(ds.clean.actions instanceof Float64Array);
    assert.equal(ds.clean.actions.length, 30);
    assert.deepEqual((await readHdf5(out)).groups.clean!.datasets.actions!.shape, [30, 1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("bad arguments fail before any work, with the valid choices listed, and create no file", async () => {
  const dir = tempDir();
  try {
    const out = join(dir, "x.h5");
    const base = config(0);
    const cases: [DatasetConfig, RegExp][] = [
      [{ ...base, env: "CartPole-v9" }, /unknown environment "CartPole-v9"; valid: CartPole-v1, Pendulum-v1/],
      [
        { ...base, perturbations: [{ type: "gausian", params: { std: 1 } }] },
        /unknown perturbation type "gausian"; valid: gaussian, salt-and-pepper/,
      ],
      [
        { ...base, perturbations: [{ type: "fgsm", params: { epsilon: -0.1 } }] },
        /perturbation "fgsm": .*epsilon.*-0\.1/,
      ],
      [{ ...base, split: { unseen: ["fgsm"] } }, /split\.unseen names "fgsm".*valid: gaussian, attack, bias-drift/],
      [{ ...base, split: { heldOutFraction: 1 } }, /heldOutFraction must be in \[0, 1\), got 1/],
      [{ ...base, numEpisodes: 0 }, /numEpisodes must be a positive integer, got 0/],
      [
        {
          ...base,
          perturbations: [
            { type: "gaussian", params: { std: 1 } },
            { type: "gaussian", params: { std: 1 } },
          ],
        },
        /name "gaussian" is used twice/,
      ],
    ];
    for (const [cfg, re] of cases) await assert.rejects(generateDataset(cfg, { out }), re);
    await assert.rejects(
      generateDataset(base, { out: join(dir, "missing", "x.h5") }),
      /cannot write .*x\.h5: folder .*missing does not exist/,
    );
    await assert.rejects(
      generateDataset(base, { out, provenanceLog: join(dir, "nope", "p.jsonl") }),
      /provenance log.*nope does not exist/,
    );
    assert.deepEqual(readdirSync(dir), []);
    assert.ok(!existsSync(out));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const PYTHON = "/usr/bin/python3";
const hasH5py = spawnSync(PYTHON, ["-c", "import h5py"]).status === 0;

test(
  "h5py recomputes the data-section hash from the documented definition",
  { skip: hasH5py ? false : `skipped: ${PYTHON} cannot import h5py` },
  async () => {
    const dir = tempDir();
    try {
      const out = join(dir, "d.h5");
      const res = await generateDataset(config(2), { out });
      // format.ts: datasets by ascending full path; path NUL code NUL shape NUL, then little-endian bytes
      const script = `
import h5py, hashlib, sys
codes = {"float64": "f8", "int32": "i4", "uint8": "u1"}
items = []
with h5py.File(sys.argv[1], "r") as f:
    f.visititems(lambda n, o: items.append(("/" + n, o[()])) if isinstance(o, h5py.Dataset) else None)
    h = hashlib.sha256()
    for path, a in sorted(items, key=lambda t: t[0].encode()):
        code = codes[str(a.dtype)]
        h.update(f"{path}\\0{code}\\0{','.join(map(str, a.shape))}\\0".encode())
        h.update(a.astype(a.dtype.newbyteorder("<")).tobytes())
    print(h.hexdigest(), f.attrs["data_sha256"])
`;
      const r = spawnSync(PYTHON, ["-c", script, out], { encoding: "utf8" });
      assert.equal(r.status, 0, r.stderr);
      const [ours, stored] = r.stdout.trim().split(" ");
      assert.equal(ours, res.dataSha256);
      assert.equal(stored, res.dataSha256);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
