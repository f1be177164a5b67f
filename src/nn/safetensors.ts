/**
 * The safetensors format (Hugging Face, https://github.com/huggingface/safetensors, "Format"):
 *
 * - 8 bytes: N, the header's length, an unsigned little-endian 64-bit integer;
 * - N bytes: the header, UTF-8 JSON: `{ name: { dtype, shape, data_offsets: [begin, end] }, ...,
 *   "__metadata__": { string: string } }`, optionally padded at the end with spaces
 *   (the reference writer pads it to a multiple of 8, so the data starts 8-byte aligned);
 * - the data: each tensor's values, row-major, little-endian, at bytes [begin, end) counted
 *   from the start of the data. The data must be covered by the tensors without holes or overlaps.
 *
 * We write float64 ("F64") only, as the reference writer lays it out (compact JSON,
 * `__metadata__` first, tensors in name order, consecutive in the data): for the same tensors
 * the bytes equal those of the `safetensors` package (0.8.0, checked in the tests against a
 * file it wrote), so PyTorch, JAX and NumPy read our files through it. We read F64 and F32 (widened to
 * float64, which is exact), and check everything else a corrupted or foreign file could get wrong.
 * @module
 */
import { Tensor } from "../tensor/tensor.js";
import { formatShape, sizeOf } from "../tensor/shape.js";
import type { Tree } from "../tensor/tree.js";
import { setOwn, treeToNamedTensors } from "./named-tensors.js";

/** A loaded safetensors file. */
export type Safetensors = {
  /** The tensors by name, in the header's order (names are dotted tree paths if we wrote the file). */
  readonly tensors: Record<string, Tensor>;
  /** The `__metadata__` strings ({} if the file has none). */
  readonly metadata: Record<string, string>;
};

const METADATA = "__metadata__";
/** Bytes per value of the dtypes we read. */
const ITEM_SIZE: Readonly<Record<string, number>> = { F64: 8, F32: 4 };
/** The reference reader's limit on the header's size (100 MB), so a corrupt length fails fast. */
const MAX_HEADER_BYTES = 100_000_000;

function checkMetadata(metadata: unknown, where: string): Record<string, string> {
  if (metadata === null || typeof metadata !== "object" || Array.isArray(metadata))
    throw new Error(`${where}: metadata must be an object of strings, got ${JSON.stringify(metadata)}`);
  for (const [k, v] of Object.entries(metadata))
    if (typeof v !== "string") throw new Error(`${where}: metadata "${k}" must be a string, got ${JSON.stringify(v)}`);
  return metadata as Record<string, string>;
}

/**
 * Serialise the tensors of a tree (named by {@link treeToNamedTensors}'s dotted paths) and
 * optional string metadata to the bytes of a safetensors file, as float64.
 *
 * @example
 * const bytes = saveSafetensors({ layers: params.layers }, { format: "pt" });
 */
export function saveSafetensors(tree: Tree, metadata?: Record<string, string>): Uint8Array {
  const named = treeToNamedTensors(tree);
  const names = Object.keys(named).sort();
  if (names.includes(METADATA)) throw new Error(`saveSafetensors: "${METADATA}" is reserved and cannot name a tensor`);
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) {
    // keys sorted, so the bytes do not depend on the order the caller built the object in
    const m = checkMetadata(metadata, "saveSafetensors");
    const sorted: Record<string, string> = {};
    for (const k of Object.keys(m).sort()) setOwn(sorted, k, m[k]!);
    header[METADATA] = sorted;
  }
  let offset = 0;
  for (const name of names) {
    const t = named[name]!;
    const end = offset + t.size * 8;
    setOwn(header, name, { dtype: "F64", shape: t.shape.slice(), data_offsets: [offset, end] });
    offset = end;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength); // pad with spaces
  let pos = 8 + headerLength;
  for (const name of names) {
    for (const v of named[name]!.data) {
      view.setFloat64(pos, v, true);
      pos += 8;
    }
  }
  return out;
}

/** One tensor's header entry, checked. */
type Entry = { name: string; dtype: string; shape: number[]; begin: number; end: number };

function isCount(x: unknown): x is number {
  return typeof x === "number" && Number.isSafeInteger(x) && x >= 0;
}

