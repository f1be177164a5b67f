/**
 * Rollouts: run a policy in an environment for a number of episodes and record the transitions as
 * flat typed arrays (the layout the data sets and the policy posterior consume), plus
 * `evaluatePolicy` (mean return ± standard error).
 *
 * Keys. Episode e uses `fold(key, e)`, split into three keys: one for `reset`, one whose
 * `fold(·, t)` draws the action at step t, and one whose `fold(·, t)` is passed to the `observe`
 * hook at step t. So episode e is the same whatever `numEpisodes` is, and adding an `observe`
 * hook does not change which actions the policy would take on the same observations.
 * @module
 */
import { type Key, fold, split } from "../random/index.js";
import type { Action, Env } from "./env.js";
import type { Policy } from "./policy.js";
import { makeEnv } from "./registry.js";

/**
 * What the agent sees at a step: gets the step's key, the clean observation (do not modify it),
 * the episode and step indices; returns the observation handed to the policy (same length).
 */
export type ObserveFn = (key: Key, clean: Float64Array, episode: number, step: number) => Float64Array;

/** Options of {@link rollout}. */
export interface RolloutOptions {
  /** Number of episodes (≥ 1). */
  readonly numEpisodes: number;
  /** Cut episodes after this many steps (default and maximum: the environment's time limit). */
  readonly maxSteps?: number;
  /** The agent acts on `observe(…)` instead of the clean observation (recorded as `observed`). */
  readonly observe?: ObserveFn;
}

/**
 * Transitions of several episodes, row t of every per-transition array describing one step: the
 * action was chosen (from `observed` when an `observe` hook was used, else from `states`) in
 * `states` and earned `rewards`.
 */
export interface Trajectories {
  readonly envId: string;
  /** Observation dimension D. */
  readonly obsDim: number;
  /** `"discrete"` (actions are Int32Array) or `"continuous"` (actions are Float64Array [N·A]). */
  readonly actionKind: "discrete" | "continuous";
  /** A: 1 for discrete actions, the action vector length for continuous ones. */
  readonly actionDim: number;
  /** K for discrete actions, undefined for continuous ones. */
  readonly numActions: number | undefined;
  readonly numEpisodes: number;
  /** N, the total number of transitions. */
  readonly numTransitions: number;
  /** Clean observations the actions were chosen from, `[N · D]` row-major. */
  readonly states: Float64Array;
  /** What the policy saw (`[N · D]`), present only when an `observe` hook was given. */
  readonly observed: Float64Array | undefined;
  /** The actions passed to the environment: `[N]` integers or `[N · A]` reals. */
  readonly actions: Int32Array | Float64Array;
  readonly rewards: Float64Array;
  /** Episode index of each transition. */
  readonly episode: Int32Array;
  /** Step index within its episode of each transition. */
  readonly step: Int32Array;
  /** Per episode: 1 when it ended in a terminal state. */
  readonly terminated: Uint8Array;
  /** Per episode: 1 when it was cut by the time limit (the environment's or `maxSteps`). */
  readonly truncated: Uint8Array;
  /** Per episode: sum of rewards. */
  readonly episodeReturns: Float64Array;
  /** Per episode: number of transitions. */
  readonly episodeLengths: Int32Array;
}

/** Mean return over episodes with its standard error (sample std / √n; 0 for one episode). */
export interface Evaluation {
  readonly mean: number;
  readonly standardError: number;
  readonly returns: Float64Array;
}

/** A growable Float64 buffer (rollout lengths are not known in advance). */
class Float64Buffer {
  data = new Float64Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const d = new Float64Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = x;
  }
  pushAll(xs: ArrayLike<number>): void {
    for (let i = 0; i < xs.length; i++) this.push(xs[i]!);
  }
  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

/** The environment for `env` (an instance, or an id made with `makeEnv`). */
export function resolveEnv(env: Env | string): Env {
  if (typeof env === "string") return makeEnv(env);
  if (env === null || typeof env !== "object" || typeof env.reset !== "function" || typeof env.step !== "function")
    throw new Error(`rollout: env must be an Env or a registered id, got ${env === null ? "null" : typeof env}`);
  return env;
}

