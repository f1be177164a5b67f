// MountainCar-v0 and MountainCarContinuous-v0 against their published update (Moore 1990, as
// documented for Gymnasium): v' = clip(v + F − 0.0025 cos 3p, ±0.07), p' = clip(p + v', [−1.2, 0.6]),
// v' = 0 if the car hits the left wall moving left; F = (a − 1)·0.001 (discrete) or
// 0.0015·clip(u, ±1) (continuous).
import { test } from "node:test";
import assert from "node:assert/strict";
import { MountainCar, MountainCarContinuous } from "../../src/envs/index.js";
import { key, split, uniform } from "../../src/random/index.js";
import { assertClose } from "../helpers/assert.js";

function byHand(s: number[], force: number): number[] {
  const [p, v] = s as [number, number];
  let v2 = v + force - 0.0025 * Math.cos(3 * p);
  v2 = Math.min(0.07, Math.max(-0.07, v2));
  const p2 = Math.min(0.6, Math.max(-1.2, p + v2));
  if (p2 === -1.2 && v2 < 0) v2 = 0;
  return [p2, v2];
}

const states = [
  [-0.5, 0],
  [-1.19, -0.05], // hits the left wall: velocity zeroed
  [0.49, 0.02], // crosses the goal moving right
  [0.55, -0.01], // past the goal but moving left
  [-0.6, 0.069], // speed clipped at 0.07
  [0.58, 0.06], // position clipped at 0.6
  [0.44, 0.02],
];

test("MountainCar-v0 steps match the hand-computed update; −1 per step; goal at p ≥ 0.5 with v ≥ 0", () => {
  const env = new MountainCar();
  let goals = 0;
  for (const s of states)
    for (const a of [0, 1, 2]) {
      env.setState(s);
      const r = env.step(a);
      const next = byHand(s, (a - 1) * 0.001);
      assertClose(r.observation, next, { what: `from ${s} with ${a}` });
      assertClose(env.getState(), next);
      assert.equal(r.reward, -1);
      assert.equal(r.terminated, next[0]! >= 0.5 && next[1]! >= 0, `terminated from ${s} with ${a}`);
      if (r.terminated) goals++;
    }
  assert.ok(goals >= 4, "some cases reach the goal");
  env.setState([-1.19, -0.05]);
  assert.deepEqual(Array.from(env.step(0).observation), [-1.2, 0], "left wall");
  env.setState([-0.6, 0.069]);
  assert.equal(env.step(2).observation[1], 0.07, "speed clip");
  env.setState([0.58, 0.06]);
  const atTop = env.step(2);
  assert.equal(atTop.observation[0], 0.6, "position clip");
  assert.equal(atTop.terminated, true);
  env.setState([0.55, -0.01]);
  assert.equal(env.step(2).terminated, false, "past the goal but moving left");
});

test("MountainCar-v0 truncates at 200 steps; resets p in [−0.6, −0.4), v = 0", () => {
  const env = new MountainCar();
  const k = key(5);
  const o = env.reset(k);
  assert.deepEqual(Array.from(o), [uniform(k, [1], -0.6, -0.4).data[0]!, 0]);
  assert.deepEqual(Array.from(env.reset(k)), Array.from(o));
  for (const kk of split(key(9), 300)) {
    const [p, v] = env.reset(kk) as unknown as [number, number];
    assert.ok(p >= -0.6 && p < -0.4 && v === 0);
  }
  env.reset(k);
  let n = 0;
  for (;;) {
    const r = env.step(1); // no push: the car never leaves the valley
    n++;
    if (r.terminated || r.truncated) {
      assert.ok(r.truncated && !r.terminated);
      break;
    }
  }
  assert.equal(n, 200);
  assert.throws(() => env.step(1), /MountainCar-v0: step\(\) called after the episode ended \(truncated\)/);
});

test("MountainCar-v0 spaces and action errors", () => {
  const env = new MountainCar();
  assert.deepEqual(Array.from(env.observationSpace.low), [-1.2, -0.07]);
  assert.deepEqual(Array.from(env.observationSpace.high), [0.6, 0.07]);
  assert.deepEqual(env.actionSpace, { kind: "discrete", n: 3 });
  env.reset(key(0));
  assert.throws(() => env.step(3), { message: "MountainCar-v0: action must be 0, 1 or 2, got 3" });
  assert.throws(() => env.step(1.5), { message: "MountainCar-v0: action must be 0, 1 or 2, got 1.5" });
});

