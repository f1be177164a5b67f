import { test } from "node:test";
import assert from "node:assert/strict";
import { makeEnv } from "../../src/envs/registry.js";
import { episodeKeys, evaluatePolicy, rollout, type Trajectories } from "../../src/envs/rollout.js";
import { LinearGaussianPolicy, LinearSoftmaxPolicy, affineFeatures } from "../../src/envs/policies/index.js";
import { fold, key, normal } from "../../src/random/index.js";
import { assertClose } from "../helpers/assert.js";

/** A mediocre CartPole policy (episodes of tens of steps, some variety in lengths). */
const cartpole = new LinearSoftmaxPolicy({
  featureMap: affineFeatures(4),
  numActions: 2,
  weights: [0, -0.5, -4, -1, 0],
});

const pendulum = new LinearGaussianPolicy({
  featureMap: affineFeatures(3),
  actionDim: 1,
  weights: [0.1, -1, -0.3, 0],
  logStd: [Math.log(0.5)],
  clip: false,
});

function rowsOfEpisode(tr: Trajectories, e: number): number[] {
  const rows: number[] = [];
  for (let i = 0; i < tr.numTransitions; i++) if (tr.episode[i] === e) rows.push(i);
  return rows;
}

test("rollout: same key gives identical arrays; a different key does not", () => {
  const a = rollout("CartPole-v1", cartpole, key(1), { numEpisodes: 4 });
  const b = rollout("CartPole-v1", cartpole, key(1), { numEpisodes: 4 });
  const c = rollout("CartPole-v1", cartpole, key(2), { numEpisodes: 4 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.states, c.states);
  assert.equal(a.obsDim, 4);
  assert.equal(a.actionKind, "discrete");
  assert.equal(a.numActions, 2);
  assert.equal(a.states.length, a.numTransitions * 4);
  assert.equal(a.observed, undefined);
  assert.ok(a.actions instanceof Int32Array);
});

test("rollout: episode i does not depend on numEpisodes", () => {
  const short = rollout("CartPole-v1", cartpole, key(3), { numEpisodes: 2 });
  const long = rollout("CartPole-v1", cartpole, key(3), { numEpisodes: 5 });
  const n = short.numTransitions;
  assert.deepEqual(long.states.subarray(0, 4 * n), short.states);
  assert.deepEqual(long.actions.subarray(0, n), short.actions);
  assert.deepEqual(long.rewards.subarray(0, n), short.rewards);
  assert.deepEqual(long.episodeReturns.subarray(0, 2), short.episodeReturns);
  assert.equal(long.episode[n], 2);
  assert.equal(long.step[n], 0);
});

test("rollout: records match stepping the environment by hand with the documented keys", () => {
  const k = key(4);
  const tr = rollout("CartPole-v1", cartpole, k, { numEpisodes: 3 });
  let total = 0;
  for (let e = 0; e < 3; e++) {
    const env = makeEnv("CartPole-v1");
    const keys = episodeKeys(k, e);
    let obs = env.reset(keys.reset);
    const rows = rowsOfEpisode(tr, e);
    let ret = 0;
    rows.forEach((row, t) => {
      assert.equal(tr.step[row], t);
      assert.deepEqual(tr.states.subarray(4 * row, 4 * row + 4), obs);
      const a = cartpole.act(fold(keys.act, t), obs);
      assert.equal(tr.actions[row], a);
      const r = env.step(a);
      assert.equal(tr.rewards[row], r.reward);
      ret += r.reward;
      const last = t === rows.length - 1;
      assert.equal(r.terminated || r.truncated, last, `episode ${e} step ${t}: end of episode`);
      if (last) {
        assert.equal(tr.terminated[e], r.terminated ? 1 : 0);
        assert.equal(tr.truncated[e], r.truncated ? 1 : 0);
      }
      obs = r.observation;
    });
    assert.equal(tr.episodeReturns[e], ret);
    assert.equal(tr.episodeLengths[e], rows.length);
    total += rows.length;
  }
  assert.equal(total, tr.numTransitions);
});

test("rollout: the observe hook feeds the policy and is recorded; clean states stay clean", () => {
  const k = key(5);
  // Identity hook: the trajectories equal the hook-free ones, and observed equals states.
  const plain = rollout("CartPole-v1", cartpole, k, { numEpisodes: 2 });
  const ident = rollout("CartPole-v1", cartpole, k, { numEpisodes: 2, observe: (_k, s) => Float64Array.from(s) });
  assert.deepEqual(ident.states, plain.states);
  assert.deepEqual(ident.actions, plain.actions);
  assert.deepEqual(ident.observed, plain.states);
  // Noisy hook: the recorded observed rows are what the hook returned for that key, and the
  // action is the policy's action on the observed row.
  const noise = (kk: typeof k, s: Float64Array): Float64Array => {
    const z = normal(kk, [s.length]).data;
    return s.map((x, i) => x + 0.05 * z[i]!);
  };
  const tr = rollout("CartPole-v1", cartpole, k, { numEpisodes: 2, observe: noise });
  assert.ok(tr.observed !== undefined);
  for (let row = 0; row < tr.numTransitions; row++) {
    const e = tr.episode[row]!;
    const t = tr.step[row]!;
    const keys = episodeKeys(k, e);
    const clean = tr.states.subarray(4 * row, 4 * row + 4);
    const seen = noise(fold(keys.observe, t), Float64Array.from(clean));
    assert.deepEqual(tr.observed.subarray(4 * row, 4 * row + 4), seen);
    assert.equal(tr.actions[row], cartpole.act(fold(keys.act, t), seen));
  }
  assert.throws(
    () => rollout("CartPole-v1", cartpole, k, { numEpisodes: 1, observe: () => new Float64Array(3) }),
    /observe must return a Float64Array of length 4, got length 3 at episode 0, step 0/,
  );
});

test("rollout: continuous actions, maxSteps truncation, evaluatePolicy agrees with the rollout", () => {
  const k = key(6);
  const tr = rollout("Pendulum-v1", pendulum, k, { numEpisodes: 3, maxSteps: 50 });
  assert.equal(tr.actionKind, "continuous");
  assert.equal(tr.actionDim, 1);
  assert.ok(tr.actions instanceof Float64Array);
  assert.equal(tr.numTransitions, 150);
  assert.deepEqual(Array.from(tr.truncated), [1, 1, 1]);
  assert.deepEqual(Array.from(tr.terminated), [0, 0, 0]);
  // The recorded action is the policy's own (unclipped) draw; the environment clips internally.
  const keys = episodeKeys(k, 1);
  const row = 50 + 7;
  const s = tr.states.subarray(3 * row, 3 * row + 3);
  assertClose(tr.actions.subarray(row, row + 1), pendulum.act(fold(keys.act, 7), Float64Array.from(s)));
  const ev = evaluatePolicy("Pendulum-v1", pendulum, k, 3, { maxSteps: 50 });
  assert.deepEqual(ev.returns, tr.episodeReturns);
  const r = Array.from(tr.episodeReturns);
  const m = (r[0]! + r[1]! + r[2]!) / 3;
  const sd = Math.sqrt(r.reduce((acc, x) => acc + (x - m) ** 2, 0) / 2);
  assertClose(ev.mean, m, { rtol: 1e-14 });
  assertClose(ev.standardError, sd / Math.sqrt(3), { rtol: 1e-12 });
  assert.throws(
    () => rollout("CartPole-v1", cartpole, k, { numEpisodes: 0 }),
    /numEpisodes must be a positive integer, got 0/,
  );
  assert.throws(() => rollout("CartPole-v1", cartpole, k, { numEpisodes: 1, maxSteps: 1.5 }), /maxSteps/);
  assert.throws(() => rollout("Nope-v0", cartpole, k, { numEpisodes: 1 }), /unknown environment/);
});
