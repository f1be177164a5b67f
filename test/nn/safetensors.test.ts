import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type MLPParams,
  type Tree,
  Tensor,
  initMLP,
  key,
  loadSafetensors,
  loadSafetensorsFile,
  namedTensorsToTree,
  saveSafetensors,
  saveSafetensorsFile,
  tensor,
  treeLeaves,
  treeToNamedTensors,
} from "../../src/index.js";
import { normal } from "../../src/random/index.js";

const params = initMLP(key(3), { inFeatures: 3, hidden: [4], outFeatures: 2, activation: "tanh" });
// A tree with awkward values: bit patterns a lossy writer would change.
const awkward = {
  layers: params.layers,
  extra: { scalar: tensor(-0), specials: tensor([NaN, Infinity, -Infinity, 5e-324, Number.MAX_VALUE, 1 / 3]) },
  empty: new Tensor(new Float64Array(0), [0, 3]),
};

/** The bytes of a tensor's values, to compare bit patterns (NaN payloads and -0 included). */
const bits = (t: Tensor) => Array.from(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));

test("treeToNamedTensors / namedTensorsToTree: dotted paths, arrays from 0 … n−1, inverse of each other", () => {
  const named = treeToNamedTensors(params);
  assert.deepEqual(Object.keys(named), ["layers.0.bias", "layers.0.weight", "layers.1.bias", "layers.1.weight"]);
  assert.equal(named["layers.1.weight"], params.layers[1]!.weight);
  const back = namedTensorsToTree<MLPParams>(named);
  assert.ok(Array.isArray(back.layers));
  assert.deepEqual(back, params);
  assert.deepEqual(namedTensorsToTree({ "a.1": tensor(1), "a.x": tensor(2) }), { a: { 1: tensor(1), x: tensor(2) } });
});

test("namedTensorsToTree with a template: exact structure, shapes checked, names missing or extra refused", () => {
  const named = treeToNamedTensors(params);
  assert.deepEqual(namedTensorsToTree(named, params), params);
  const { "layers.0.bias": _dropped, ...missing } = named;
  assert.throws(() => namedTensorsToTree(missing, params), /missing tensors "layers.0.bias"/);
  assert.throws(
    () => namedTensorsToTree({ ...named, stray: tensor(1) }, params),
    /tensors not in the template: "stray"/,
  );
  assert.throws(
    () => namedTensorsToTree({ ...named, "layers.0.bias": tensor([1]) }, params),
    /"layers.0.bias" has shape \[1\], the template expects \[4\]/,
  );
  assert.throws(
    () => namedTensorsToTree({ a: tensor(1), "a.b": tensor(2) }),
    /"a.b" extends the name of another tensor/,
  );
  assert.throws(() => treeToNamedTensors({ "a.b": tensor(1), a: { b: tensor(2) } }), /two leaves have the name "a.b"/);
  assert.throws(() => treeToNamedTensors(tensor(1)), /single Tensor, which has no name/);
});

test("safetensors: a nested tree round-trips bit for bit, with metadata", () => {
  const bytes = saveSafetensors(awkward, { format: "pt", note: "ünïcode ✓" });
  const { tensors, metadata } = loadSafetensors(bytes);
  assert.deepEqual(metadata, { format: "pt", note: "ünïcode ✓" });
  const expected = treeToNamedTensors(awkward);
  assert.deepEqual(Object.keys(tensors).sort(), Object.keys(expected).sort());
  for (const [name, t] of Object.entries(expected)) {
    assert.deepEqual(tensors[name]!.shape, t.shape, name);
    assert.deepEqual(bits(tensors[name]!), bits(t), name);
  }
  const tree = namedTensorsToTree(tensors, awkward);
  treeLeaves(tree).forEach((t, i) => assert.deepEqual(bits(t), bits(treeLeaves(awkward)[i]!)));
  // a large tensor too
  const big = normal(key(9), [300, 70]);
  assert.deepEqual(bits(loadSafetensors(saveSafetensors({ big })).tensors.big!), bits(big));
});

