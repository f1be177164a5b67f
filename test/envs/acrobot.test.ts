// Acrobot-v1 against one fourth-order Runge–Kutta step (dt = 0.2 s) of the "book" dynamics of
// Sutton & Barto's acrobot (Reinforcement Learning: An Introduction, 1998, §11.3), written here
// with the constants substituted (m1 = m2 = l1 = 1, lc1 = lc2 = 0.5, I1 = I2 = 1, g = 9.8):
//   d1 = 3.5 + cos θ2,  d2 = 1.25 + 0.5 cos θ2,
//   φ2 = 4.9 sin(θ1 + θ2),
//   φ1 = −0.5 θ̇2² sin θ2 − θ̇1 θ̇2 sin θ2 + 14.7 sin θ1 + φ2,
//   θ̈2 = (τ + d2 φ1 / d1 − 0.5 θ̇1² sin θ2 − φ2) / (1.25 − d2² / d1),
//   θ̈1 = −(d2 θ̈2 + φ1) / d1,
// then θ1, θ2 wrapped into [−π, π], θ̇1 clipped to ±4π and θ̇2 to ±9π.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Acrobot } from "../../src/envs/index.js";
import { key, split, uniform } from "../../src/random/index.js";
import { assertClose } from "../helpers/assert.js";

type V4 = [number, number, number, number];

function deriv(s: V4, tau: number): V4 {
  const [t1, t2, w1, w2] = s;
  const d1 = 3.5 + Math.cos(t2);
  const d2 = 1.25 + 0.5 * Math.cos(t2);
  const phi2 = 4.9 * Math.sin(t1 + t2);
  const phi1 = -0.5 * w2 * w2 * Math.sin(t2) - w1 * w2 * Math.sin(t2) + 14.7 * Math.sin(t1) + phi2;
  const a2 = (tau + (d2 * phi1) / d1 - 0.5 * w1 * w1 * Math.sin(t2) - phi2) / (1.25 - (d2 * d2) / d1);
  const a1 = -(d2 * a2 + phi1) / d1;
  return [w1, w2, a1, a2];
}

const axpy = (y: V4, h: number, k: V4): V4 => [y[0] + h * k[0], y[1] + h * k[1], y[2] + h * k[2], y[3] + h * k[3]];

/** x + 2πk in [−π, π] with the smallest |k| (the result of repeated ±2π shifts). */
function wrapPi(x: number): number {
  while (x > Math.PI) x -= 2 * Math.PI;
  while (x < -Math.PI) x += 2 * Math.PI;
  return x;
}

function byHand(s: V4, action: number): V4 {
  const tau = [-1, 0, 1][action]!;
  const h = 0.2;
  const k1 = deriv(s, tau);
  const k2 = deriv(axpy(s, h / 2, k1), tau);
  const k3 = deriv(axpy(s, h / 2, k2), tau);
  const k4 = deriv(axpy(s, h, k3), tau);
  const y = s.map((v, i) => v + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!)) as V4;
  const clip = (x: number, b: number) => Math.max(-b, Math.min(b, x));
  return [wrapPi(y[0]), wrapPi(y[1]), clip(y[2], 4 * Math.PI), clip(y[3], 9 * Math.PI)];
}

const obsOf = (s: V4) => [Math.cos(s[0]), Math.sin(s[0]), Math.cos(s[1]), Math.sin(s[1]), s[2], s[3]];
const tipHeight = (s: V4) => -Math.cos(s[0]) - Math.cos(s[0] + s[1]);

const states: V4[] = [
  [0, 0, 0, 0],
  [0.1, -0.2, 0.3, -0.4],
  [3.1, 0.5, 5.0, -8.0], // θ1 wraps past π
  [-2.0, 1.5, 12.0, 27.0], // velocities clip
  [2.2, 0, 0, 0], // tip above the line: terminal
  [1.9, 0, 0, 0], // tip below the line
  [-3.0, -3.0, -6.0, -20.0],
];

