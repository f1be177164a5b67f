// The registry, the space helpers, and the episode rules every environment shares.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  box,
  contains,
  describeDiscrete,
  discrete,
  envIds,
  flatDim,
  makeEnv,
  sampleSpace,
  type Action,
  type Env,
} from "../../src/envs/index.js";
import { key, split } from "../../src/random/index.js";

const expectedIds = [
  "CartPole-v1",
  "Pendulum-v1",
  "MountainCar-v0",
  "MountainCarContinuous-v0",
  "Acrobot-v1",
  "LaneKeeping-v0",
  "LaneKeepingDiscrete-v0",
];
const limits: Record<string, number> = {
  "CartPole-v1": 500,
  "Pendulum-v1": 200,
  "MountainCar-v0": 200,
  "MountainCarContinuous-v0": 999,
  "Acrobot-v1": 500,
  "LaneKeeping-v0": 500,
  "LaneKeepingDiscrete-v0": 500,
};
const obsDims: Record<string, number> = {
  "CartPole-v1": 4,
  "Pendulum-v1": 3,
  "MountainCar-v0": 2,
  "MountainCarContinuous-v0": 2,
  "Acrobot-v1": 6,
  "LaneKeeping-v0": 4,
  "LaneKeepingDiscrete-v0": 4,
};

/** A valid action that is not always the same. */
const someAction = (env: Env, t: number): Action =>
  env.actionSpace.kind === "discrete" ? t % env.actionSpace.n : Float64Array.of(0.3 * Math.sin(t));

test("envIds lists the seven environments; makeEnv builds each with its id, spaces and time limit", () => {
  assert.deepEqual([...envIds], expectedIds);
  assert.ok(Object.isFrozen(envIds));
  for (const id of envIds) {
    const env = makeEnv(id);
    assert.equal(env.id, id);
    assert.equal(env.maxEpisodeSteps, limits[id]);
    assert.deepEqual(env.observationSpace.shape, [obsDims[id]]);
    assert.notEqual(makeEnv(id), env, "a new instance each time");
  }
});

test("makeEnv rejects unknown ids, listing the valid ones", () => {
  assert.throws(() => makeEnv("CartPole-v0"), {
    message:
      'unknown environment "CartPole-v0"; valid: CartPole-v1, Pendulum-v1, MountainCar-v0, ' +
      "MountainCarContinuous-v0, Acrobot-v1, LaneKeeping-v0, LaneKeepingDiscrete-v0",
  });
  assert.throws(() => makeEnv("toString"), /unknown environment "toString"/);
  assert.throws(() => makeEnv(undefined as unknown as string), /unknown environment undefined/);
});

test("every environment: reset is a function of the key; observations are fresh arrays in the space's shape", () => {
  for (const id of envIds) {
    const a = makeEnv(id);
    const b = makeEnv(id);
    const k = key(123);
    assert.deepEqual(Array.from(a.reset(k)), Array.from(b.reset(k)), id);
    assert.notDeepEqual(Array.from(a.reset(key(1))), Array.from(b.reset(key(2))), id);
    a.reset(k);
    b.reset(k);
    for (let t = 0; t < 30; t++) {
      const ra = a.step(someAction(a, t));
      const rb = b.step(someAction(b, t));
      assert.deepEqual(ra, rb, `${id} step ${t}`);
      assert.equal(ra.observation.length, obsDims[id]);
      ra.observation[0] = 1e9; // must not reach the environment
      if (ra.terminated || ra.truncated) break;
    }
    assert.deepEqual(Array.from(a.getState()), Array.from(b.getState()), id);
  }
});