function checkEpisodes(n: number, where: string): void {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${where}: numEpisodes must be a positive integer, got ${n}`);
}

function stepLimit(env: Env, maxSteps: number | undefined, where: string): number {
  if (maxSteps === undefined) return env.maxEpisodeSteps;
  if (!Number.isInteger(maxSteps) || maxSteps < 1)
    throw new Error(`${where}: maxSteps must be a positive integer, got ${maxSteps}`);
  return Math.min(maxSteps, env.maxEpisodeSteps);
}

function checkObserved(o: unknown, d: number, episode: number, step: number): Float64Array {
  if (!(o instanceof Float64Array) || o.length !== d)
    throw new Error(
      `rollout: observe must return a Float64Array of length ${d}, got ${o instanceof Float64Array ? `length ${o.length}` : typeof o} at episode ${episode}, step ${step}`,
    );
  return o;
}

/** Per-episode record callback used by {@link runEpisode}. */
interface Recorder {
  record(clean: Float64Array, seen: Float64Array | undefined, action: Action, reward: number, step: number): void;
}

/** The keys of episode `e`: reset, actions, observation hook (see the module documentation). */
export function episodeKeys(key: Key, episode: number): { reset: Key; act: Key; observe: Key } {
  const [reset, act, observe] = split(fold(key, episode), 3) as [Key, Key, Key];
  return { reset, act, observe };
}

/** Run one episode; returns its return, length and how it ended. */
function runEpisode(
  env: Env,
  policy: Policy,
  key: Key,
  episode: number,
  limit: number,
  observe: ObserveFn | undefined,
  recorder: Recorder | undefined,
): { ret: number; length: number; terminated: boolean; truncated: boolean } {
  const keys = episodeKeys(key, episode);
  let obs = env.reset(keys.reset);
  let ret = 0;
  for (let t = 0; t < limit; t++) {
    const seen =
      observe === undefined
        ? obs
        : checkObserved(observe(fold(keys.observe, t), obs, episode, t), obs.length, episode, t);
    const action = policy.act(fold(keys.act, t), seen);
    const r = env.step(action);
    recorder?.record(obs, observe === undefined ? undefined : seen, action, r.reward, t);
    ret += r.reward;
    if (r.terminated || r.truncated) return { ret, length: t + 1, terminated: r.terminated, truncated: r.truncated };
    obs = r.observation;
  }
  return { ret, length: limit, terminated: false, truncated: true };
}

/**
 * Run `policy` for `numEpisodes` episodes and record every transition; see {@link Trajectories}
 * and the module documentation for the key scheme. Deterministic given `key`.
 */
export function rollout(env: Env | string, policy: Policy, key: Key, options: RolloutOptions): Trajectories {
  const e = resolveEnv(env);
  const { numEpisodes, observe } = options;
  checkEpisodes(numEpisodes, "rollout");
  const limit = stepLimit(e, options.maxSteps, "rollout");
  const D = e.observationSpace.shape.reduce((a, b) => a * b, 1);
  const discrete = e.actionSpace.kind === "discrete";
  const A = e.actionSpace.kind === "box" ? e.actionSpace.shape.reduce((a, b) => a * b, 1) : 1;
  const states = new Float64Buffer();
  const observed = observe === undefined ? undefined : new Float64Buffer();
  const actions = new Float64Buffer();
  const rewards = new Float64Buffer();
  const episodeIdx: number[] = [];
  const stepIdx: number[] = [];
  let current = 0;
  const recorder: Recorder = {
    record(clean, seen, action, reward, step) {
      if (clean.length !== D)
        throw new Error(`rollout: ${e.id} returned an observation of length ${clean.length}, expected ${D}`);
      states.pushAll(clean);
      if (seen !== undefined) observed!.pushAll(seen);
      if (typeof action === "number") actions.push(action);
      else {
        if (action.length !== A)
          throw new Error(`rollout: the policy returned an action of length ${action.length}, expected ${A}`);
        actions.pushAll(action);
      }
      rewards.push(reward);
      episodeIdx.push(current);
      stepIdx.push(step);
    },
  };
  const terminated = new Uint8Array(numEpisodes);
  const truncated = new Uint8Array(numEpisodes);
  const episodeReturns = new Float64Array(numEpisodes);
  const episodeLengths = new Int32Array(numEpisodes);
  for (let ep = 0; ep < numEpisodes; ep++) {
    current = ep;
    const r = runEpisode(e, policy, key, ep, limit, observe, recorder);
    terminated[ep] = r.terminated ? 1 : 0;
    truncated[ep] = r.truncated ? 1 : 0;
    episodeReturns[ep] = r.ret;
    episodeLengths[ep] = r.length;
  }
  return {
    envId: e.id,
    obsDim: D,
    actionKind: discrete ? "discrete" : "continuous",
    actionDim: A,
    numActions: e.actionSpace.kind === "discrete" ? e.actionSpace.n : undefined,
    numEpisodes,
    numTransitions: rewards.length,
    states: states.toArray(),
    observed: observed?.toArray(),
    actions: discrete ? Int32Array.from(actions.toArray()) : actions.toArray(),
    rewards: rewards.toArray(),
    episode: Int32Array.from(episodeIdx),
    step: Int32Array.from(stepIdx),
    terminated,
    truncated,
    episodeReturns,
    episodeLengths,
  };
}

/** Mean and standard error of a list of returns. */
export function summarizeReturns(returns: Float64Array): Evaluation {
  const n = returns.length;
  let m = 0;
  for (const r of returns) m += r;
  m /= n;
  let ss = 0;
  for (const r of returns) ss += (r - m) * (r - m);
  const se = n > 1 ? Math.sqrt(ss / (n - 1) / n) : 0;
  return { mean: m, standardError: se, returns };
}

/** Options of {@link evaluatePolicy}. */
export interface EvaluateOptions {
  readonly maxSteps?: number;
  readonly observe?: ObserveFn;
}

/**
 * Mean return of `policy` over `numEpisodes` episodes (same keys as {@link rollout}, so the
 * returns equal `rollout(…).episodeReturns`), without recording transitions.
 */
export function evaluatePolicy(
  env: Env | string,
  policy: Policy,
  key: Key,
  numEpisodes: number,
  options: EvaluateOptions = {},
): Evaluation {
  const e = resolveEnv(env);
  checkEpisodes(numEpisodes, "evaluatePolicy");
  const limit = stepLimit(e, options.maxSteps, "evaluatePolicy");
  const returns = new Float64Array(numEpisodes);
  for (let ep = 0; ep < numEpisodes; ep++)
    returns[ep] = runEpisode(e, policy, key, ep, limit, options.observe, undefined).ret;
  return summarizeReturns(returns);
}
