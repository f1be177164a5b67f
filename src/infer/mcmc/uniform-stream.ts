/**
 * A stream of uniforms drawn from one key, for the few random decisions inside a transition
 * (tree direction, multinomial choices, Metropolis tests). Counter-based: the i-th draw is a
 * pure function of (key, i), so a transition is reproducible from its key alone.
 * @module
 */
import { unitFromWords } from "../../random/bits.js";
import { type Key, fold, randomBits } from "../../random/index.js";

const BLOCK = 64;

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
    for (let i = 0; i < BLOCK; i++) this.buffer[i] = unitFromWords(bits[2 * i]!, bits[2 * i + 1]!);
    this.pos = 0;
  }
}
