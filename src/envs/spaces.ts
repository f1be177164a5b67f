/**
 * Constructors and checks for the action and observation spaces of `env.ts`: boxes of real
 * vectors and finite sets of integers, as Gymnasium's `spaces.Box` and `spaces.Discrete`.
 * @module
 */
import { type Key, uniform } from "../random/index.js";
import type { Action, BoxSpace, DiscreteSpace, Space } from "./env.js";

/**
 * A box `low[i] <= x[i] <= high[i]` of shape `[low.length]`. Bounds may be ±Infinity; each
 * low must be <= its high.
 */
export function box(low: ArrayLike<number>, high: ArrayLike<number>): BoxSpace {
  if (low.length !== high.length)
    throw new Error(`box: low and high must have the same length, got ${low.length} and ${high.length}`);
  for (let i = 0; i < low.length; i++) {
    const l = low[i]!;
    const h = high[i]!;
    if (Number.isNaN(l) || Number.isNaN(h) || !(l <= h))
      throw new Error(`box: need low <= high at index ${i}, got low ${l} and high ${h}`);
  }
  return { kind: "box", shape: [low.length], low: Float64Array.from(low), high: Float64Array.from(high) };
}

/** The integers `0 … n − 1` (`n` a positive integer). */
export function discrete(n: number): DiscreteSpace {
  if (!Number.isInteger(n) || n < 1) throw new Error(`discrete: n must be a positive integer, got ${n}`);
  return { kind: "discrete", n };
}

/** Number of reals in one element of the space: the box's size, or 1 for a discrete space. */
export function flatDim(space: Space): number {
  return space.kind === "box" ? space.low.length : 1;
}

/**
 * Whether `x` is an element of the space: an integer in range for a discrete space, a
 * Float64Array of the right length with every entry within the bounds (NaN never is) for a box.
 */
export function contains(space: Space, x: Action): boolean {
  if (space.kind === "discrete") return typeof x === "number" && Number.isInteger(x) && x >= 0 && x < space.n;
  if (!(x instanceof Float64Array) || x.length !== space.low.length) return false;
  for (let i = 0; i < x.length; i++) if (!(x[i]! >= space.low[i]! && x[i]! <= space.high[i]!)) return false;
  return true;
}

/**
 * "0 or 1", "0, 1 or 2", …: the valid actions of a small discrete space, for error messages.
 */
export function describeDiscrete(n: number): string {
  if (n === 1) return "0";
  if (n <= 6) {
    const all = Array.from({ length: n }, (_, i) => String(i));
    return `${all.slice(0, -1).join(", ")} or ${all[n - 1]}`;
  }
  return `an integer in [0, ${n - 1}]`;
}

/**
 * A uniformly random element of the space, drawn from `key`: an integer for a discrete space,
 * a vector for a box (every bound must then be finite). Useful for random-action baselines.
 */
export function sampleSpace(key: Key, space: Space): Action {
  if (space.kind === "discrete") {
    const u = uniform(key, [1]).data[0]!;
    return Math.min(Math.floor(u * space.n), space.n - 1);
  }
  for (let i = 0; i < space.low.length; i++)
    if (!Number.isFinite(space.low[i]!) || !Number.isFinite(space.high[i]!))
      throw new Error(`sampleSpace: box bounds must be finite, got [${space.low[i]}, ${space.high[i]}] at index ${i}`);
  const out = new Float64Array(space.low.length);
  const u = uniform(key, [space.low.length]).data;
  // Interpolate ourselves so that degenerate dimensions (low == high) are allowed.
  for (let i = 0; i < out.length; i++) out[i] = space.low[i]! + (space.high[i]! - space.low[i]!) * u[i]!;
  return out;
}