test("Acrobot-v1 matches one hand-computed RK4 step of the book dynamics", () => {
  const env = new Acrobot();
  let wrapped = 0,
    clipped = 0,
    terminal = 0;
  for (const s of states)
    for (const a of [0, 1, 2]) {
      env.setState(s);
      const r = env.step(a);
      const next = byHand(s, a);
      assertClose(env.getState(), next, { what: `state from ${s} with ${a}` });
      assertClose(r.observation, obsOf(next), { what: "obs" });
      const term = tipHeight(next) > 1;
      assert.equal(r.terminated, term);
      assert.equal(r.reward, term ? 0 : -1);
      assert.equal(r.truncated, false);
      if (Math.abs(next[0] - s[0]) > Math.PI || Math.abs(next[1] - s[1]) > Math.PI) wrapped++; // a step moves less than π
      if (Math.abs(next[2]) === 4 * Math.PI || Math.abs(next[3]) === 9 * Math.PI) clipped++;
      if (term) terminal++;
    }
  assert.ok(wrapped > 0 && clipped > 0 && terminal > 0 && terminal < 21, `${wrapped} ${clipped} ${terminal}`);
});

test("Acrobot-v1 velocity clipping is exact and angles stay in [−π, π]", () => {
  const env = new Acrobot();
  env.setState([-2.0, 1.5, 12.0, 27.0]);
  env.step(2);
  const s = env.getState();
  assert.ok(s[2] === 4 * Math.PI || s[3] === 9 * Math.PI, `clipped velocity expected, got ${s}`);
  for (const k of split(key(2), 20)) {
    env.reset(k);
    for (let t = 0; t < 50; t++) {
      const r = env.step((t >> 2) % 3);
      const st = env.getState();
      assert.ok(Math.abs(st[0]!) <= Math.PI && Math.abs(st[1]!) <= Math.PI);
      assert.ok(Math.abs(st[2]!) <= 4 * Math.PI && Math.abs(st[3]!) <= 9 * Math.PI);
      if (r.terminated) break;
    }
  }
});

test("Acrobot-v1 truncates at 500 steps; resets uniformly in [−0.1, 0.1)⁴", () => {
  const env = new Acrobot();
  const k = key(21);
  const o = env.reset(k);
  const u = uniform(k, [4], -0.1, 0.1).data;
  assert.deepEqual(Array.from(env.getState()), Array.from(u));
  assertClose(o, obsOf(Array.from(u) as V4));
  assert.deepEqual(Array.from(env.reset(k)), Array.from(o));
  for (const kk of split(key(1), 200)) {
    env.reset(kk);
    for (const v of env.getState()) assert.ok(v >= -0.1 && v < 0.1);
  }
  env.reset(k);
  let n = 0;
  for (;;) {
    const r = env.step(1); // no torque: the chain just swings near the bottom
    n++;
    if (r.terminated || r.truncated) {
      assert.ok(r.truncated && !r.terminated);
      break;
    }
  }
  assert.equal(n, 500);
  env.setState([0, 0, 0, 0], 499);
  assert.equal(env.step(0).truncated, true);
  assert.throws(() => env.step(0), /Acrobot-v1: step\(\) called after the episode ended \(truncated\)/);
});

test("Acrobot-v1 spaces, action and state errors", () => {
  const env = new Acrobot();
  assert.deepEqual(Array.from(env.observationSpace.high), [1, 1, 1, 1, 4 * Math.PI, 9 * Math.PI]);
  assert.deepEqual(env.actionSpace, { kind: "discrete", n: 3 });
  env.reset(key(0));
  assert.throws(() => env.step(3), { message: "Acrobot-v1: action must be 0, 1 or 2, got 3" });
  assert.throws(() => env.setState([0, 0, 13, 0]), /Acrobot-v1: angular velocity 1 must be within ±12.56/);
  // A far-out angle wraps without looping for long.
  env.setState([1e12, 0, 0, 0]);
  env.step(1);
  assert.ok(Math.abs(env.getState()[0]!) <= Math.PI);
});
