/**
 * A stream of uniforms drawn from one key, for the few random decisions inside a transition
 * (tree direction, multinomial choices, Metropolis tests). Counter-based: the i-th draw is a
 * pure function of (key, i), so a transition is reproducible from its key alone.
 * @module
 */
import { type Key, fold, randomBits } from "../../random/index.js";

const BLOCK = 64;
const TWO_POW_M53 = 1 / 9007199254740992;

export class UniformStream {
  private buffer = new Float64Array(BLOCK);
  private pos = BLOCK;
  private block = 0;

  constructor(private readonly key: Key) {}

  /** A uniform in [0, 1) with 53 random bits. */
  next(): number {
    if (this.pos === BLOCK) this.refill();
    return this.buffer[this.pos++]!;
  }

  private refill(): void {
    const bits = randomBits(fold(this.key, this.block++), 2 * BLOCK);
    for (let i = 0; i < BLOCK; i++) {
      const hi = bits[2 * i]! >>> 5; // 27 bits
      const lo = bits[2 * i + 1]! >>> 6; // 26 bits
      this.buffer[i] = (hi * 67108864 + lo) * TWO_POW_M53;
    }
    this.pos = 0;
  }
}