test("safetensors: the bytes of a tiny file are exactly the format's layout", () => {
  // Header JSON, 55 bytes, counted by hand:
  // {"a":                                  5
  // {"dtype":"F64",                        15
  // "shape":[2],                           12
  // "data_offsets":[0,16]                  21
  // }}                                     2
  // padded with one space to 56, a multiple of 8. Then 1.0 and 2.0 as little-endian float64.
  const json = '{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}';
  assert.equal(json.length, 55);
  const expected = [
    ...[56, 0, 0, 0, 0, 0, 0, 0],
    ...Array.from(json, (c) => c.charCodeAt(0)),
    0x20,
    ...[0, 0, 0, 0, 0, 0, 0xf0, 0x3f],
    ...[0, 0, 0, 0, 0, 0, 0, 0x40],
  ];
  assert.deepEqual(Array.from(saveSafetensors({ a: tensor([1, 2]) })), expected);
  // With metadata, which comes first, and tensors laid out in name order.
  const withMeta = saveSafetensors({ b: tensor([[3]]), a: tensor(4) }, { k: "v" });
  const header =
    '{"__metadata__":{"k":"v"},"a":{"dtype":"F64","shape":[],"data_offsets":[0,8]},"b":{"dtype":"F64","shape":[1,1],"data_offsets":[8,16]}}';
  const n = Math.ceil(header.length / 8) * 8;
  assert.equal(new DataView(withMeta.buffer).getBigUint64(0, true), BigInt(n));
  assert.equal(new TextDecoder().decode(withMeta.subarray(8, 8 + n)), header.padEnd(n, " "));
  assert.equal(withMeta.length, 8 + n + 16);
  assert.equal(new DataView(withMeta.buffer).getFloat64(8 + n, true), 4);
});

