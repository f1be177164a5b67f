/**
 * The environment interface shared by every control task: Gymnasium's `reset` / `step` contract
 * with explicit PRNG keys instead of a hidden generator.
 * @module
 */
import type { Key } from "../random/index.js";

/** A box of real vectors: `low[i] <= x[i] <= high[i]` (bounds may be ±Infinity). */
export interface BoxSpace {
  readonly kind: "box";
  readonly shape: readonly number[];
  readonly low: Float64Array;
  readonly high: Float64Array;
}

/** The integers `0, 1, …, n − 1`. */
export interface DiscreteSpace {
  readonly kind: "discrete";
  readonly n: number;
}

export type Space = BoxSpace | DiscreteSpace;

/** An action: an integer for a discrete action space, a vector for a box. */
export type Action = number | Float64Array;

/** What one `step` returns (Gymnasium's 5-tuple). */
export interface StepResult {
  /** The next observation (a fresh array, never aliased with the environment's state). */
  readonly observation: Float64Array;
  readonly reward: number;
  /** The episode ended in a terminal state of the task (pole fell, goal reached, …). */
  readonly terminated: boolean;
  /** The episode was cut by the time limit. */
  readonly truncated: boolean;
}

/**
 * One environment instance. `reset(key)` starts an episode from a state drawn with `key` and
 * returns the first observation; `step(action)` advances it. Stepping after `terminated` or
 * `truncated` without a `reset` is an error.
 */
export interface Env {
  /** Registered id, e.g. `"CartPole-v1"`. */
  readonly id: string;
  readonly observationSpace: BoxSpace;
  readonly actionSpace: Space;
  /** Time limit in steps (Gymnasium's `max_episode_steps`). */
  readonly maxEpisodeSteps: number;
  reset(key: Key): Float64Array;
  step(action: Action): StepResult;
  /** A copy of the internal state (for tests and hand-computed checks). */
  getState(): Float64Array;
  /** Overwrite the internal state and restart the step counter at `elapsedSteps` (default 0). */
  setState(state: ArrayLike<number>, elapsedSteps?: number): void;
}
