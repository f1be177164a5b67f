/**
 * HDF5 files through h5wasm (the HDF5 C library compiled to WebAssembly): a small typed layer
 * that writes a tree of groups, datasets and attributes in one call and reads it back.
 *
 * Design notes:
 * - h5wasm's Node build uses Emscripten's NODERAWFS, so the library opens host paths directly;
 *   no in-memory file system is involved. Writes go to a temporary file next to the target
 *   which is renamed over it once complete ({@link writeAtomically}), so an interrupted or
 *   failed write never leaves a partial file at the target.
 * - Files are written with library-version bounds `["earliest", "v110"]`: each object uses the
 *   oldest format that can hold it (readable by HDF5 1.8 and 1.10, e.g. h5py built on either).
 * - HDF5 stores a modification time in every object header (`H5Pset_obj_track_times` is on by
 *   default and h5wasm does not expose it). The WebAssembly module reads the clock through
 *   `Date.now`, so for the duration of the synchronous write the clock it sees is pinned to
 *   `options.time` (default 0, the Unix epoch). With it, the same tree gives a byte-identical
 *   file on every run. No other JavaScript can run during that synchronous section.
 * - Attributes: numbers are stored as float64 scalars, strings as variable-length strings,
 *   non-empty number arrays and `Float64Array` as float64 vectors, `Int32Array` as int32
 *   vectors, {@link int32} values as int32 scalars; anything else (booleans, null, objects, empty arrays) as a JSON string, read back
 *   with {@link attrJson}.
 * @module
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import type { Dataset as H5Dataset, Group as H5Group, default as H5Wasm } from "h5wasm/node";
import { checkWritableFile, writeAtomically } from "./atomic-file.js";

/** Element arrays this layer writes. */
export type Hdf5WritableArray = Float64Array | Int32Array | Uint8Array;

/** Element arrays a read can return (files from other writers may hold any of these). */
export type Hdf5Array =
  | Float64Array
  | Float32Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint16Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/** A JSON value (stored as a JSON string attribute). */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [k: string]: JsonValue };

/**
 * An integer attribute stored as a 32-bit signed integer (plain numbers are stored as float64,
 * whatever their value, so a field's type never depends on the value it happens to hold).
 */
export class Hdf5Int32 {
  readonly value: number;
  constructor(value: number) {
    if (!Number.isInteger(value) || value < -2147483648 || value > 2147483647)
      throw new Error(`Hdf5Int32: value must be an integer in [-2^31, 2^31), got ${value}`);
    this.value = value;
  }
}

/** An int32 attribute value (see {@link Hdf5Int32}). */
export function int32(value: number): Hdf5Int32 {
  return new Hdf5Int32(value);
}

/** What may be given as an attribute value. */
export type Hdf5AttributeInput =
  number | string | readonly number[] | Float64Array | Int32Array | Hdf5Int32 | JsonValue;

/** An attribute value as read: scalars, strings, or arrays (string arrays from other writers). */
export type Hdf5AttributeValue = number | bigint | string | boolean | Hdf5Array | string[] | number[];

/** A dataset to write: a flat row-major array and its shape. */
export interface Hdf5DatasetInput {
  readonly data: Hdf5WritableArray;
  readonly shape: readonly number[];
  readonly attrs?: Readonly<Record<string, Hdf5AttributeInput>>;
}

/** A group to write: attributes, datasets and subgroups (names must not clash). */
export interface Hdf5GroupInput {
  readonly attrs?: Readonly<Record<string, Hdf5AttributeInput>>;
  readonly datasets?: Readonly<Record<string, Hdf5DatasetInput>>;
  readonly groups?: Readonly<Record<string, Hdf5GroupInput>>;
}

/** A dataset as read. `dtype` is h5wasm's NumPy-style code (`"<d"`, `"<i"`, `"<B"`, …). */
export interface Hdf5Dataset {
  readonly data: Hdf5Array;
  readonly shape: number[];
  readonly dtype: string;
  readonly attrs: Record<string, Hdf5AttributeValue>;
}

/** A group as read (keys in HDF5's name order). */
export interface Hdf5Group {
  readonly attrs: Record<string, Hdf5AttributeValue>;
  readonly datasets: Record<string, Hdf5Dataset>;
  readonly groups: Record<string, Hdf5Group>;
}

/** Options of {@link writeHdf5}. */
export interface WriteHdf5Options {
  /**
   * The modification time (ms since the epoch) HDF5 records in object headers; default 0 so
   * that files are reproducible byte for byte. Pass `Date.now()` for real times.
   */
  readonly time?: number;
}

/** The 8-byte HDF5 format signature (HDF5 File Format Specification, section II.A). */
const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

let loading: Promise<typeof H5Wasm> | undefined;

/**
 * Load and instantiate the WebAssembly module, once per process, on first use: importing
 * h5wasm starts compiling its module (about 0.5 s), so the import is deferred until a file is
 * read or written, and programs that never touch HDF5 (`--help`, usage errors) do not pay it.
 */