/** A file with the given header object (padded to 8) and data bytes. */
function handMade(header: unknown, data: Uint8Array, pad = true): Uint8Array {
  let json = JSON.stringify(header);
  if (pad) json = json.padEnd(Math.ceil(json.length / 8) * 8, " ");
  const h = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

test("safetensors: F32 tensors are read and widened to float64; an unpadded header is accepted", () => {
  const data = new Uint8Array(new Float32Array([0.1, -2.5, 3]).buffer);
  const { tensors } = loadSafetensors(
    handMade({ x: { dtype: "F32", shape: [3], data_offsets: [0, 12] } }, data, false),
  );
  assert.deepEqual(tensors.x!.shape, [3]);
  assert.deepEqual(Array.from(tensors.x!.data), [Math.fround(0.1), -2.5, 3]);
});

test("safetensors: corrupted files give errors that say what is wrong", () => {
  const good = saveSafetensors({ a: tensor([1, 2]), b: tensor([3]) });
  const f64 = (k: number) => new Uint8Array(new Float64Array(k).buffer);
  const cases: [Uint8Array, RegExp][] = [
    [good.subarray(0, 5), /the file has 5 bytes, too few for the 8-byte header length/],
    [good.subarray(0, 40), /the header length \d+ exceeds the 32 bytes after it/],
    [good.subarray(0, good.length - 8), /data bytes \[16, 24\)|outside the \d+ bytes of data/],
    [handMade({ a: 1 }, new Uint8Array()), /tensor "a": header entry must be an object/],
    [
      handMade({ a: { dtype: "I64", shape: [1], data_offsets: [0, 8] } }, f64(1)),
      /tensor "a": dtype I64 is not supported/,
    ],
    [
      handMade({ a: { dtype: "F64", shape: [3], data_offsets: [0, 16] } }, f64(2)),
      /shape \[3\] of F64 needs 24 bytes, but data_offsets \[0, 16\] span 16/,
    ],
    [
      handMade({ a: { dtype: "F64", shape: [2], data_offsets: [0, 16] } }, f64(1)),
      /data_offsets \[0, 16\] are outside the 8 bytes of data/,
    ],
    [
      handMade({ a: { dtype: "F64", shape: [-1], data_offsets: [0, 8] } }, f64(1)),
      /shape must be an array of non-negative integers/,
    ],
    [
      handMade(
        {
          a: { dtype: "F64", shape: [2], data_offsets: [0, 16] },
          b: { dtype: "F64", shape: [2], data_offsets: [8, 24] },
        },
        f64(3),
      ),
      /tensors "a" \[0, 16\) and "b" \[8, 24\) overlap/,
    ],
    [
      handMade({ a: { dtype: "F64", shape: [1], data_offsets: [8, 16] } }, f64(2)),
      /data bytes \[0, 8\) belong to no tensor/,
    ],
    [handMade({ __metadata__: { n: 1 } }, new Uint8Array()), /metadata "n" must be a string/],
    [handMade([1, 2], new Uint8Array()), /the header must be a JSON object/],
  ];
  // a header that is not JSON
  const notJson = Uint8Array.from(good);
  notJson[8] = 0x5b; // '[' instead of '{'
  cases.push([notJson, /the header is not valid UTF-8 JSON/]);
  for (const [bytes, message] of cases) assert.throws(() => loadSafetensors(bytes), message);
});

test("safetensors files: save and load round trip; atomic writes leave no partial file when they fail", async () => {
  const dir = mkdtempSync(join(tmpdir(), "nn-safetensors-"));
  try {
    const path = join(dir, "model.safetensors");
    await saveSafetensorsFile(path, params, { step: "3" });
    const loaded = await loadSafetensorsFile(path);
    assert.deepEqual(loaded.metadata, { step: "3" });
    assert.deepEqual(namedTensorsToTree(loaded.tensors, params), params);
    assert.deepEqual(readFileSync(path), Buffer.from(saveSafetensors(params, { step: "3" })));
    // overwriting replaces the file
    await saveSafetensorsFile(path, { x: tensor([1]) });
    assert.deepEqual(Object.keys((await loadSafetensorsFile(path)).tensors), ["x"]);
    assert.deepEqual(readdirSync(dir), ["model.safetensors"]);

    // a folder that does not exist
    await assert.rejects(
      saveSafetensorsFile(join(dir, "missing", "m.safetensors"), params),
      /could not write .*missing.*ENOENT/,
    );
    // a target name that is a directory: the rename fails after the data was written
    const taken = join(dir, "taken.safetensors");
    mkdirSync(taken);
    await assert.rejects(
      saveSafetensorsFile(taken, params),
      /saveSafetensorsFile: could not write .*taken\.safetensors/,
    );
    assert.deepEqual(
      readdirSync(dir).sort(),
      ["model.safetensors", "taken.safetensors"],
      "no temporary file left behind",
    );
    assert.deepEqual(readdirSync(taken), []);

    // reading: a missing file, and a corrupted one named in the error
    await assert.rejects(
      loadSafetensorsFile(join(dir, "nope.safetensors")),
      /loadSafetensorsFile: could not read .*nope/,
    );
    writeFileSync(join(dir, "bad.safetensors"), Uint8Array.of(1, 2, 3));
    await assert.rejects(
      loadSafetensorsFile(join(dir, "bad.safetensors")),
      /too few for the 8-byte header length \(in .*bad\.safetensors\)/,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const fixture = (name: string) => readFileSync(new URL(`../../../test/nn/fixtures/${name}`, import.meta.url));

test("safetensors: files written by the reference implementation (safetensors 0.8.0) load, and we write the same bytes", () => {
  const bytes = fixture("reference-f64.safetensors");
  const { tensors, metadata } = loadSafetensors(bytes);
  assert.deepEqual(metadata, { format: "np" });
  const tree = namedTensorsToTree(tensors);
  const expected: Tree = {
    layers: [
      {
        weight: tensor(
          [0, 1, 2, 3, 4, 5].map((i) => i / 7),
          [2, 3],
        ),
        bias: tensor([-0.5, 0.25, 1e-300]),
      },
      { weight: tensor([-1.5, -0.5, 0.5], [3, 1]) },
    ],
    scale: tensor(2.5),
  };
  assert.deepEqual(tree, expected);
  assert.deepEqual(Buffer.from(saveSafetensors(expected, { format: "np" })), bytes);

  const f32 = loadSafetensors(fixture("reference-f32.safetensors")).tensors;
  assert.deepEqual(Array.from(f32.h!.data), [0.1, -2.5, 3].map(Math.fround));
  assert.deepEqual(f32.m!.shape, [2, 2]);
  assert.deepEqual(
    Array.from(f32.m!.data),
    [0, 1, 2, 3].map((i) => Math.fround(i / 3)),
  );
});
