/**
 * `n` copies of one environment stepped together, as Gymnasium's `SyncVectorEnv` (one process,
 * copies stepped in order) with its `SAME_STEP` autoreset mode: a copy whose episode ends in a
 * step is reset within that same step, the observation returned for it is the first one of
 * its new episode, and the last observation of the ended episode is returned separately in
 * `finalObservations`. Rewards, `terminated` and `truncated` are those of the step that ended
 * the episode. This suits rollouts: every returned row is an observation to act on next.
 *
 * Keys: `reset(key)` gives copy i the key `copyKeys[i] = split(key, n)[i]` and resets it with
 * that key; the e-th automatic reset of copy i (e = 1, 2, …) uses {@link autoresetKey}
 * `(copyKeys[i], e) = fold(copyKeys[i], e)`. A single environment reset with the same keys
 * steps through exactly the same states.
 *
 * Buffers: by default `reset` and `step` return the same arrays every time, overwritten by the
 * next call (see {@link VectorEnvOptions.copy}).
 * @module
 */
import { checkKey, type Key, fold, split } from "../random/key.js";
import type { BoxSpace, Space } from "./env.js";
import { makeBaseEnv } from "./registry.js";
import { flatDim } from "./spaces.js";
import { type BaseEnv, STEP_TERMINATED, STEP_TRUNCATED } from "./util.js";

/** What {@link VectorEnv.step} returns; row i of each array belongs to copy i. */
export interface VectorStepResult {
  /**
   * `[n·D]` row-major observations to act on next: for a copy whose episode ended in this step,
   * the first observation of its new episode.
   */
  readonly observations: Float64Array;
  /** `[n]` rewards of this step. */
  readonly rewards: Float64Array;
  /** `[n]` 1 where the step terminated the copy's episode, else 0. */
  readonly terminated: Uint8Array;
  /** `[n]` 1 where the step hit the copy's time limit, else 0. */
  readonly truncated: Uint8Array;
  /**
   * `[n·D]` the last observation of each episode that ended in this step (row i is valid where
   * `terminated[i] || truncated[i]`); the rows of copies still running are NaN.
   */
  readonly finalObservations: Float64Array;
}

/** Options of {@link VectorEnv}. */
export interface VectorEnvOptions {
  /**
   * Return fresh arrays from every `reset` and `step` (a step's five arrays are then views into
   * one new buffer). Default false: the same buffers are returned by every call and overwritten
   * by the next one, which avoids an allocation per step (about half the time of a CartPole
   * vector step with 64 copies) — copy what you keep, or pass `copy: true` (Gymnasium's default).
   */
  readonly copy?: boolean;
}

/** Key of the `episode`-th automatic reset (1, 2, …) of a copy whose reset key was `copyKey`. */
export function autoresetKey(copyKey: Key, episode: number): Key {
  return fold(copyKey, episode);
}

/**
 * `n` copies of the environment `id` (see the module documentation for the autoreset rule and
 * the keys). Actions are passed flat: `[n]` integers for a discrete action space, `[n·A]`
 * row-major reals for an `A`-dimensional box.
 */
export class VectorEnv {
  /** Environment id of every copy. */
  readonly id: string;
  /** Number of copies. */
  readonly numEnvs: number;
  /** Observation space of one copy. */
  readonly singleObservationSpace: BoxSpace;
  /** Action space of one copy. */
  readonly singleActionSpace: Space;
  /** Length of one copy's observation (D). */
  readonly observationSize: number;
  /** Length of one copy's flat action: 1 for a discrete space, A for a box. */
  readonly actionSize: number;
  private readonly envs: BaseEnv[];
  private readonly copy: boolean;
  private copyKeys: Key[] = [];
  private readonly episodes: Float64Array;
  private started = false;
  private readonly obs: Float64Array;
  private readonly finalObs: Float64Array;
  private readonly rewards: Float64Array;
  private readonly terminated: Uint8Array;
  private readonly truncated: Uint8Array;

  constructor(id: string, numEnvs: number, options: VectorEnvOptions = {}) {
    if (!Number.isInteger(numEnvs) || numEnvs < 1)
      throw new Error(`VectorEnv: numEnvs must be a positive integer, got ${numEnvs}`);
    this.envs = Array.from({ length: numEnvs }, () => makeBaseEnv(id));
    const first = this.envs[0]!;
    this.id = first.id;
    this.numEnvs = numEnvs;
    this.singleObservationSpace = first.observationSpace;
    this.singleActionSpace = first.actionSpace;
    this.observationSize = first.observationSpace.low.length;
    this.actionSize = flatDim(first.actionSpace);
    this.copy = options.copy ?? false;
    this.episodes = new Float64Array(numEnvs);
    this.obs = new Float64Array(numEnvs * this.observationSize);
    this.finalObs = new Float64Array(numEnvs * this.observationSize);
    this.rewards = new Float64Array(numEnvs);
    this.terminated = new Uint8Array(numEnvs);
    this.truncated = new Uint8Array(numEnvs);
  }