test("every environment: getState copies, setState validates, stepping before reset or after the end throws", () => {
  for (const id of envIds) {
    const env = makeEnv(id);
    assert.throws(
      () => env.step(someAction(env, 0)),
      new RegExp(`^Error: ${id}: step\\(\\) called before reset\\(\\)$`),
    );
    env.reset(key(0));
    const s = env.getState();
    s[0] = 12345;
    assert.notEqual(env.getState()[0], 12345, `${id}: getState returns a copy`);
    const good = env.getState();
    assert.throws(() => env.setState(good.slice(1)), new RegExp(`${id}: state must have ${good.length} values`));
    const bad = good.slice();
    bad[0] = NaN;
    assert.throws(
      () => env.setState(bad),
      new RegExp(`${id}: state values must be finite numbers, got NaN at index 0`),
    );
    assert.throws(() => env.setState(good, -1), /elapsedSteps must be an integer in \[0, \d+\], got -1/);
    assert.throws(() => env.setState(good, limits[id]!), /elapsedSteps must be an integer/);
    assert.throws(() => env.setState(good, 1.5), /elapsedSteps must be an integer/);
    // Truncation counts from the elapsed steps given to setState.
    env.setState(good, limits[id]! - 1);
    const r = env.step(someAction(env, 0));
    assert.equal(r.truncated, true, id);
    assert.throws(() => env.step(someAction(env, 1)), new RegExp(`${id}: step\\(\\) called after the episode ended`));
    // setState starts a new episode.
    env.setState(good);
    assert.doesNotThrow(() => env.step(someAction(env, 1)));
    // reset too.
    env.setState(good, limits[id]! - 1);
    env.step(someAction(env, 0));
    env.reset(key(1));
    assert.doesNotThrow(() => env.step(someAction(env, 1)));
  }
});

test("every continuous environment refuses NaN and infinite actions and wrong shapes", () => {
  for (const id of envIds) {
    const env = makeEnv(id);
    if (env.actionSpace.kind !== "box") continue;
    env.reset(key(0));
    const before = env.getState();
    for (const bad of [NaN, Infinity, -Infinity])
      assert.throws(() => env.step(Float64Array.of(bad)), { message: `${id}: action must be finite, got ${bad}` });
    assert.throws(
      () => env.step(new Float64Array(0)),
      /must be a Float64Array of length 1, got a Float64Array of length 0/,
    );
    assert.throws(() => env.step([0.1] as unknown as Action), /must be a Float64Array of length 1, got an array/);
    assert.deepEqual(Array.from(env.getState()), Array.from(before));
  }
});

test("space helpers: box, discrete, contains, flatDim, describeDiscrete, sampleSpace", () => {
  const b = box([-1, 0], [1, Infinity]);
  assert.deepEqual(b.shape, [2]);
  assert.ok(contains(b, Float64Array.of(1, 5)));
  assert.ok(!contains(b, Float64Array.of(1.01, 5)));
  assert.ok(!contains(b, Float64Array.of(NaN, 5)));
  assert.ok(!contains(b, Float64Array.of(0)));
  assert.ok(!contains(b, 0));
  assert.throws(() => box([1], [0]), /box: need low <= high at index 0, got low 1 and high 0/);
  assert.throws(() => box([0, 0], [1]), /same length, got 2 and 1/);
  const d = discrete(3);
  assert.ok(contains(d, 2) && !contains(d, 3) && !contains(d, 1.5) && !contains(d, Float64Array.of(1)));
  assert.throws(() => discrete(0), /discrete: n must be a positive integer, got 0/);
  assert.equal(flatDim(d), 1);
  assert.equal(flatDim(b), 2);
  assert.equal(describeDiscrete(2), "0 or 1");
  assert.equal(describeDiscrete(3), "0, 1 or 2");
  assert.equal(describeDiscrete(10), "an integer in [0, 9]");
  const counts = [0, 0, 0];
  for (const k of split(key(5), 600)) counts[sampleSpace(k, d) as number]!++;
  for (const c of counts) assert.ok(c > 150 && c < 250, `counts ${counts}`); // 200 ± 5 sd
  const bb = box([-2, 3], [2, 3]);
  for (const k of split(key(6), 50)) assert.ok(contains(bb, sampleSpace(k, bb)));
  assert.throws(() => sampleSpace(key(0), b), /sampleSpace: box bounds must be finite/);
});

test("reset refuses something that is not a key", () => {
  const env = makeEnv("Acrobot-v1");
  assert.throws(
    () => env.reset(42 as unknown as Uint32Array),
    /Acrobot-v1: reset: key must be a Uint32Array of length 2 \(made by key\(\), split\(\) or fold\(\)\), got number/,
  );
});
