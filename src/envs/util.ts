/**
 * The episode bookkeeping every environment shares — action validation, the step counter and
 * Gymnasium's `TimeLimit` truncation, the "reset before stepping again" rule — around a small
 * set of per-environment kernels that read and write flat arrays, so that {@link VectorEnv}
 * can step many copies without allocating.
 * @module
 */
import { type Key, uniform } from "../random/index.js";
import { checkKey } from "../random/key.js";
import { Tensor } from "../tensor/tensor.js";
import type { Action, BoxSpace, Env, Space, StepResult } from "./env.js";
import { describeDiscrete } from "./spaces.js";

/** Bit set in {@link BaseEnv.stepFlat}'s result when the step terminated the episode. */
export const STEP_TERMINATED = 1;
/** Bit set in {@link BaseEnv.stepFlat}'s result when the step hit the time limit. */
export const STEP_TRUNCATED = 2;

/** Where an episode stands: never reset, running, or over (terminated or truncated). */
const enum Phase {
  NotReset,
  Running,
  Ended,
}

/**
 * Base class of the environments in this folder. A subclass supplies the dynamics as three
 * kernels over its flat state vector (`drawInitialState`, `transition`, `writeObservation`);
 * this class validates actions and states, counts steps, truncates at `maxEpisodeSteps`
 * (independently of termination, as Gymnasium's `TimeLimit` wrapper: a step can be both
 * terminated and truncated) and refuses to step an episode that has ended.
 */
export abstract class BaseEnv implements Env {
  abstract readonly id: string;
  abstract readonly observationSpace: BoxSpace;
  abstract readonly actionSpace: Space;
  abstract readonly maxEpisodeSteps: number;
  /** The current state (layout documented by each subclass). Kernels update it in place. */
  protected readonly state: Float64Array;
  /** Reward of the last transition; set by {@link transition}. */
  protected reward = 0;
  /** Whether the last transition reached a terminal state; set by {@link transition}. */
  protected terminal = false;
  private elapsed = 0;
  private phase: Phase = Phase.NotReset;
  private endedBy = "";
  /** One-element buffer so a discrete action reaches the kernels without allocation. */
  private readonly scalarAction = new Float64Array(1);

  protected constructor(stateSize: number) {
    this.state = new Float64Array(stateSize);
  }

  /** Write an initial state drawn from `key` into `this.state`. */
  protected abstract drawInitialState(key: Key): void;
  /**
   * Advance `this.state` by one step under the (already validated) action stored at
   * `actions[offset …]`, and set `this.reward` and `this.terminal`.
   */
  protected abstract transition(actions: ArrayLike<number>, offset: number): void;
  /** Write the observation of `this.state` into `out[offset …]`. */
  abstract writeObservation(out: Float64Array, offset: number): void;

  /** Extra checks of a state passed to {@link setState} (finite values are already checked). */
  protected checkState(_state: ArrayLike<number>): void {}

  /** Length of the state vector of {@link getState} / {@link setState}. */
  get stateSize(): number {
    return this.state.length;
  }

  /** Reward of the most recent step (for callers of {@link stepFlat}). */
  get lastReward(): number {
    return this.reward;
  }

  /** Steps taken in the current episode. */
  get elapsedSteps(): number {
    return this.elapsed;
  }

  reset(key: Key): Float64Array {
    const out = new Float64Array(this.observationSpace.low.length);
    this.resetInto(key, out, 0);
    return out;
  }

  /** {@link reset}, writing the first observation into `out[offset …]`. */
  resetInto(key: Key, out: Float64Array, offset: number): void {
    checkKey(key, `${this.id}: reset`);
    this.drawInitialState(key);
    this.elapsed = 0;
    this.phase = Phase.Running;
    this.writeObservation(out, offset);
  }

  step(action: Action): StepResult {
    let flat: ArrayLike<number>;
    if (this.actionSpace.kind === "discrete") {
      if (typeof action !== "number")
        throw new Error(
          `${this.id}: action must be a number (${describeDiscrete(this.actionSpace.n)}), got ${describe(action)}`,
        );
      this.scalarAction[0] = action;
      flat = this.scalarAction;
    } else {
      const dim = this.actionSpace.low.length;
      if (!(action instanceof Float64Array) || action.length !== dim)
        throw new Error(`${this.id}: action must be a Float64Array of length ${dim}, got ${describe(action)}`);
      flat = action;
    }
    const observation = new Float64Array(this.observationSpace.low.length);
    const flags = this.stepFlat(flat, 0, observation, 0);
    return {
      observation,
      reward: this.reward,
      terminated: (flags & STEP_TERMINATED) !== 0,
      truncated: (flags & STEP_TRUNCATED) !== 0,
    };
  }

