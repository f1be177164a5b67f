// LaneKeeping-v0 / LaneKeepingDiscrete-v0 against one explicit Euler step (dt = 0.05 s) of the
// kinematic bicycle model in the road's Frenet frame (Rajamani, Vehicle Dynamics and Control,
// §2.2; Kong et al. 2015), with l_f = l_r = 1.4 m, written out here:
//   β = atan(½ tan δ),  ṡ = v cos(e_ψ + β)/(1 − κ(s) e_y),  ė_y = v sin(e_ψ + β),
//   ė_ψ = (v/1.4) sin β − κ(s) ṡ,
//   κ(s) = A1 sin(π s/100 + φ1) + A2 sin(π s/30 + φ2).
import { test } from "node:test";
import assert from "node:assert/strict";
import { LaneKeeping, LaneKeepingDiscrete, roadCurvature } from "../../src/envs/index.js";
import { key, split, uniform } from "../../src/random/index.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { assertClose } from "../helpers/assert.js";

const kappa = (s: number, p: number[]) =>
  p[0]! * Math.sin((Math.PI * s) / 100 + p[1]!) + p[2]! * Math.sin((Math.PI * s) / 30 + p[3]!);

/** Next state, observation and reward after steering `delta` from `st` = [s, e_y, e_ψ, v, A1, φ1, A2, φ2]. */
function byHand(st: number[], delta: number) {
  const [s, ey, epsi, v] = st as [number, number, number, number];
  const road = st.slice(4);
  const k = kappa(s, road);
  const beta = Math.atan(0.5 * Math.tan(delta));
  const sDot = (v * Math.cos(epsi + beta)) / (1 - k * ey);
  const eyDot = v * Math.sin(epsi + beta);
  const epsiDot = (v / 1.4) * Math.sin(beta) - k * sDot;
  const next = [s + 0.05 * sDot, ey + 0.05 * eyDot, epsi + 0.05 * epsiDot, v, ...road];
  const obs = [next[1]!, next[2]!, kappa(next[0]! + 10, road), v];
  const reward = 1 - (next[1]! / 1.75) ** 2;
  return { next, obs, reward, terminated: Math.abs(next[1]!) > 1.75 };
}

const states = [
  [0, 0, 0, 10, 0, 0, 0, 0], // straight road
  [12.5, 0.3, -0.04, 9.1, 0.012, 1.1, 0.004, 4.0],
  [140, -1.2, 0.2, 11.7, 0.015, 5.9, 0.005, 0.2],
  [3, 1.7, 0.2, 8.2, 0.01, 3.0, 0.002, 2.0], // leaves the lane to the left unless steering hard right
  [77.7, -0.9, -0.3, 12, 0.008, 0.5, 0.0049, 6.1],
];

test("LaneKeeping-v0 steps match a hand-computed Euler step of the kinematic bicycle model", () => {
  const env = new LaneKeeping();
  let ends = 0;
  for (const st of states)
    for (const delta of [-0.7, -0.5, -0.1, 0, 0.05, 0.3, 0.9]) {
      env.setState(st);
      const r = env.step(Float64Array.of(delta));
      const h = byHand(st, Math.max(-0.5, Math.min(0.5, delta)));
      assertClose(env.getState(), h.next, { what: `state from ${st} with δ=${delta}` });
      assertClose(r.observation, h.obs, { what: "obs" });
      assertClose(r.reward, h.reward, { what: "reward" });
      assert.equal(r.terminated, h.terminated);
      if (h.terminated) ends++;
    }
  assert.ok(ends > 0 && ends < 35);
  // Several steps in a row.
  env.setState(states[1]!);
  let st = states[1]!;
  for (const d of [0.1, 0.05, 0, -0.05, -0.1, 0.02]) {
    const h = byHand(st, d);
    assertClose(env.step(Float64Array.of(d)).observation, h.obs, { what: "multi-step" });
    st = h.next;
  }
});

test("LaneKeepingDiscrete-v0 steers +0.1 / 0 / −0.1 rad for actions 0 / 1 / 2", () => {
  const env = new LaneKeepingDiscrete();
  for (const st of states)
    [0.1, 0, -0.1].forEach((delta, a) => {
      env.setState(st);
      const r = env.step(a);
      const h = byHand(st, delta);
      assertClose(r.observation, h.obs, { what: `action ${a}` });
      assertClose(r.reward, h.reward);
    });
  // Action 0 turns left: on a straight road the heading error grows.
  env.setState(states[0]!);
  assert.ok(env.step(0).observation[1]! > 0);
  assert.throws(() => env.step(3), { message: "LaneKeepingDiscrete-v0: action must be 0, 1 or 2, got 3" });
});

