/**
 * Raw random words, and the two ways a 64-bit block becomes a uniform double.
 * @module
 */
import { checkKey, type Key } from "./key.js";
import { threefryInto } from "./threefry.js";

/** 2^-53 and 2^-52: the grid spacings of the two unit conversions. */
const EPS53 = 1.1102230246251565e-16;
const EPS52 = 2.220446049250313e-16;
/** 2^26, to join two 26/27-bit halves into one integer exactly. */
const TWO26 = 67108864;

/**
 * A double in [0, 1) on the grid k·2^-53 from a block's two words (27 high bits of `w0`,
 * 26 of `w1`): all 2^53 values equally likely, exactly 0 with probability 2^-53.
 */
export function unitFromWords(w0: number, w1: number): number {
  return ((w0 >>> 5) * TWO26 + (w1 >>> 6)) * EPS53;
}

/**
 * A double in the open interval (0, 1) on the grid (k + 1/2)·2^-52, from 52 bits of a block.
 * Never 0 or 1, and symmetric about 1/2, so both `log(u)` and `log(1 - u)` are finite and
 * the two tails are treated alike (the extremes are 2^-53 and 1 - 2^-53).
 */
export function openUnitFromWords(w0: number, w1: number): number {
  return ((w0 >>> 6) * TWO26 + (w1 >>> 6) + 0.5) * EPS52;
}

/**
 * `n` uniformly random uint32 words. Words `2m` and `2m + 1` are the Threefry block of the
 * counter `(m, 0)`, the first draw of element m in every sampler's scheme; so the result for
 * `n` is a prefix of the result for any larger `n`.
 */
export function randomBits(k: Key, n: number): Uint32Array {
  checkKey(k, "randomBits");
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
    throw new Error(`randomBits: n must be an integer in [0, 2^32), got ${n}`);
  const k0 = k[0]!,
    k1 = k[1]!;
  const blocks = Math.ceil(n / 2);
  const out = new Uint32Array(blocks * 2);
  for (let m = 0; m < blocks; m++) threefryInto(k0, k1, m, 0, out, 2 * m);
  return n === out.length ? out : out.subarray(0, n);
}