function h5(): Promise<typeof H5Wasm> {
  loading ??= import("h5wasm/node").then(async (m) => {
    await m.default.ready;
    return m.default;
  });
  return loading;
}

const WRITABLE = "Float64Array, Int32Array or Uint8Array";

function isWritableArray(x: unknown): x is Hdf5WritableArray {
  return x instanceof Float64Array || x instanceof Int32Array || x instanceof Uint8Array;
}

function checkName(name: string, where: string): void {
  if (name.length === 0 || name.includes("/") || name === "." || name === "..")
    throw new Error(`writeHdf5: invalid name ${JSON.stringify(name)} at ${where} (non-empty, no "/", not "." or "..")`);
}

/** Check the whole tree before any file is created, so bad input never leaves a file behind. */
function validateGroup(g: Hdf5GroupInput, path: string): void {
  if (g === null || typeof g !== "object") throw new Error(`writeHdf5: group at ${path} must be an object, got ${g}`);
  const seen = new Set<string>();
  for (const name of Object.keys(g.datasets ?? {})) {
    checkName(name, path);
    seen.add(name);
    const d = g.datasets![name]!;
    const where = `${path === "/" ? "" : path}/${name}`;
    if (d === null || typeof d !== "object") throw new Error(`writeHdf5: dataset ${where} must be an object`);
    if (!isWritableArray(d.data))
      throw new Error(`writeHdf5: dataset ${where}: data must be a ${WRITABLE}, got ${describe(d.data)}`);
    if (!Array.isArray(d.shape) || d.shape.some((n) => !Number.isInteger(n) || n < 0))
      throw new Error(
        `writeHdf5: dataset ${where}: shape must be an array of integers >= 0, got ${JSON.stringify(d.shape)}`,
      );
    const size = d.shape.reduce((a, b) => a * b, 1);
    if (size !== d.data.length)
      throw new Error(
        `writeHdf5: dataset ${where}: shape [${d.shape.join(", ")}] holds ${size} elements but data has ${d.data.length}`,
      );
    checkAttributes(d.attrs, where);
  }
  for (const name of Object.keys(g.groups ?? {})) {
    checkName(name, path);
    if (seen.has(name)) throw new Error(`writeHdf5: ${path} has both a dataset and a group named ${name}`);
    validateGroup(g.groups![name]!, `${path === "/" ? "" : path}/${name}`);
  }
  checkAttributes(g.attrs, path);
}

function checkAttributes(attrs: Readonly<Record<string, Hdf5AttributeInput>> | undefined, where: string): void {
  for (const [name, value] of Object.entries(attrs ?? {})) {
    checkName(name, `${where} (attribute)`);
    if (value === undefined || typeof value === "function" || typeof value === "bigint" || typeof value === "symbol")
      throw new Error(
        `writeHdf5: attribute ${name} of ${where} must be a number, string, number array or JSON value, got ${typeof value}`,
      );
  }
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (typeof x === "object") return (x as object).constructor?.name ?? "object";
  return typeof x;
}

/** Write one attribute with an explicit HDF5 type, so readers see float64 for JS numbers. */
function writeAttribute(target: H5Group | H5Dataset, name: string, value: Hdf5AttributeInput): void {
  if (typeof value === "number") target.create_attribute(name, value, null, "<d");
  else if (value instanceof Hdf5Int32) target.create_attribute(name, value.value, null, "<i");
  else if (typeof value === "string") target.create_attribute(name, value);
  else if (value instanceof Float64Array && value.length > 0)
    target.create_attribute(name, value, [value.length], "<d");
  else if (value instanceof Int32Array && value.length > 0) target.create_attribute(name, value, [value.length], "<i");
  else if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "number"))
    target.create_attribute(name, Float64Array.from(value as number[]), [value.length], "<d");
  else if (ArrayBuffer.isView(value))
    target.create_attribute(name, "[]"); // an empty typed array
  else target.create_attribute(name, JSON.stringify(value));
}

function writeGroup(target: H5Group, g: Hdf5GroupInput): void {
  for (const [name, value] of Object.entries(g.attrs ?? {})) writeAttribute(target, name, value);
  for (const [name, d] of Object.entries(g.datasets ?? {})) {
    const ds = target.create_dataset({ name, data: d.data, shape: [...d.shape] });
    for (const [a, value] of Object.entries(d.attrs ?? {})) writeAttribute(ds, a, value);
  }
  for (const [name, sub] of Object.entries(g.groups ?? {})) writeGroup(target.create_group(name), sub);
}

/**
 * Write `tree` as an HDF5 file at `path`, atomically: the folder is checked first, the tree is
 * validated (names, array types, shape vs. length) before anything is created, the file is
 * written to a temporary path and renamed over `path` only when complete. Errors name the path.
 */