  /**
   * One step with the action read from `actions[actionOffset …]` (one number for a discrete
   * space, `dim` numbers for a box) and the next observation written to `obs[obsOffset …]`.
   * Returns `STEP_TERMINATED | STEP_TRUNCATED` bits; the reward is then {@link lastReward}. This is the
   * allocation-free path used by {@link VectorEnv}.
   */
  stepFlat(actions: ArrayLike<number>, actionOffset: number, obs: Float64Array, obsOffset: number): number {
    this.checkRunning();
    this.checkAction(actions, actionOffset);
    return this.stepChecked(actions, actionOffset, obs, obsOffset);
  }

  /** Throw unless an episode is running (reset, and not yet ended). */
  checkRunning(): void {
    if (this.phase !== Phase.Running) {
      if (this.phase === Phase.NotReset) throw new Error(`${this.id}: step() called before reset()`);
      throw new Error(`${this.id}: step() called after the episode ended (${this.endedBy}); call reset() first`);
    }
  }

  /**
   * {@link stepFlat} without its checks, for a caller that has just run {@link checkRunning}
   * and {@link checkAction} on the same arguments (as {@link VectorEnv} does for all copies
   * before stepping any).
   * @internal
   */
  stepChecked(actions: ArrayLike<number>, actionOffset: number, obs: Float64Array, obsOffset: number): number {
    this.transition(actions, actionOffset);
    this.elapsed++;
    let flags = this.terminal ? STEP_TERMINATED : 0;
    if (this.elapsed >= this.maxEpisodeSteps) flags |= STEP_TRUNCATED;
    if (flags !== 0) {
      this.phase = Phase.Ended;
      this.endedBy =
        flags === STEP_TERMINATED ? "terminated" : flags === STEP_TRUNCATED ? "truncated" : "terminated and truncated";
    }
    this.writeObservation(obs, obsOffset);
    return flags;
  }

  getState(): Float64Array {
    return this.state.slice();
  }

  setState(state: ArrayLike<number>, elapsedSteps = 0): void {
    if (state === null || typeof state !== "object" || typeof state.length !== "number")
      throw new Error(`${this.id}: state must be an array of ${this.state.length} numbers, got ${describe(state)}`);
    if (state.length !== this.state.length)
      throw new Error(`${this.id}: state must have ${this.state.length} values, got ${state.length}`);
    for (let i = 0; i < state.length; i++)
      if (typeof state[i] !== "number" || !Number.isFinite(state[i]!))
        throw new Error(`${this.id}: state values must be finite numbers, got ${String(state[i])} at index ${i}`);
    if (!Number.isInteger(elapsedSteps) || elapsedSteps < 0 || elapsedSteps >= this.maxEpisodeSteps)
      throw new Error(
        `${this.id}: elapsedSteps must be an integer in [0, ${this.maxEpisodeSteps - 1}], got ${elapsedSteps}`,
      );
    this.checkState(state);
    this.state.set(state);
    this.elapsed = elapsedSteps;
    this.phase = Phase.Running;
  }

  /**
   * Throw a message naming the environment and the value unless the action at
   * `actions[offset …]` is valid (an integer in range, or finite reals).
   */
  checkAction(actions: ArrayLike<number>, offset: number): void {
    const space = this.actionSpace;
    if (space.kind === "discrete") {
      const a = actions[offset]!;
      if (!(Number.isInteger(a) && a >= 0 && a < space.n))
        throw new Error(`${this.id}: action must be ${describeDiscrete(space.n)}, got ${a}`);
      return;
    }
    // Continuous actions outside the box are clipped by the kernels, as Gymnasium does;
    // only values with no meaning (NaN, ±Infinity) are refused.
    const dim = space.low.length;
    for (let i = 0; i < dim; i++) {
      const a = actions[offset + i]!;
      if (!Number.isFinite(a))
        throw new Error(`${this.id}: action must be finite, got ${a}${dim > 1 ? ` at index ${i}` : ""}`);
    }
  }
}

/** A short description of a value for error messages. */
export function describe(x: unknown): string {
  if (typeof x === "number") return `number ${x}`;
  if (x instanceof Float64Array) return `a Float64Array of length ${x.length}`;
  if (ArrayBuffer.isView(x)) return `a ${x.constructor.name}`;
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  return x === null ? "null" : typeof x;
}

/**
 * Independent uniform draws `low[i] <= x[i] < high[i]` from `key` with the library's
 * {@link uniform} sampler (element i uses the key's i-th counter block).
 */
export function uniformVector(key: Key, low: readonly number[], high: readonly number[]): Float64Array {
  const n = low.length;
  return uniform(key, [n], new Tensor(Float64Array.from(low), [n]), new Tensor(Float64Array.from(high), [n])).data;
}

/** `min(max(x, lo), hi)` — NumPy's `clip` for a scalar. */
export function clip(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
