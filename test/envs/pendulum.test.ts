// Pendulum-v1 against its published update (Gymnasium's documentation of Pendulum-v1):
// θ̈ = 3g/(2l) sin θ + 3/(m l²) u with g = 10, m = l = 1, u clipped to [-2, 2]; semi-implicit Euler
// with dt = 0.05 and |θ̇| clipped to 8; cost θ_norm² + 0.1 θ̇² + 0.001 u² of the state before the step.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Pendulum, angleNormalize } from "../../src/envs/index.js";
import { key, split, uniform } from "../../src/random/index.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { assertClose } from "../helpers/assert.js";

/** θ − 2π·floor((θ + π)/2π): the representative of θ in [−π, π). */
const wrapAngle = (th: number): number => th - 2 * Math.PI * Math.floor((th + Math.PI) / (2 * Math.PI));

function byHand(s: number[], action: number): { next: number[]; reward: number } {
  const [th, thd] = s as [number, number];
  const u = Math.max(-2, Math.min(2, action));
  const reward = -(wrapAngle(th) ** 2 + 0.1 * thd ** 2 + 0.001 * u ** 2);
  const thdNew = Math.max(-8, Math.min(8, thd + (15 * Math.sin(th) + 3 * u) * 0.05));
  return { next: [th + 0.05 * thdNew, thdNew], reward };
}

test("Pendulum-v1 steps and rewards match the hand-computed update", () => {
  const env = new Pendulum();
  const states = [
    [0, 0],
    [1, -2],
    [3.5, 7.9], // angle beyond π (normalised in the cost)
    [2.0, 7.9], // speed clipped at +8
    [-7, -7.95], // angle below −2π, speed clipped at −8
    [Math.PI, 0.3],
    [-2.2, 4.4],
  ];
  for (const s of states)
    for (const u of [-5, -1.3, 0, 0.7, 2, 2.5]) {
      env.setState(s);
      const r = env.step(Float64Array.of(u));
      const { next, reward } = byHand(s, u);
      assertClose(env.getState(), next, { what: `state from ${s}, u=${u}` });
      assertClose(r.observation, [Math.cos(next[0]!), Math.sin(next[0]!), next[1]!], { what: "obs" });
      assertClose(r.reward, reward, { what: `reward from ${s}, u=${u}` });
      assert.equal(r.terminated, false);
      assert.equal(r.truncated, false);
    }
  // The speed clip is active in the cases meant to test it.
  env.setState([2.0, 7.9]);
  env.step(Float64Array.of(2));
  assert.equal(env.getState()[1], 8);
  // Best possible reward: upright, still, no torque.
  env.setState([0, 0]);
  assert.equal(env.step(Float64Array.of(0)).reward, -0);
});

test("angleNormalize maps to [−π, π) like Python's floored modulo", () => {
  for (const th of [0, 1, -1, 3, -3, 3.5, -3.5, 7, -7, 100.25, -100.25, Math.PI / 2])
    assertClose(angleNormalize(th), wrapAngle(th), { what: `θ = ${th}` });
  assertClose(angleNormalize(Math.PI), -Math.PI);
});

test("Pendulum-v1 never terminates and truncates at 200 steps", () => {
  const env = new Pendulum();
  env.reset(key(1));
  let n = 0;
  for (;;) {
    const r = env.step(Float64Array.of(2));
    n++;
    assert.equal(r.terminated, false);
    if (r.truncated) break;
  }
  assert.equal(n, 200);
  assert.throws(
    () => env.step(Float64Array.of(0)),
    /Pendulum-v1: step\(\) called after the episode ended \(truncated\)/,
  );
  env.setState([0, 0], 199);
  assert.equal(env.step(Float64Array.of(0)).truncated, true);
});

test("Pendulum-v1 resets θ in [−π, π) and θ̇ in [−1, 1) with the uniform sampler", () => {
  const env = new Pendulum();
  const k = key(11);
  env.reset(k);
  const expected = uniform(
    k,
    [2],
    new Tensor(Float64Array.of(-Math.PI, -1), [2]),
    new Tensor(Float64Array.of(Math.PI, 1), [2]),
  );
  assert.deepEqual(Array.from(env.getState()), Array.from(expected.data));
  const o = env.reset(k);
  assertClose(o, [Math.cos(expected.data[0]!), Math.sin(expected.data[0]!), expected.data[1]!]);
  let maxTh = 0,
    maxThd = 0;
  for (const kk of split(key(4), 400)) {
    env.reset(kk);
    const [th, thd] = env.getState() as unknown as [number, number];
    assert.ok(th >= -Math.PI && th < Math.PI && thd >= -1 && thd < 1);
    maxTh = Math.max(maxTh, Math.abs(th));
    maxThd = Math.max(maxThd, Math.abs(thd));
  }
  assert.ok(maxTh > 3 && maxThd > 0.95, "draws fill the ranges");
});

test("Pendulum-v1 spaces, and invalid actions get clear errors", () => {
  const env = new Pendulum();
  assert.deepEqual(Array.from(env.observationSpace.low), [-1, -1, -8]);
  assert.deepEqual(Array.from(env.observationSpace.high), [1, 1, 8]);
  assert.equal(env.actionSpace.kind, "box");
  if (env.actionSpace.kind === "box") {
    assert.deepEqual(Array.from(env.actionSpace.low), [-2]);
    assert.deepEqual(Array.from(env.actionSpace.high), [2]);
  }
  assert.equal(env.maxEpisodeSteps, 200);
  env.reset(key(0));
  assert.throws(() => env.step(Float64Array.of(NaN)), { message: "Pendulum-v1: action must be finite, got NaN" });
  assert.throws(() => env.step(Float64Array.of(-Infinity)), {
    message: "Pendulum-v1: action must be finite, got -Infinity",
  });
  assert.throws(() => env.step(1), /Pendulum-v1: action must be a Float64Array of length 1, got number 1/);
  assert.throws(() => env.step(Float64Array.of(1, 2)), /Float64Array of length 1, got a Float64Array of length 2/);
});
