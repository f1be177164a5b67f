import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  appendProvenance,
  canonicalJson,
  finishRun,
  gitCommit,
  packageVersion,
  readProvenanceLog,
  sha256,
  sha256Chunks,
  sha256File,
  sha256Json,
  startRun,
} from "../../src/provenance/index.js";

// FIPS 180-2 appendix B.1 / `printf abc | sha256sum`, and the empty string.
const SHA_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
const SHA_EMPTY = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
// FIPS 180-2 appendix B.2: "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
const SHA_448 = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "pp-prov-"));
}

test("sha256 of known bytes, chunks and files equals the FIPS 180-2 / sha256sum values", async () => {
  assert.equal(sha256("abc"), SHA_ABC);
  assert.equal(sha256(new Uint8Array([0x61, 0x62, 0x63])), SHA_ABC);
  assert.equal(sha256(""), SHA_EMPTY);
  assert.equal(sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"), SHA_448);
  assert.equal(sha256Chunks([Buffer.from("a"), Buffer.from(""), Buffer.from("bc")]), SHA_ABC);
  const dir = tempDir();
  try {
    writeFileSync(join(dir, "abc"), "abc");
    assert.equal(await sha256File(join(dir, "abc")), SHA_ABC);
    await assert.rejects(sha256File(join(dir, "missing")), /sha256File: could not read .*missing/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("canonical JSON sorts keys at every depth and hashes equal configurations alike", () => {
  const a = { z: 1, a: { y: [3, { d: 1, c: 2 }], b: "x" }, m: null };
  const b = { m: null, a: { b: "x", y: [3, { c: 2, d: 1 }] }, z: 1 };
  assert.equal(canonicalJson(a), '{"a":{"b":"x","y":[3,{"c":2,"d":1}]},"m":null,"z":1}');
  assert.equal(sha256Json(a), sha256Json(b));
  assert.equal(sha256Json(a), sha256('{"a":{"b":"x","y":[3,{"c":2,"d":1}]},"m":null,"z":1}'));
  assert.notEqual(sha256Json({ a: 1 }), sha256Json({ a: 2 }));
  assert.equal(canonicalJson({ u: undefined, t: Float64Array.from([0.5, 2]) }), '{"t":[0.5,2]}');
  assert.throws(() => canonicalJson({ x: NaN }), /non-finite number NaN at \$\.x/);
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.throws(() => canonicalJson(cyclic), /cycle at \$\.self/);
});

test("records append one line each; a torn last line is skipped and reported; the next append starts a new line", async () => {
  const dir = tempDir();
  try {
    const log = join(dir, "prov.jsonl");
    writeFileSync(join(dir, "out.bin"), "abc");
    const run = startRun("dataset", { env: "CartPole-v1", n: 3 }, { seed: 7 });
    const rec = await finishRun(run, { outputs: [join(dir, "out.bin")], extra: { transitions: 3 }, cwd: dir });
    assert.match(rec.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(new Date(rec.time).toISOString(), rec.time);
    assert.deepEqual(rec.outputs, [{ path: join(dir, "out.bin"), sha256: SHA_ABC, bytes: 3 }]);
    assert.ok(rec.durationMs >= 0);
    assert.equal(rec.gitCommit, undefined, "a temp folder is not a repository");
    assert.deepEqual(rec.seeds, { seed: 7 });
    await appendProvenance(log, rec);
    await appendProvenance(log, { ...rec, id: "second" });
    const text = readFileSync(log, "utf8");
    assert.equal(text.split("\n").length, 3, "two lines, each ending in a newline");
    assert.deepEqual(JSON.parse(text.split("\n")[0]!), JSON.parse(JSON.stringify(rec)));

    appendFileSync(log, '{"id":"torn","time":"2026-'); // a write cut short
    let r = await readProvenanceLog(log);
    assert.deepEqual(
      r.records.map((x) => x.id),
      [rec.id, "second"],
    );
    assert.equal(r.skipped.length, 1);
    assert.equal(r.skipped[0]!.line, 3);
    assert.match(r.skipped[0]!.reason, /partial last line/);

    await appendProvenance(log, { ...rec, id: "third" });
    r = await readProvenanceLog(log);
    assert.deepEqual(
      r.records.map((x) => x.id),
      [rec.id, "second", "third"],
    );
    assert.equal(r.skipped.length, 1, "the torn line stays skipped, the new record is intact");
    await assert.rejects(readProvenanceLog(join(dir, "none.jsonl")), /cannot read .*none\.jsonl/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("package version comes from package.json; git commit is found in this repository", () => {
  const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
  assert.equal(packageVersion(), pkg.version);
  const g = gitCommit();
  if (g !== undefined) assert.match(g.commit, /^[0-9a-f]{40}$/);
  assert.equal(gitCommit("/"), undefined);
});

test("concurrent appends from one process give one intact line per record", async () => {
  const dir = tempDir();
  try {
    const log = join(dir, "prov.jsonl");
    const base = await finishRun(startRun("posterior", { big: "x".repeat(10_000) }), { cwd: dir });
    await Promise.all(Array.from({ length: 20 }, (_, i) => appendProvenance(log, { ...base, id: `r${i}` })));
    const r = await readProvenanceLog(log);
    assert.equal(r.skipped.length, 0);
    assert.deepEqual(r.records.map((x) => x.id).sort(), Array.from({ length: 20 }, (_, i) => `r${i}`).sort());
    assert.ok(r.records.every((x) => (x.configuration as { big: string }).big.length === 10_000));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