test("MountainCarContinuous-v0 steps match by hand; reward 100·goal − 0.1 u² with u unclipped", () => {
  const env = new MountainCarContinuous();
  let goals = 0;
  for (const s of states)
    for (const u of [-1.5, -0.4, 0, 0.9, 1.5]) {
      env.setState(s);
      const r = env.step(Float64Array.of(u));
      const next = byHand(s, 0.0015 * Math.max(-1, Math.min(1, u)));
      assertClose(r.observation, next, { what: `from ${s} with ${u}` });
      const goal = next[0]! >= 0.45 && next[1]! >= 0;
      assert.equal(r.terminated, goal);
      assertClose(r.reward, (goal ? 100 : 0) - 0.1 * u * u, { what: `reward from ${s} with ${u}` });
      if (goal) goals++;
    }
  assert.ok(goals >= 5);
  // Goal at 0.45, not 0.5: from 0.44 moving right the car is there.
  env.setState([0.44, 0.02]);
  const r = env.step(Float64Array.of(0));
  assert.equal(r.terminated, true);
  assertClose(r.reward, 100);
  env.setState([0.44, 0.02]);
  assertClose(env.step(Float64Array.of(1.5)).reward, 100 - 0.225);
});

test("MountainCarContinuous-v0 truncates at 999 steps; resets like the discrete car; rejects NaN", () => {
  const env = new MountainCarContinuous();
  const k = key(5);
  assert.deepEqual(Array.from(env.reset(k)), Array.from(new MountainCar().reset(k)));
  let n = 0;
  for (;;) {
    const r = env.step(Float64Array.of(0));
    n++;
    if (r.terminated || r.truncated) {
      assert.ok(r.truncated && !r.terminated);
      break;
    }
  }
  assert.equal(n, 999);
  env.setState([-0.5, 0], 998);
  assert.equal(env.step(Float64Array.of(0)).truncated, true);
  env.reset(k);
  assert.throws(() => env.step(Float64Array.of(NaN)), {
    message: "MountainCarContinuous-v0: action must be finite, got NaN",
  });
  assert.throws(() => env.step(0.3), /must be a Float64Array of length 1/);
  if (env.actionSpace.kind === "box") assert.deepEqual([env.actionSpace.low[0], env.actionSpace.high[0]], [-1, 1]);
  assert.equal(env.maxEpisodeSteps, 999);
});

/** The neighbouring double of x towards +∞ (dir 1) or −∞ (dir −1), for x > 0. */
function nextDouble(x: number, dir: 1 | -1): number {
  const f = new Float64Array([x]);
  const b = new BigInt64Array(f.buffer);
  b[0] = b[0]! + BigInt(dir);
  return f[0]!;
}

/** A start position p0 (with velocity v0, force F) whose next position is exactly `goal`, found by search. */
function startReaching(goal: number, v0: number, force: number): number {
  let p = goal - v0;
  for (let i = 0; i < 30; i++) p = goal - byHand([p, v0], force)[1]!; // fixed-point iteration (contracts by ~0.0075)
  for (let i = 0; i < 64 && byHand([p, v0], force)[0]! !== goal; i++)
    p = nextDouble(p, byHand([p, v0], force)[0]! < goal ? 1 : -1);
  assert.equal(byHand([p, v0], force)[0], goal, "search for an exact hit");
  return p;
}

test("the goal test is inclusive: reaching exactly p = 0.5 (0.45 continuous) with v > 0 terminates", () => {
  const env = new MountainCar();
  const p0 = startReaching(0.5, 0.03, 0);
  env.setState([p0, 0.03]);
  const r = env.step(1);
  assert.equal(r.observation[0], 0.5);
  assert.equal(r.terminated, true);
  // From a start that lands just short of 0.5 the episode goes on.
  let below = p0;
  while (byHand([below, 0.03], 0)[0]! >= 0.5) below = nextDouble(below, -1);
  env.setState([below, 0.03]);
  const r2 = env.step(1);
  assert.ok(r2.observation[0]! < 0.5);
  assert.equal(r2.terminated, false);

  const cont = new MountainCarContinuous();
  const q0 = startReaching(0.45, 0.03, 0.0015 * 0.5);
  cont.setState([q0, 0.03]);
  const c = cont.step(Float64Array.of(0.5));
  assert.equal(c.observation[0], 0.45);
  assert.equal(c.terminated, true);
  assertClose(c.reward, 100 - 0.025);
});
