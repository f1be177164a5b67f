/**
 * The Threefry-2x32 block function with 20 rounds (Salmon, Moraes, Dror & Shaw 2011,
 * "Parallel random numbers: as easy as 1, 2, 3"), the counter-based generator JAX uses.
 *
 * It is a keyed bijection of 64-bit counters: hashing distinct counters under one key gives
 * independent-looking 64-bit blocks, so any stream position can be computed directly, with no
 * state carried between calls. Everything in `random/` is built on this one function.
 * @module
 */

/** Skein's key-schedule parity constant: the third key word is `k0 ^ k1 ^ PARITY`. */
const PARITY = 0x1bd11bda;

/**
 * Hash the counter `(c0, c1)` under the key `(k0, k1)` and write the two output words to
 * `out[o]`, `out[o + 1]`. Inputs are 32-bit words (numbers read as uint32).
 *
 * Unrolled by hand: this is the innermost loop of every sampler. Rotations follow the
 * Threefry-2x32 schedule (13, 15, 26, 6, 17, 29, 16, 24); the key is injected every four
 * rounds, including after the last, with the injection count added to the second word.
 * @internal
 */
export function threefryInto(k0: number, k1: number, c0: number, c1: number, out: Uint32Array, o: number): void {
  const k2 = (k0 ^ k1 ^ PARITY) | 0;
  let x0 = (c0 + k0) | 0;
  let x1 = (c1 + k1) | 0;
  // rounds 1-4
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0;
  x0 = (x0 + k1) | 0;
  x1 = (x1 + k2 + 1) | 0;
  // rounds 5-8
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 17) | (x1 >>> 15)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 29) | (x1 >>> 3)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 16) | (x1 >>> 16)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 24) | (x1 >>> 8)) ^ x0;
  x0 = (x0 + k2) | 0;
  x1 = (x1 + k0 + 2) | 0;
  // rounds 9-12
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0;
  x0 = (x0 + k0) | 0;
  x1 = (x1 + k1 + 3) | 0;
  // rounds 13-16
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 17) | (x1 >>> 15)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 29) | (x1 >>> 3)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 16) | (x1 >>> 16)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 24) | (x1 >>> 8)) ^ x0;
  x0 = (x0 + k1) | 0;
  x1 = (x1 + k2 + 4) | 0;
  // rounds 17-20
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 13) | (x1 >>> 19)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 15) | (x1 >>> 17)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 26) | (x1 >>> 6)) ^ x0;
  x0 = (x0 + x1) | 0;
  x1 = ((x1 << 6) | (x1 >>> 26)) ^ x0;
  x0 = (x0 + k2) | 0;
  x1 = (x1 + k0 + 5) | 0;
  out[o] = x0;
  out[o + 1] = x1;
}

/**
 * The raw Threefry-2x32-20 block function: the two output words for one counter under one
 * key, both as uint32. Exposed for known-answer tests and for callers building their own
 * streams; samplers should use {@link randomBits} or the distribution samplers instead.
 *
 * @param keyWords - two uint32 key words
 * @param counter - two uint32 counter words
 */
export function threefry2x32(keyWords: ArrayLike<number>, counter: ArrayLike<number>): Uint32Array {
  if (keyWords.length !== 2 || counter.length !== 2)
    throw new Error(
      `threefry2x32: key and counter must each have 2 words, got ${keyWords.length} and ${counter.length}`,
    );
  for (const [what, words] of [
    ["key", keyWords],
    ["counter", counter],
  ] as const) {
    for (let i = 0; i < 2; i++) {
      const w = words[i]!;
      if (!Number.isInteger(w) || w < 0 || w > 0xffffffff)
        throw new Error(`threefry2x32: ${what} words must be integers in [0, 2^32), got ${w} at index ${i}`);
    }
  }
  const out = new Uint32Array(2);
  threefryInto(keyWords[0]!, keyWords[1]!, counter[0]!, counter[1]!, out, 0);
  return out;
}
