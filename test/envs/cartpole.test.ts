// CartPole-v1 against the cart-pole equations of Barto, Sutton & Anderson (1983), written out
// here in their published form (not the implementation's), Euler-integrated with τ = 0.02 s.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CartPole } from "../../src/envs/index.js";
import { key, split, uniform } from "../../src/random/index.js";
import { assertClose } from "../helpers/assert.js";

/**
 * One step by hand. Barto et al. (1983), eqs. (A1)–(A2) without friction:
 * θ̈ = [g sin θ + cos θ · (−F − m l θ̇² sin θ)/(m_c + m)] / [l (4/3 − m cos² θ/(m_c + m))],
 * ẍ = [F + m l (θ̇² sin θ − θ̈ cos θ)] / (m_c + m),
 * with g = 9.8, m_c = 1, m = 0.1, l = 0.5 (half-length), F = ±10 N; explicit Euler.
 */
function byHand(s: number[], action: number): number[] {
  const [x, xd, th, thd] = s as [number, number, number, number];
  const g = 9.8,
    mc = 1.0,
    m = 0.1,
    l = 0.5,
    tau = 0.02;
  const F = action === 1 ? 10 : -10;
  const thdd =
    (g * Math.sin(th) + (Math.cos(th) * (-F - m * l * thd ** 2 * Math.sin(th))) / (mc + m)) /
    (l * (4 / 3 - (m * Math.cos(th) ** 2) / (mc + m)));
  const xdd = (F + m * l * (thd ** 2 * Math.sin(th) - thdd * Math.cos(th))) / (mc + m);
  return [x + tau * xd, xd + tau * xdd, th + tau * thd, thd + tau * thdd];
}

const states = [
  [0, 0, 0, 0],
  [0.1, -0.3, 0.05, 0.4],
  [-1.5, 1.2, -0.18, -1.1],
  [2.3, 0.8, 0.15, 2.0],
  [-0.7, -2.5, 0.2, -3.0],
];

test("CartPole-v1 steps match the hand-computed Euler step of the published equations", () => {
  const env = new CartPole();
  for (const s of states)
    for (const a of [0, 1]) {
      env.setState(s);
      const r = env.step(a);
      const expected = byHand(s, a);
      assertClose(r.observation, expected, { what: `obs from ${s} with action ${a}` });
      assertClose(env.getState(), expected, { what: "state" });
      assert.equal(r.reward, 1);
      assert.equal(r.terminated, false);
      assert.equal(r.truncated, false);
    }
  // Several steps in a row follow the same recursion.
  env.setState(states[1]!);
  let s = states[1]!;
  for (const a of [1, 1, 0, 1, 0, 0]) {
    s = byHand(s, a);
    assertClose(env.step(a).observation, s, { what: "multi-step" });
  }
});

test("CartPole-v1 terminates strictly beyond |x| = 2.4 and |θ| = 12°, with reward 1 on that step", () => {
  const env = new CartPole();
  const thr = (12 * 2 * Math.PI) / 360;
  const cases: [number[], boolean][] = [
    [[2.4, 0, 0, 0], false], // x stays exactly at the threshold
    [[-2.4, 0, 0, 0], false],
    [[2.4, 1e-9, 0, 0], true], // just over
    [[-2.4, -1e-9, 0, 0], true],
    [[0, 0, thr, 0], false],
    [[0, 0, -thr, 0], false],
    [[0, 0, thr, 1e-9], true],
    [[0, 0, -thr, -1e-9], true],
    [[2.39, 0.4, 0, 0], false], // 2.39 + 0.008 = 2.398
    [[2.39, 0.6, 0, 0], true], // 2.39 + 0.012 = 2.402
  ];
  for (const [s, term] of cases) {
    env.setState(s);
    const r = env.step(1);
    const next = byHand(s, 1);
    assert.equal(r.terminated, Math.abs(next[0]!) > 2.4 || Math.abs(next[2]!) > thr);
    assert.equal(r.terminated, term, `state ${s}`);
    assert.equal(r.reward, 1);
    assert.equal(r.truncated, false);
    if (term) assert.throws(() => env.step(0), /CartPole-v1: step\(\) called after the episode ended \(terminated\)/);
  }
});

test("CartPole-v1 truncates at 500 steps", () => {
  const env = new CartPole();
  env.setState([0, 0, 0, 0], 498);
  assert.equal(env.step(0).truncated, false);
  const r = env.step(1);
  assert.equal(r.truncated, true);
  assert.equal(r.terminated, false);
  assert.throws(() => env.step(0), /after the episode ended \(truncated\); call reset\(\) first/);
  // Both at once: the 500th step also leaves the track.
  env.setState([2.4, 1, 0, 0], 499);
  const both = env.step(1);
  assert.ok(both.terminated && both.truncated);
  // A full episode of a balanced pole: push towards the side the pole is falling to
  // (a bang-bang controller on θ + θ̇/2 that keeps it up well past the limit).
  env.setState([0.01, 0, 0.01, 0]);
  let n = 0;
  for (;;) {
    const s = env.getState();
    const r2 = env.step(s[2]! + 0.5 * s[3]! > 0 ? 1 : 0);
    n++;
    if (r2.terminated || r2.truncated) {
      assert.equal(r2.truncated, true);
      break;
    }
  }
  assert.equal(n, 500);
});

test("CartPole-v1 resets every variable uniformly in [-0.05, 0.05) with the uniform sampler", () => {
  const env = new CartPole();
  const k = key(7);
  const obs = env.reset(k);
  assert.deepEqual(Array.from(obs), Array.from(uniform(k, [4], -0.05, 0.05).data));
  assert.deepEqual(Array.from(env.reset(k)), Array.from(obs), "same key, same state");
  assert.deepEqual(Array.from(env.getState()), Array.from(obs));
  let lo = Infinity,
    hi = -Infinity;
  for (const kk of split(key(3), 500)) {
    const o = env.reset(kk);
    for (const v of o) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  assert.ok(lo >= -0.05 && hi < 0.05, `range [${lo}, ${hi}]`);
  assert.ok(lo < -0.049 && hi > 0.049, "the draws fill the range");
  assert.notDeepEqual(Array.from(env.reset(key(8))), Array.from(obs));
});

test("CartPole-v1 spaces, and invalid actions get clear errors", () => {
  const env = new CartPole();
  assert.equal(env.actionSpace.kind, "discrete");
  assert.deepEqual(Array.from(env.observationSpace.high), [4.8, Infinity, (24 * Math.PI) / 180, Infinity]);
  assert.deepEqual(Array.from(env.observationSpace.low), [-4.8, -Infinity, (-24 * Math.PI) / 180, -Infinity]);
  assert.equal(env.maxEpisodeSteps, 500);
  assert.throws(() => env.step(0), /CartPole-v1: step\(\) called before reset\(\)/);
  env.reset(key(0));
  const before = env.getState();
  assert.throws(() => env.step(2), { message: "CartPole-v1: action must be 0 or 1, got 2" });
  assert.throws(() => env.step(-1), { message: "CartPole-v1: action must be 0 or 1, got -1" });
  assert.throws(() => env.step(0.5), { message: "CartPole-v1: action must be 0 or 1, got 0.5" });
  assert.throws(() => env.step(NaN), { message: "CartPole-v1: action must be 0 or 1, got NaN" });
  assert.throws(
    () => env.step(Float64Array.of(1)),
    /CartPole-v1: action must be a number \(0 or 1\), got a Float64Array/,
  );
  assert.deepEqual(Array.from(env.getState()), Array.from(before), "a refused action does not move the state");
});
