/**
 * PRNG keys, as in JAX: a key is two uint32 words, and every random result is a pure function
 * of the key it is given. New keys come from {@link split} and {@link fold}, never from state.
 *
 * Counter layout under a key (the 64-bit Threefry counter is two words `(c0, c1)`):
 * - `(i, j)` with `j < 0xfffffffe`: the j-th 64-bit draw of output element i (see `stream.ts`);
 * - `(i, 0xffffffff)`: the i-th child of {@link split};
 * - `(0, 0xfffffffe)`: the intermediate key of {@link fold}.
 * These domains are disjoint, so a key's children never coincide with blocks its own samplers
 * use: splitting a key after sampling from it does not correlate the children with those samples.
 * @module
 */
import { threefryInto } from "./threefry.js";

/** A Threefry-2x32 key: a Uint32Array of length 2. Treat it as immutable. */
export type Key = Uint32Array;

/** Second counter word reserved for {@link split} children. */
const SPLIT_DOMAIN = 0xffffffff;
/** Second counter word reserved for the intermediate key of {@link fold}. */
const FOLD_DOMAIN = 0xfffffffe;
/** Draw indices below this belong to samplers; the words above are the key domains. */
export const MAX_DRAW_INDEX = FOLD_DOMAIN;

const TWO32 = 4294967296;

/** The 64-bit two's-complement words `[hi, lo]` of a safe integer. */
function wordsOf(value: number): [number, number] {
  const lo = ((value % TWO32) + TWO32) % TWO32;
  const hi = ((Math.floor(value / TWO32) % TWO32) + TWO32) % TWO32;
  return [hi, lo];
}

function checkSafeInteger(value: number, where: string, what: string): void {
  if (typeof value !== "number" || !Number.isSafeInteger(value))
    throw new Error(`${where}: ${what} must be a safe integer (|x| <= 2^53 - 1), got ${String(value)}`);
}

/**
 * A key from an integer seed. The seed's 64-bit two's-complement form is split into
 * `[hi, lo]` words, as JAX's `PRNGKey` does, so `key(0)` is `[0, 0]` and `key(-1)` is
 * `[0xffffffff, 0xffffffff]`.
 *
 * @param seed - any safe integer
 */
export function key(seed: number): Key {
  checkSafeInteger(seed, "key", "seed");
  return Uint32Array.from(wordsOf(seed));
}

/** Throw unless `k` is a key; `where` names the caller in the message. */
export function checkKey(k: unknown, where: string): asserts k is Key {
  if (!(k instanceof Uint32Array) || k.length !== 2) {
    const got = k instanceof Uint32Array ? `a Uint32Array of length ${k.length}` : k === null ? "null" : typeof k;
    throw new Error(`${where}: key must be a Uint32Array of length 2 (made by key(), split() or fold()), got ${got}`);
  }
}

/**
 * `n` new keys derived from `k` (default 2). Child i hashes the counter `(i, 0xffffffff)`
 * under `k`, a counter no sampler uses, so children are independent of each other and of
 * anything drawn from `k` itself. Deterministic: the same key always gives the same children,
 * and the first children do not depend on `n`.
 */
export function split(k: Key, n = 2): Key[] {
  checkKey(k, "split");
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
    throw new Error(`split: n must be an integer in [0, 2^32), got ${n}`);
  const out: Key[] = new Array<Key>(n);
  for (let i = 0; i < n; i++) {
    const child = new Uint32Array(2);
    threefryInto(k[0]!, k[1]!, i, SPLIT_DOMAIN, child, 0);
    out[i] = child;
  }
  return out;
}

/**
 * A new key from `k` and an integer, e.g. a chain index or an iteration number: the integer's
 * 64-bit two's-complement words `(lo, hi)` are hashed as a counter under an intermediate key
 * derived from `k`. Distinct integers give unrelated keys, and `fold(k, i)` differs from
 * `split(k, n)[i]`.
 *
 * @param data - any safe integer
 */
export function fold(k: Key, data: number): Key {
  checkKey(k, "fold");
  checkSafeInteger(data, "fold", "data");
  const inner = new Uint32Array(2);
  threefryInto(k[0]!, k[1]!, 0, FOLD_DOMAIN, inner, 0);
  const [hi, lo] = wordsOf(data);
  const out = new Uint32Array(2);
  threefryInto(inner[0]!, inner[1]!, lo, hi, out, 0);
  return out;
}