  /** Time limit of each copy, in steps. */
  get maxEpisodeSteps(): number {
    return this.envs[0]!.maxEpisodeSteps;
  }

  /**
   * Reset every copy: copy i with `split(key, n)[i]`. Returns the `[n·D]` first observations.
   */
  reset(key: Key): Float64Array {
    checkKey(key, "VectorEnv.reset");
    this.copyKeys = split(key, this.numEnvs);
    const d = this.observationSize;
    for (let i = 0; i < this.numEnvs; i++) {
      this.envs[i]!.resetInto(this.copyKeys[i]!, this.obs, i * d);
      this.episodes[i] = 0;
    }
    this.started = true;
    return this.copy ? this.obs.slice() : this.obs;
  }

  /**
   * Step every copy with its action (`actions[i]` for a discrete space, `actions[i·A … i·A + A)`
   * for a box), resetting the copies whose episodes end (see the module documentation).
   */
  step(actions: ArrayLike<number>): VectorStepResult {
    if (!this.started) throw new Error(`VectorEnv(${this.id}): step() called before reset()`);
    if (actions === null || typeof actions !== "object" || actions.length !== this.numEnvs * this.actionSize)
      throw new Error(
        `VectorEnv(${this.id}): actions must be an array of ${this.numEnvs * this.actionSize} numbers ` +
          `(${this.numEnvs} copies × ${this.actionSize}), got ${
            actions === null || typeof actions !== "object" ? String(actions) : `length ${actions.length}`
          }`,
      );
    const d = this.observationSize;
    const a = this.actionSize;
    const { obs, finalObs, rewards, terminated, truncated } = this;
    // Validate every action before stepping any copy, so that a bad action leaves all copies as they were.
    for (let i = 0; i < this.numEnvs; i++) {
      try {
        this.envs[i]!.checkRunning();
        this.envs[i]!.checkAction(actions, i * a);
      } catch (e) {
        throw new Error(`VectorEnv copy ${i}: ${(e as Error).message}`);
      }
    }
    finalObs.fill(NaN);
    for (let i = 0; i < this.numEnvs; i++) {
      const env = this.envs[i]!;
      const flags = env.stepChecked(actions, i * a, obs, i * d);
      rewards[i] = env.lastReward;
      terminated[i] = flags & STEP_TERMINATED ? 1 : 0;
      truncated[i] = flags & STEP_TRUNCATED ? 1 : 0;
      if (flags !== 0) {
        for (let j = i * d; j < i * d + d; j++) finalObs[j] = obs[j]!;
        const episode = ++this.episodes[i]!;
        env.resetInto(autoresetKey(this.copyKeys[i]!, episode), obs, i * d);
      }
    }
    if (!this.copy) return { observations: obs, rewards, terminated, truncated, finalObservations: finalObs };
    // One allocation for all five results (views into one buffer): typed arrays above V8's
    // small on-heap size each get their own backing store, which costs more than the copying.
    const n = this.numEnvs;
    const m = n * d;
    const buffer = new ArrayBuffer(8 * (2 * m + n) + 2 * n);
    const out = {
      observations: new Float64Array(buffer, 0, m),
      finalObservations: new Float64Array(buffer, 8 * m, m),
      rewards: new Float64Array(buffer, 16 * m, n),
      terminated: new Uint8Array(buffer, 8 * (2 * m + n), n),
      truncated: new Uint8Array(buffer, 8 * (2 * m + n) + n, n),
    };
    out.observations.set(obs);
    out.finalObservations.set(finalObs);
    out.rewards.set(rewards);
    out.terminated.set(terminated);
    out.truncated.set(truncated);
    return out;
  }

  /** A copy of copy i's state (see that environment's `getState`). */
  getState(i: number): Float64Array {
    return this.env(i).getState();
  }

  /** Overwrite copy i's state and step counter (see that environment's `setState`). */
  setState(i: number, state: ArrayLike<number>, elapsedSteps = 0): void {
    this.env(i).setState(state, elapsedSteps);
  }

  private env(i: number): BaseEnv {
    if (!Number.isInteger(i) || i < 0 || i >= this.numEnvs)
      throw new Error(`VectorEnv: copy index must be an integer in [0, ${this.numEnvs - 1}], got ${i}`);
    return this.envs[i]!;
  }
}
