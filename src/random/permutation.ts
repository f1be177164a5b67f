/**
 * Uniformly random permutations.
 * @module
 */
import { checkKey, type Key } from "./key.js";
import { ElementStream } from "./stream.js";

const TWO32 = 4294967296;

/**
 * A uniform integer in [0, m), m <= 2^31, without modulo bias: 32-bit words at or above the
 * largest multiple of m are rejected (fewer than half of them for any m).
 */
function uniformIndex(s: ElementStream, m: number): number {
  const limit = TWO32 - (TWO32 % m);
  for (;;) {
    const w = s.word();
    if (w < limit) return w % m;
  }
}

/**
 * A uniformly random permutation of 0 … n-1 by the Fisher–Yates shuffle (Durstenfeld's
 * in-place form). The swap partner of position i is drawn from counters `(i, 0), (i, 1), …`,
 * with rejection so every permutation is exactly equally likely.
 *
 * @param n - an integer in [0, 2^31)
 */
export function permutation(k: Key, n: number): Int32Array {
  checkKey(k, "permutation");
  if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff)
    throw new Error(`permutation: n must be an integer in [0, 2^31), got ${n}`);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  const s = new ElementStream(k, "permutation");
  for (let i = n - 1; i > 0; i--) {
    s.start(i);
    const j = uniformIndex(s, i + 1);
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}
