/**
 * Saving and restoring optimiser states. A state is numbers, nulls and trees of tensors; this
 * maps it to JSON-compatible values and back, so training can stop and resume bit for bit.
 * @module
 */
import { Tensor } from "../tensor/tensor.js";
import { checkShape } from "../tensor/shape.js";

/** What an optimiser state is made of. */
export type StateValue =
  number | boolean | null | Tensor | readonly StateValue[] | { readonly [key: string]: StateValue };

/** A value `JSON.stringify` writes and `JSON.parse` reads back unchanged. */
export type JsonValue = number | string | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Tensors are tagged objects; the `$` keeps the tag clear of parameter names. */
const TENSOR_TAG = "$tensor";

// JSON has no NaN or ±Infinity; they are written as strings so a diverged state round-trips.
function encodeNumber(x: number): number | string {
  return Number.isFinite(x) ? x : String(x);
}

function decodeNumber(x: unknown, where: string): number {
  if (typeof x === "number") return x;
  if (x === "NaN") return NaN;
  if (x === "Infinity") return Infinity;
  if (x === "-Infinity") return -Infinity;
  throw new Error(`optimizerStateFromJSON: expected a number at ${where}, got ${JSON.stringify(x)}`);
}

/**
 * A JSON-compatible copy of an optimiser state: tensors become `{ "$tensor": { shape, data } }`,
 * non-finite numbers become the strings "NaN", "Infinity", "-Infinity".
 *
 * @example
 * const saved = JSON.stringify(optimizerStateToJSON(state));
 * const restored = optimizerStateFromJSON<AdamState>(JSON.parse(saved));
 */
export function optimizerStateToJSON(state: StateValue): JsonValue {
  if (state === null || typeof state === "boolean") return state;
  if (typeof state === "number") return encodeNumber(state);
  if (state instanceof Tensor)
    return { [TENSOR_TAG]: { shape: state.shape.slice(), data: Array.from(state.data, encodeNumber) } };
  if (Array.isArray(state)) return state.map((s: StateValue) => optimizerStateToJSON(s));
  const out: { [key: string]: JsonValue } = {};
  for (const [k, v] of Object.entries(state)) out[k] = optimizerStateToJSON(v);
  return out;
}

function decode(json: unknown, where: string): StateValue {
  if (json === null || typeof json === "boolean") return json;
  if (typeof json === "number" || typeof json === "string") return decodeNumber(json, where);
  if (Array.isArray(json)) return json.map((x, i) => decode(x, `${where}[${i}]`));
  if (typeof json !== "object") throw new Error(`optimizerStateFromJSON: unexpected ${typeof json} at ${where}`);
  const record = json as Record<string, unknown>;
  if (TENSOR_TAG in record) return decodeTensor(record[TENSOR_TAG], `${where}.${TENSOR_TAG}`);
  const out: Record<string, StateValue> = {};
  for (const [k, v] of Object.entries(record)) out[k] = decode(v, `${where}.${k}`);
  return out;
}

function decodeTensor(json: unknown, where: string): Tensor {
  const t = json as { shape?: unknown; data?: unknown } | null;
  if (t === null || typeof t !== "object" || !Array.isArray(t.shape) || !Array.isArray(t.data))
    throw new Error(`optimizerStateFromJSON: expected { shape, data } arrays at ${where}`);
  const shape = t.shape.map((d, i) => decodeNumber(d, `${where}.shape[${i}]`));
  checkShape(shape);
  const data = Float64Array.from(t.data, (x, i) => decodeNumber(x, `${where}.data[${i}]`));
  return new Tensor(data, shape);
}

/**
 * Rebuild a state written by {@link optimizerStateToJSON}. The result is checked against the
 * parameters by the optimiser's next `update` (leaf count and shapes), not here.
 */
export function optimizerStateFromJSON<S extends StateValue = StateValue>(json: unknown): S {
  return decode(json, "state") as S;
}