test("lane departure: |e_y| = 1.75 exactly is still in the lane (reward 0), beyond terminates", () => {
  const env = new LaneKeeping();
  for (const side of [1, -1]) {
    env.setState([0, 1.75 * side, 0, 10, 0, 0, 0, 0]);
    const r = env.step(Float64Array.of(0)); // straight on a straight road: e_y unchanged
    assert.equal(r.observation[0], 1.75 * side);
    assert.equal(r.terminated, false);
    assert.equal(r.reward, 0);
    env.setState([0, 1.75 * side, 1e-6 * side, 10, 0, 0, 0, 0]);
    const out = env.step(Float64Array.of(0));
    assert.equal(out.terminated, true);
    assert.ok(out.reward < 0);
    assert.throws(() => env.step(Float64Array.of(0)), /LaneKeeping-v0: step\(\) called after the episode ended/);
  }
  // On the centre line the reward is 1.
  env.setState([0, 0, 0, 10, 0, 0, 0, 0]);
  assert.equal(env.step(Float64Array.of(0)).reward, 1);
});

test("LaneKeeping-v0 truncates at 500 steps; a centring controller stays in the lane", () => {
  const env = new LaneKeeping();
  // Stanley-like steering: cancel heading and offset errors and feed forward the curvature.
  for (const kk of split(key(4), 5)) {
    let obs = env.reset(kk);
    let steps = 0;
    for (;;) {
      const [ey, epsi, k] = obs as unknown as [number, number, number];
      const delta = Math.atan(2.8 * k) - epsi - 0.3 * ey;
      const r = env.step(Float64Array.of(delta));
      obs = r.observation;
      steps++;
      if (r.terminated || r.truncated) {
        assert.ok(r.truncated && !r.terminated, `left the lane after ${steps} steps`);
        break;
      }
    }
    assert.equal(steps, 500);
  }
  env.setState(states[1]!, 499);
  assert.equal(env.step(Float64Array.of(0)).truncated, true);
});

test("LaneKeeping-v0 reset: s = 0 and [e_y, e_ψ, v, A1, φ1, A2, φ2] from one uniform draw", () => {
  const env = new LaneKeeping();
  const k = key(17);
  const o = env.reset(k);
  const lo = Float64Array.of(-0.5, -0.05, 8, 0, 0, 0, 0);
  const hi = Float64Array.of(0.5, 0.05, 12, 0.015, 2 * Math.PI, 0.005, 2 * Math.PI);
  const u = uniform(k, [7], new Tensor(lo, [7]), new Tensor(hi, [7])).data;
  assert.deepEqual(Array.from(env.getState()), [0, ...u]);
  assertClose(o, [u[0]!, u[1]!, kappa(10, [u[3]!, u[4]!, u[5]!, u[6]!]), u[2]!]);
  assert.deepEqual(Array.from(env.reset(k)), Array.from(o));
  for (const kk of split(key(2), 300)) {
    env.reset(kk);
    const st = env.getState();
    assert.equal(st[0], 0);
    for (let i = 0; i < 7; i++) assert.ok(st[i + 1]! >= lo[i]! && st[i + 1]! < hi[i]!, `index ${i + 1}: ${st[i + 1]}`);
  }
  // Same road and car for both action variants with the same key.
  assert.deepEqual(Array.from(new LaneKeepingDiscrete().reset(k)), Array.from(o));
});

test("roadCurvature is the documented sum of sinusoids; spaces; bad input errors", () => {
  for (const s of [0, 13, 250.5]) assertClose(roadCurvature(s, 0.01, 1, 0.003, 2), kappa(s, [0.01, 1, 0.003, 2]));
  const env = new LaneKeeping();
  assert.deepEqual(Array.from(env.observationSpace.low), [-3.5, -Math.PI, -0.02, 8]);
  assert.deepEqual(Array.from(env.observationSpace.high), [3.5, Math.PI, 0.02, 12]);
  if (env.actionSpace.kind === "box") assert.deepEqual([env.actionSpace.low[0], env.actionSpace.high[0]], [-0.5, 0.5]);
  else assert.fail("continuous lane keeping has a box action space");
  assert.equal(env.maxEpisodeSteps, 500);
  env.reset(key(0));
  assert.throws(() => env.step(Float64Array.of(NaN)), { message: "LaneKeeping-v0: action must be finite, got NaN" });
  assert.throws(() => env.setState([0, 0, 0, 0, 0, 0, 0, 0]), /speed \(state\[3\]\) must be > 0, got 0/);
  assert.throws(() => env.setState([0, 0, 0, 10]), /LaneKeeping-v0: state must have 8 values, got 4/);
  // A hand-set state beyond the road's centre of curvature (κ e_y ≥ 1) is refused, not integrated.
  env.setState([0, 1.2, 0, 10, 1, Math.PI / 2, 0, 0]);
  assert.throws(() => env.step(Float64Array.of(0)), /1 − κ\(s\)·e_y must be > 0/);
});
