import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose, assertGradOk } from "../helpers/assert.js";
import { key, sum, Tensor, tensor, zeros } from "../../src/index.js";
import { biasDrift } from "../../src/perturb/index.js";

/** Every (episode, step) pair for E episodes of T + 1 steps, episode-major. */
function grid(e: number, t: number): { episode: Int32Array; step: Int32Array } {
  const episode = new Int32Array(e * (t + 1));
  const step = new Int32Array(e * (t + 1));
  for (let i = 0; i < e; i++)
    for (let s = 0; s <= t; s++) {
      episode[i * (t + 1) + s] = i;
      step[i * (t + 1) + s] = s;
    }
  return { episode, step };
}

test("bias drift: the variance across episodes grows linearly, initialStd² + t·driftStd², within 4 s.e.", () => {
  const episodes = 4000,
    last = 20,
    s0 = 0.3,
    sd = 0.1;
  const ctx = grid(episodes, last);
  const n = ctx.step.length;
  const b = biasDrift({ driftStd: sd, initialStd: s0 }).apply(key(8), zeros([n, 1]), ctx).data;
  for (let t = 0; t <= last; t++) {
    let m = 0,
      v = 0;
    for (let e = 0; e < episodes; e++) m += b[e * (last + 1) + t]!;
    m /= episodes;
    for (let e = 0; e < episodes; e++) v += (b[e * (last + 1) + t]! - m) ** 2;
    v /= episodes - 1;
    const expected = s0 * s0 + t * sd * sd;
    // s.e. of the sample variance of Gaussian data: σ²·√(2/(E − 1)); of the mean √(σ²/E).
    assert.ok(Math.abs(v - expected) < 4 * expected * Math.sqrt(2 / (episodes - 1)), `t=${t}: var ${v} vs ${expected}`);
    assert.ok(Math.abs(m) < 4 * Math.sqrt(expected / episodes), `t=${t}: mean ${m}`);
  }
  // Increments b_t − b_{t−1} have variance driftStd² and are uncorrelated with b_{t−1}.
  let inc2 = 0,
    cross = 0,
    count = 0;
  for (let e = 0; e < episodes; e++)
    for (let t = 1; t <= last; t++) {
      const d = b[e * (last + 1) + t]! - b[e * (last + 1) + t - 1]!;
      inc2 += d * d;
      cross += d * b[e * (last + 1) + t - 1]!;
      count++;
    }
  assert.ok(
    Math.abs(inc2 / count - sd * sd) < 4 * sd * sd * Math.sqrt(2 / count),
    `increment variance ${inc2 / count}`,
  );
  // E[d·b_{t−1}] = 0 with s.d. of one product ≈ sd·√(mean var of b), s.e. that over √count.
  const meanVarB = s0 * s0 + ((last - 1) / 2) * sd * sd;
  assert.ok(
    Math.abs(cross / count) < 4 * sd * Math.sqrt(meanVarB / count),
    `increment-level covariance ${cross / count}`,
  );
});

test("bias drift: a row's bias depends only on (key, episode, step), not on batch order or composition", () => {
  const ctx = grid(5, 30);
  const n = ctx.step.length;
  const clean = new Tensor(
    Float64Array.from({ length: n * 2 }, (_, i) => i * 0.01),
    [n, 2],
  );
  const p = biasDrift({ driftStd: [0.05, 0.2], initialStd: 0.1 });
  const full = p.apply(key(3), clean, ctx);
  // Reverse the rows and keep every third: the same rows get the same values.
  const idx = Array.from({ length: n }, (_, i) => n - 1 - i).filter((i) => i % 3 === 0);
  const sub = new Tensor(Float64Array.from(idx.flatMap((i) => [clean.data[2 * i]!, clean.data[2 * i + 1]!])), [
    idx.length,
    2,
  ]);
  const subCtx = {
    episode: Int32Array.from(idx.map((i) => ctx.episode[i]!)),
    step: Int32Array.from(idx.map((i) => ctx.step[i]!)),
  };
  const part = p.apply(key(3), sub, subCtx);
  idx.forEach((i, r) => {
    assert.equal(part.data[2 * r], full.data[2 * i]);
    assert.equal(part.data[2 * r + 1], full.data[2 * i + 1]);
  });
  // Different episodes get different walks; the same key is reproducible; another key differs.
  assert.notEqual(full.data[0], full.data[31 * 2]);
  assert.deepEqual(Array.from(p.apply(key(3), clean, ctx).data), Array.from(full.data));
  assert.notDeepEqual(Array.from(p.apply(key(4), clean, ctx).data), Array.from(full.data));
  // initialStd 0: step 0 is exactly clean.
  const z = biasDrift({ driftStd: 0.1 }).apply(key(1), clean, ctx);
  for (let e = 0; e < 5; e++) assert.equal(z.data[e * 31 * 2], clean.data[e * 31 * 2]);
});

test("bias drift: the marginal logProb is N(clean, initialStd² + t·driftStd²), integrates to 1, and has the right gradient", () => {
  const p = biasDrift({ driftStd: 0.2, initialStd: 0.5 });
  const step = Int32Array.from([0, 4]);
  const lp = p.logProb!(tensor([[0.3], [1.1]]), tensor([[0.1], [0]]), { step });
  const hand = (x: number, v: number) => (-0.5 * (x * x)) / v - 0.5 * Math.log(2 * Math.PI * v);
  assertClose(lp.data, [hand(0.2, 0.25), hand(1.1, 0.25 + 4 * 0.04)], { rtol: 1e-14 });
  // ∫ exp(logProb) over ±12 marginal s.d. at step 9 (variance 0.25 + 0.36).
  const m = 4000,
    sdev = Math.sqrt(0.61),
    h = (24 * sdev) / m;
  const x = new Float64Array(m).map((_, i) => -12 * sdev + (i + 0.5) * h);
  const lps = p.logProb!(new Tensor(x, [m, 1]), zeros([m, 1]), { step: new Int32Array(m).fill(9) });
  let z = 0;
  for (const v of lps.data) z += Math.exp(v) * h;
  assertClose(z, 1, { atol: 1e-10 });
  assertGradOk(
    (c: Tensor) =>
      sum(
        p.logProb!(
          tensor([
            [0.3, 1],
            [1.1, -2],
          ]),
          c,
          { step },
        ),
      ),
    tensor([
      [0, 0.5],
      [1, -1],
    ]),
  );
});

test("bias drift: missing or bad context and parameters give clear errors", () => {
  const clean = zeros([2, 1]);
  const p = biasDrift({ driftStd: 0.1 });
  assert.throws(() => p.apply(key(0), clean), {
    message: "bias-drift: context.episode is required (an Int32Array of length N = 2 giving each row's episode)",
  });
  assert.throws(
    () => p.apply(key(0), clean, { episode: Int32Array.from([0, 0]) }),
    /bias-drift: context\.step is required/,
  );
  assert.throws(() => p.apply(key(0), clean, { episode: Int32Array.from([0]), step: Int32Array.from([0, 1]) }), {
    message: "bias-drift: context.episode has length 1 but the batch has N = 2 rows",
  });
  assert.throws(() => p.apply(key(0), clean, { episode: Int32Array.from([0, 0]), step: Int32Array.from([0, -1]) }), {
    message: "bias-drift: context.step must be >= 0, got -1 at row 1",
  });
  assert.throws(
    () => p.logProb!(clean, clean, { step: Int32Array.from([0, 1]) }),
    /row 0 \(step 0\) has bias variance 0/,
  );
  assert.throws(() => biasDrift({ driftStd: -0.1 }), { message: "bias-drift: driftStd must be >= 0, got -0.1" });
});
