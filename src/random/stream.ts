/**
 * Per-element random streams for samplers that need a variable number of draws.
 *
 * Output element i owns the counters `(i, 0), (i, 1), (i, 2), ...` under the sampler's key: its
 * j-th draw is the Threefry block of `(i, j)`. Rejection loops therefore stay deterministic,
 * and element i's value depends only on the key, i and its parameters — never on how many
 * draws other elements needed, on the output size, or on evaluation order.
 * @module
 */
import { MAX_DRAW_INDEX, type Key } from "./key.js";
import { threefryInto } from "./threefry.js";
import { openUnitFromWords, unitFromWords } from "./bits.js";

/** A sampler that needs this many blocks for one element has a bug; stop instead of spinning. */
const DRAW_LIMIT = Math.min(1 << 24, MAX_DRAW_INDEX);

/**
 * A cursor over one element's counters. One instance is reused across the elements of a
 * call (via {@link ElementStream.start}) so the hot loops allocate nothing. It is local to a
 * sampler call: state never outlives the call that created it.
 */
export class ElementStream {
  private readonly k0: number;
  private readonly k1: number;
  private readonly where: string;
  private readonly block = new Uint32Array(2);
  private element = 0;
  private draw = 0;
  private spare = 0;
  private hasSpare = false;

  /** @param where - the sampler's name, for the runaway-loop error */
  constructor(k: Key, where: string) {
    this.k0 = k[0]!;
    this.k1 = k[1]!;
    this.where = where;
  }

  /** Position the cursor at the first draw of `element`. */
  start(element: number): void {
    this.element = element;
    this.draw = 0;
    this.hasSpare = false;
  }

  private next(): void {
    if (this.draw >= DRAW_LIMIT)
      throw new Error(
        `${this.where}: element ${this.element} needed more than ${DRAW_LIMIT} random draws (a bug; please report)`,
      );
    threefryInto(this.k0, this.k1, this.element, this.draw++, this.block, 0);
  }

  /** Uniform on [0, 1), 53 bits. */
  uniform(): number {
    this.next();
    return unitFromWords(this.block[0]!, this.block[1]!);
  }

  /** Uniform on the open interval (0, 1), safe to take logs of (see `openUnitFromWords`). */
  openUniform(): number {
    this.next();
    return openUnitFromWords(this.block[0]!, this.block[1]!);
  }

  /** A uniformly random uint32. */
  word(): number {
    this.next();
    return this.block[0]!;
  }

  /**
   * Standard normal by the Box–Muller transform (Box & Muller 1958): two draws give two
   * independent normals; the second is kept for the next call.
   */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    const r = Math.sqrt(-2 * Math.log(this.openUniform()));
    const theta = 2 * Math.PI * this.uniform();
    this.spare = r * Math.sin(theta);
    this.hasSpare = true;
    return r * Math.cos(theta);
  }
}
