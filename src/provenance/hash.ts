/**
 * Content hashes (SHA-256, FIPS 180-4, via node:crypto) of bytes, files and JSON values. JSON is
 * hashed in a canonical form — object keys sorted by UTF-16 code units at every depth, no
 * whitespace, numbers as `JSON.stringify` prints them — so two equal configurations hash alike
 * whatever order their keys were written in (the idea of RFC 8785's canonical JSON; key order
 * and number form match it for the finite numbers and plain strings used here).
 * @module
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

/** Hex SHA-256 of bytes (a string is hashed as its UTF-8 bytes). */
export function sha256(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Hex SHA-256 of several byte chunks, hashed as their concatenation (without copying them). */
export function sha256Chunks(chunks: Iterable<Uint8Array>): string {
  const h = createHash("sha256");
  for (const c of chunks) h.update(c);
  return h.digest("hex");
}

/** Hex SHA-256 of a file's bytes, streamed; errors name the path. */
export async function sha256File(path: string): Promise<string> {
  const h = createHash("sha256");
  try {
    for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  } catch (e) {
    throw new Error(`sha256File: could not read ${path}: ${(e as Error).message}`, { cause: e });
  }
  return h.digest("hex");
}

/**
 * Canonical JSON text of a value: object keys sorted at every depth, `undefined` members
 * dropped (as `JSON.stringify` does), typed arrays written as plain arrays. Non-finite numbers,
 * bigints, functions and cycles are errors rather than silently becoming `null`.
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set(), "$");
}

function write(v: unknown, stack: Set<object>, at: string): string {
  if (v === null) return "null";
  switch (typeof v) {
    case "boolean":
      return v ? "true" : "false";
    case "string":
      return JSON.stringify(v);
    case "number":
      if (!Number.isFinite(v)) throw new Error(`canonicalJson: non-finite number ${v} at ${at}`);
      return JSON.stringify(v);
    case "object":
      break;
    default:
      throw new Error(`canonicalJson: cannot encode a ${typeof v} at ${at}`);
  }
  const o = v as object;
  if (stack.has(o)) throw new Error(`canonicalJson: cycle at ${at}`);
  stack.add(o);
  try {
    if (ArrayBuffer.isView(o) && !(o instanceof DataView))
      return write(Array.from(o as unknown as ArrayLike<number>), stack, at);
    if (Array.isArray(o))
      return `[${o.map((x, i) => (x === undefined ? "null" : write(x, stack, `${at}[${i}]`))).join(",")}]`;
    const keys = Object.keys(o).sort();
    const parts: string[] = [];
    for (const k of keys) {
      const x = (o as Record<string, unknown>)[k];
      if (x === undefined) continue;
      parts.push(`${JSON.stringify(k)}:${write(x, stack, `${at}.${k}`)}`);
    }
    return `{${parts.join(",")}}`;
  } finally {
    stack.delete(o);
  }
}

/** Hex SHA-256 of a value's {@link canonicalJson} text. */
export function sha256Json(value: unknown): string {
  return sha256(canonicalJson(value));
}
