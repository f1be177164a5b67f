/**
 * Model arguments and chain results as structured-clone-safe data, for worker threads:
 * tensors lose their class when posted, so they travel as `{ data, shape }` records and are
 * rebuilt on the other side.
 * @module
 */
import { Tensor } from "../../tensor/tensor.js";

const TAG = "__policyPosteriorTensor";

interface TensorRecord {
  [TAG]: true;
  data: Float64Array;
  shape: number[];
}

/** Replace every Tensor in a tree of plain objects/arrays by a record (other values as is). */
export function encodeArgs(value: unknown): unknown {
  if (value instanceof Tensor)
    return { [TAG]: true, data: value.data, shape: value.shape.slice() } satisfies TensorRecord;
  if (Array.isArray(value)) return value.map(encodeArgs);
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = encodeArgs(v);
    return out;
  }
  if (typeof value === "function")
    throw new Error(
      "parallel chains: model arguments must be data (tensors, numbers, arrays, plain objects), not functions",
    );
  return value;
}

/** Inverse of {@link encodeArgs}. */
export function decodeArgs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeArgs);
  if (value !== null && typeof value === "object") {
    const rec = value as Partial<TensorRecord>;
    if (rec[TAG] === true) return new Tensor(rec.data!, rec.shape!);
    if (Object.getPrototypeOf(value) === Object.prototype) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = decodeArgs(v);
      return out;
    }
  }
  return value;
}
