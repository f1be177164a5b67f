// VectorEnv against n single environments driven with the documented keys: copy i is reset with
// split(key, n)[i], and its e-th automatic reset uses fold(split(key, n)[i], e).
import { test } from "node:test";
import assert from "node:assert/strict";
import { envIds, makeEnv, VectorEnv, autoresetKey, type Action } from "../../src/envs/index.js";
import { fold, key, split } from "../../src/random/index.js";

/** A deterministic action pattern for copy i at step t (flat numbers). */
function actionFor(id: string, i: number, t: number, discreteN: number | null): number {
  return discreteN !== null ? (i + t + ((t * 7) >> 3)) % discreteN : 0.8 * Math.sin(0.37 * t + i);
}

test("VectorEnv steps exactly as n single environments with the same keys, autoreset included", () => {
  const n = 3;
  for (const id of envIds) {
    const venv = new VectorEnv(id, n);
    const singles = Array.from({ length: n }, () => makeEnv(id));
    const sp = singles[0]!.actionSpace;
    const discreteN = sp.kind === "discrete" ? sp.n : null;
    const d = venv.observationSize;
    const k = key(2024);
    const copyKeys = split(k, n);
    const episodes = [0, 0, 0];
    const obs0 = venv.reset(k);
    singles.forEach((e, i) =>
      assert.deepEqual(Array.from(obs0.subarray(i * d, i * d + d)), Array.from(e.reset(copyKeys[i]!))),
    );
    let ended = 0;
    const steps = id === "MountainCarContinuous-v0" ? 1100 : 520;
    for (let t = 0; t < steps; t++) {
      const flat = Array.from({ length: n }, (_, i) => actionFor(id, i, t, discreteN));
      const r = venv.step(flat);
      for (let i = 0; i < n; i++) {
        const a: Action = discreteN !== null ? flat[i]! : Float64Array.of(flat[i]!);
        const s = singles[i]!.step(a);
        assert.equal(r.rewards[i], s.reward, `${id} copy ${i} step ${t} reward`);
        assert.equal(r.terminated[i], s.terminated ? 1 : 0);
        assert.equal(r.truncated[i], s.truncated ? 1 : 0);
        const row = (x: Float64Array) => Array.from(x.subarray(i * d, i * d + d));
        if (s.terminated || s.truncated) {
          ended++;
          assert.deepEqual(row(r.finalObservations), Array.from(s.observation), `${id} final obs`);
          episodes[i]!++;
          const first = singles[i]!.reset(fold(copyKeys[i]!, episodes[i]!));
          assert.deepEqual(row(r.observations), Array.from(first), `${id} reset obs`);
        } else {
          assert.deepEqual(row(r.observations), Array.from(s.observation), `${id} copy ${i} step ${t}`);
          assert.ok(row(r.finalObservations).every(Number.isNaN));
        }
      }
    }
    assert.ok(ended >= n, `${id}: every copy ended at least once (${ended})`);
  }
});

test("autoresetKey is fold; VectorEnv reports spaces and sizes", () => {
  const k = key(9);
  assert.deepEqual(Array.from(autoresetKey(k, 3)), Array.from(fold(k, 3)));
  const v = new VectorEnv("Pendulum-v1", 4);
  assert.equal(v.numEnvs, 4);
  assert.equal(v.observationSize, 3);
  assert.equal(v.actionSize, 1);
  assert.equal(v.maxEpisodeSteps, 200);
  assert.equal(v.singleActionSpace.kind, "box");
});

test("VectorEnv: a bad action in any copy throws before any copy moves", () => {
  const v = new VectorEnv("CartPole-v1", 4);
  assert.throws(() => v.step([0, 1, 0, 1]), /VectorEnv\(CartPole-v1\): step\(\) called before reset\(\)/);
  v.reset(key(1));
  const states = [0, 1, 2, 3].map((i) => Array.from(v.getState(i)));
  assert.throws(() => v.step([0, 1, 2, 1]), { message: "VectorEnv copy 2: CartPole-v1: action must be 0 or 1, got 2" });
  assert.throws(() => v.step([0, 1, 1]), /actions must be an array of 4 numbers \(4 copies × 1\), got length 3/);
  assert.deepEqual(
    [0, 1, 2, 3].map((i) => Array.from(v.getState(i))),
    states,
  );
  const c = new VectorEnv("MountainCarContinuous-v0", 2);
  c.reset(key(0));
  assert.throws(
    () => c.step(Float64Array.of(0.1, NaN)),
    /VectorEnv copy 1: MountainCarContinuous-v0: action must be finite, got NaN/,
  );
  assert.throws(() => new VectorEnv("CartPole-v1", 0), /numEnvs must be a positive integer, got 0/);
  assert.throws(() => new VectorEnv("Nope", 2), /unknown environment "Nope"/);
  assert.throws(() => v.getState(4), /copy index must be an integer in \[0, 3\], got 4/);
});

test("VectorEnv copy option: reused buffers by default, fresh arrays with copy: true", () => {
  const fresh = new VectorEnv("Acrobot-v1", 2, { copy: true });
  const o0 = fresh.reset(key(0));
  const a = fresh.step([0, 2]);
  const b = fresh.step([0, 2]);
  assert.notEqual(a.observations, b.observations);
  assert.notEqual(a.observations, o0);
  assert.notDeepEqual(Array.from(a.observations), Array.from(b.observations), "earlier results are kept");
  const shared = new VectorEnv("Acrobot-v1", 2);
  const o = shared.reset(key(0));
  const c = shared.step([0, 2]);
  assert.equal(c.observations, o);
  const c2 = shared.step([0, 2]);
  assert.equal(c2.observations, c.observations);
  assert.equal(c2.rewards, c.rewards);
  assert.deepEqual(Array.from(c2.observations), Array.from(b.observations), "same numbers either way");
});

test("VectorEnv truncation: all Pendulum copies end together at 200 and restart with the fold keys", () => {
  const v = new VectorEnv("Pendulum-v1", 2);
  const k = key(77);
  v.reset(k);
  let r = v.step([0, 0]);
  for (let t = 1; t < 200; t++) r = v.step([0.5, -0.5]);
  assert.deepEqual(Array.from(r.truncated), [1, 1]);
  assert.deepEqual(Array.from(r.terminated), [0, 0]);
  assert.ok(!r.finalObservations.some(Number.isNaN));
  const single = makeEnv("Pendulum-v1");
  assert.deepEqual(Array.from(r.observations.subarray(3, 6)), Array.from(single.reset(fold(split(k, 2)[1]!, 1))));
  const next = v.step([0, 0]);
  assert.deepEqual(Array.from(next.truncated), [0, 0], "the new episodes count from 0");
});