export async function writeHdf5(path: string, tree: Hdf5GroupInput, options: WriteHdf5Options = {}): Promise<void> {
  checkWritableFile(path, "writeHdf5");
  validateGroup(tree, "/");
  const time = options.time ?? 0;
  if (!Number.isFinite(time)) throw new Error(`writeHdf5: time must be a finite number of ms, got ${time}`);
  const lib = await h5();
  try {
    await writeAtomically(path, (tmp) => {
      const realNow = Date.now;
      Date.now = () => time; // see the module comment: reproducible object-header times
      try {
        const file = new lib.File(tmp, "w", { libver: ["earliest", "v110"] });
        try {
          writeGroup(file, tree);
        } finally {
          file.close();
        }
      } finally {
        Date.now = realNow;
      }
    });
  } catch (e) {
    throw new Error(`writeHdf5: could not write ${path}: ${(e as Error).message}`, { cause: e });
  }
}

/** Throw unless `path` is an existing regular file starting with the HDF5 signature. */
export function checkHdf5File(path: string, where: string): void {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error(`${where}: ${path} is not a file`);
    size = st.size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") throw new Error(`${where}: no such file: ${path}`);
    throw e;
  }
  // The superblock sits at offset 0, 512, 1024, 2048, … (a user block may precede it).
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(8);
    for (let offset = 0; offset + 8 <= size; offset = offset === 0 ? 512 : offset * 2) {
      readSync(fd, buf, 0, 8, offset);
      if (SIGNATURE.every((b, i) => buf[i] === b)) return;
    }
  } finally {
    closeSync(fd);
  }
  throw new Error(`${where}: ${path} is not an HDF5 file (no HDF5 signature found)`);
}

function readAttributes(entity: H5Group | H5Dataset): Record<string, Hdf5AttributeValue> {
  const out: Record<string, Hdf5AttributeValue> = {};
  const attrs = entity.attrs;
  for (const name of Object.keys(attrs).sort()) out[name] = attrs[name]!.value as Hdf5AttributeValue;
  return out;
}

function readGroup(lib: typeof H5Wasm, g: H5Group): Hdf5Group {
  const out: Hdf5Group = { attrs: readAttributes(g), datasets: {}, groups: {} };
  for (const name of g.keys()) {
    const child = g.get(name);
    if (child instanceof lib.Dataset) {
      out.datasets[name] = {
        data: child.value as Hdf5Array,
        shape: child.shape ?? [],
        dtype: String(child.dtype),
        attrs: readAttributes(child),
      };
    } else if (child instanceof lib.Group) {
      out.groups[name] = readGroup(lib, child);
    }
    // links, named datatypes and references are not part of this layer's trees; skipped
  }
  return out;
}

/**
 * Read a whole HDF5 file into a tree (datasets fully loaded). Missing files and files that
 * are not HDF5 give a clear error naming the path (checked before the library opens them).
 */
export async function readHdf5(path: string): Promise<Hdf5Group> {
  checkHdf5File(path, "readHdf5");
  const lib = await h5();
  let file;
  try {
    file = new lib.File(path, "r");
  } catch (e) {
    throw new Error(`readHdf5: could not open ${path}: ${(e as Error).message}`, { cause: e });
  }
  try {
    return readGroup(lib, file);
  } finally {
    file.close();
  }
}

/** The dataset at a slash-separated path of a tree, or an error naming what is missing. */
export function getDataset(tree: Hdf5Group, path: string): Hdf5Dataset {
  const parts = path.split("/").filter((p) => p.length > 0);
  let g = tree;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = g.groups[parts[i]!];
    if (next === undefined) throw new Error(`HDF5: no group /${parts.slice(0, i + 1).join("/")} (looking for ${path})`);
    g = next;
  }
  const d = g.datasets[parts[parts.length - 1]!];
  if (d === undefined) throw new Error(`HDF5: no dataset ${path}`);
  return d;
}

/** The group at a slash-separated path of a tree (`""` or `"/"` for the root). */
export function getGroup(tree: Hdf5Group, path: string): Hdf5Group {
  let g = tree;
  const parts = path.split("/").filter((p) => p.length > 0);
  for (let i = 0; i < parts.length; i++) {
    const next = g.groups[parts[i]!];
    if (next === undefined) throw new Error(`HDF5: no group /${parts.slice(0, i + 1).join("/")}`);
    g = next;
  }
  return g;
}

/** Parse a JSON-string attribute (as written for objects and booleans); errors name it. */
export function attrJson(attrs: Record<string, Hdf5AttributeValue>, name: string): unknown {
  const v = attrs[name];
  if (typeof v !== "string") throw new Error(`HDF5: attribute ${name} is not a JSON string (got ${describe(v)})`);
  try {
    return JSON.parse(v);
  } catch {
    throw new Error(`HDF5: attribute ${name} is not valid JSON: ${v.slice(0, 80)}`);
  }
}