function checkEntry(name: string, info: unknown, dataLength: number): Entry {
  const where = `loadSafetensors: tensor "${name}"`;
  if (info === null || typeof info !== "object" || Array.isArray(info))
    throw new Error(`${where}: header entry must be an object, got ${JSON.stringify(info)}`);
  const { dtype, shape, data_offsets: offsets } = info as Record<string, unknown>;
  if (typeof dtype !== "string") throw new Error(`${where}: dtype must be a string, got ${JSON.stringify(dtype)}`);
  const itemSize = ITEM_SIZE[dtype];
  if (itemSize === undefined)
    throw new Error(`${where}: dtype ${dtype} is not supported (only F64, and F32 widened to float64)`);
  if (!Array.isArray(shape) || !shape.every(isCount))
    throw new Error(`${where}: shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount))
    throw new Error(
      `${where}: data_offsets must be [begin, end] with non-negative integers, got ${JSON.stringify(offsets)}`,
    );
  const [begin, end] = offsets as [number, number];
  if (begin > end || end > dataLength)
    throw new Error(`${where}: data_offsets [${begin}, ${end}] are outside the ${dataLength} bytes of data`);
  const expected = sizeOf(shape) * itemSize;
  if (end - begin !== expected)
    throw new Error(
      `${where}: shape ${formatShape(shape)} of ${dtype} needs ${expected} bytes, but data_offsets [${begin}, ${end}] span ${end - begin}`,
    );
  return { name, dtype, shape, begin, end };
}

/** Throw unless the entries tile [0, dataLength) exactly: no overlaps, no holes. */
function checkLayout(entries: readonly Entry[], dataLength: number): void {
  const sorted = entries.slice().sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let last: Entry | undefined;
  for (const e of sorted) {
    if (e.begin < covered)
      throw new Error(
        `loadSafetensors: tensors "${last!.name}" [${last!.begin}, ${last!.end}) and "${e.name}" [${e.begin}, ${e.end}) overlap`,
      );
    if (e.begin > covered)
      throw new Error(
        `loadSafetensors: data bytes [${covered}, ${e.begin}) belong to no tensor (the format allows no holes)`,
      );
    covered = e.end;
    last = e;
  }
  if (covered !== dataLength)
    throw new Error(
      `loadSafetensors: data bytes [${covered}, ${dataLength}) belong to no tensor (the format allows no holes)`,
    );
}

function readTensor(view: DataView, dataStart: number, e: Entry): Tensor {
  const n = sizeOf(e.shape);
  const values = new Float64Array(n);
  let pos = dataStart + e.begin;
  if (e.dtype === "F64") for (let i = 0; i < n; i++, pos += 8) values[i] = view.getFloat64(pos, true);
  else for (let i = 0; i < n; i++, pos += 4) values[i] = view.getFloat32(pos, true);
  return new Tensor(values, e.shape);
}

/**
 * Parse the bytes of a safetensors file. F64 tensors are read as they are, F32 ones widened
 * to float64 (exactly); other dtypes are refused. Throws a clear error for a truncated or
 * corrupted file: header length beyond the file, invalid JSON, unknown dtype, offsets out of
 * range, overlapping or leaving holes, or a shape that does not match its byte length.
 */
export function loadSafetensors(bytes: Uint8Array): Safetensors {
  if (!(bytes instanceof Uint8Array))
    throw new Error(
      `loadSafetensors: expected a Uint8Array of file bytes, got ${bytes === null ? "null" : typeof bytes}`,
    );
  if (bytes.length < 8)
    throw new Error(`loadSafetensors: the file has ${bytes.length} bytes, too few for the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(bytes.length - 8))
    throw new Error(
      `loadSafetensors: the header length ${n} exceeds the ${bytes.length - 8} bytes after it (truncated or not a safetensors file)`,
    );
  const headerLength = Number(n);
  if (headerLength > MAX_HEADER_BYTES)
    throw new Error(
      `loadSafetensors: the header length ${headerLength} exceeds the format's limit of ${MAX_HEADER_BYTES} bytes`,
    );
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)));
  } catch (e) {
    throw new Error(`loadSafetensors: the header is not valid UTF-8 JSON (${(e as Error).message})`, { cause: e });
  }
  if (header === null || typeof header !== "object" || Array.isArray(header))
    throw new Error(`loadSafetensors: the header must be a JSON object, got ${JSON.stringify(header)}`);
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const record = header as Record<string, unknown>;
  const metadata = Object.hasOwn(record, METADATA) ? { ...checkMetadata(record[METADATA], "loadSafetensors") } : {};
  const entries = Object.keys(record)
    .filter((k) => k !== METADATA)
    .map((k) => checkEntry(k, record[k], dataLength));
  checkLayout(entries, dataLength);
  const tensors: Record<string, Tensor> = {};
  for (const e of entries) setOwn(tensors, e.name, readTensor(view, dataStart, e));
  return { tensors, metadata };
}
