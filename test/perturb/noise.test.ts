import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose, assertGradOk } from "../helpers/assert.js";
import { ksTest } from "../helpers/ks.js";
import { key, sum, Tensor, tensor } from "../../src/index.js";
import {
  boundedUniform,
  makePerturbation,
  quantisation,
  saltAndPepper,
  sensorDropout,
} from "../../src/perturb/index.js";

function cleanBatch(n: number, d: number): Tensor {
  const x = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) x[i] = Math.sin(0.37 * i) * 2 + 0.01 * (i % 7);
  return new Tensor(x, [n, d]);
}

/** Four-standard-error check of an observed rate against p: s.e. √(p(1 − p)/N). */
function assertRate(count: number, n: number, p: number, what: string): void {
  const se = Math.sqrt((p * (1 - p)) / n);
  assert.ok(Math.abs(count / n - p) <= 4 * se, `${what}: rate ${count / n}, expected ${p} ± 4·${se}`);
}

test("salt-and-pepper: hit rate, low/high split ½, per-dimension values, others untouched", () => {
  const n = 20000;
  const clean = cleanBatch(n, 3);
  const low = [-10, -20, -30];
  const high = [10, 20, 30];
  const rate = 0.15;
  const y = saltAndPepper({ rate, low, high }).apply(key(4), clean);
  for (let j = 0; j < 3; j++) {
    let hits = 0,
      highs = 0;
    for (let i = 0; i < n; i++) {
      const v = y.data[i * 3 + j]!;
      if (v === low[j]) hits++;
      else if (v === high[j]) {
        hits++;
        highs++;
      } else
        assert.equal(v, clean.data[i * 3 + j], `row ${i} dim ${j} changed to a value that is neither low nor high`);
    }
    assertRate(hits, n, rate, `dim ${j} hits`);
    assertRate(highs, hits, 0.5, `dim ${j} high share`);
  }
  // Rate 0 changes nothing; rate 1 replaces everything.
  assert.deepEqual(
    Array.from(saltAndPepper({ rate: 0, low: 0, high: 1 }).apply(key(1), clean).data),
    Array.from(clean.data),
  );
  assert.ok(
    saltAndPepper({ rate: 1, low: -1, high: 1 })
      .apply(key(1), clean)
      .data.every((v) => v === -1 || v === 1),
  );
  assert.throws(() => saltAndPepper({ rate: 1.2, low: 0, high: 1 }), {
    message: "salt-and-pepper: rate must be in [0, 1], got 1.2",
  });
  assert.equal(saltAndPepper({ rate: 0.1, low: 0, high: 1 }).logProb, undefined);
});

test("dropout: per-row per-dimension rate, fill value, reproducible", () => {
  const n = 20000;
  const clean = cleanBatch(n, 2);
  const p = sensorDropout({ rate: 0.3, fill: [100, -100] });
  const y = p.apply(key(9), clean);
  assert.deepEqual(Array.from(y.data), Array.from(p.apply(key(9), clean).data));
  let both = 0;
  const drops = [0, 0];
  for (let i = 0; i < n; i++) {
    const d0 = y.data[i * 2] === 100,
      d1 = y.data[i * 2 + 1] === -100;
    drops[0] += d0 ? 1 : 0;
    drops[1] += d1 ? 1 : 0;
    if (d0 && d1) both++;
    if (!d0) assert.equal(y.data[i * 2], clean.data[i * 2]);
    if (!d1) assert.equal(y.data[i * 2 + 1], clean.data[i * 2 + 1]);
  }
  assertRate(drops[0]!, n, 0.3, "dim 0");
  assertRate(drops[1]!, n, 0.3, "dim 1");
  // Independent across dimensions: both drop with probability 0.09.
  assertRate(both, n, 0.09, "both dims");
  // Default fill 0.
  const z = sensorDropout({ rate: 1 }).apply(key(0), clean);
  assert.ok(z.data.every((v) => v === 0));
  assert.throws(() => sensorDropout({ rate: -0.1 }), { message: "dropout: rate must be in [0, 1], got -0.1" });
});

test("quantisation: exact multiples of the step, error at most step/2, ties to even, per-dimension steps", () => {
  const clean = cleanBatch(5000, 3);
  const step = [0.1, 0.25, 3];
  const y = quantisation({ step }).apply(key(0), clean);
  for (let i = 0; i < y.size; i++) {
    const h = step[i % 3]!;
    const k = Math.round(y.data[i]! / h);
    assert.equal(y.data[i], k * h, `entry ${i} is not a multiple of ${h}`);
    assert.ok(Math.abs(y.data[i]! - clean.data[i]!) <= h / 2 + 1e-15, `entry ${i}: error above step/2`);
    // Nearest: the neighbouring multiples are no closer.
    for (const m of [k - 1, k + 1])
      assert.ok(Math.abs(m * h - clean.data[i]!) >= Math.abs(y.data[i]! - clean.data[i]!));
  }
  // Ties go to the even multiple: 0.5 → 0, 1.5 → 2, -2.5 → -2 with step 1; 0.75 → 1 with step 0.5.
  const ties = quantisation({ step: 1 }).apply(key(0), tensor([[0.5, 1.5, -2.5]]));
  assert.deepEqual(Array.from(ties.data), [0, 2, -2]);
  assert.deepEqual(Array.from(quantisation({ step: 0.5 }).apply(key(0), tensor([[0.75]])).data), [1]);
  assert.throws(() => quantisation({ step: 0 }), { message: "quantisation: step must be > 0, got 0" });
  assert.throws(() => quantisation({ step: [1, -1] }), { message: "quantisation: step[1] must be > 0, got -1" });
});

test("bounded-uniform: noise inside the box, mean 0, variance r²/3, KS against the uniform CDF", () => {
  const n = 30000;
  const clean = cleanBatch(n, 2);
  const radius = [0.2, 1.5];
  const y = boundedUniform({ radius }).apply(key(21), clean);
  for (let j = 0; j < 2; j++) {
    const r = radius[j]!;
    const u = new Float64Array(n);
    for (let i = 0; i < n; i++) u[i] = y.data[i * 2 + j]! - clean.data[i * 2 + j]!;
    assert.ok(
      u.every((v) => Math.abs(v) <= r * (1 + 1e-12)),
      `dim ${j}: noise outside [−r, r]`,
    );
    let m = 0;
    for (const v of u) m += v;
    m /= n;
    let v2 = 0;
    for (const v of u) v2 += (v - m) ** 2;
    v2 /= n - 1;
    // sd r/√3; the variance of U² is r⁴(1/5 − 1/9), so the variance estimate's s.e. is about r²·√(4/45 / N).
    assert.ok(Math.abs(m) < (4 * r) / Math.sqrt(3 * n), `dim ${j}: mean ${m}`);
    assert.ok(
      Math.abs(v2 - (r * r) / 3) < 4 * r * r * Math.sqrt(4 / 45 / n),
      `dim ${j}: variance ${v2} vs ${(r * r) / 3}`,
    );
    const ks = ksTest(u, (x) => Math.min(1, Math.max(0, (x + r) / (2 * r))));
    assert.ok(ks.pValue > 0.01, `dim ${j}: KS p ${ks.pValue}`);
  }
  // Every output of apply scores as inside the box.
  const lp = boundedUniform({ radius }).logProb!(y, clean);
  assertClose(lp.data, new Float64Array(n).fill(-Math.log(0.4 * 3)), { rtol: 1e-14 });
});

test("bounded-uniform logProb: −Σ log 2r inside, −∞ outside; integrates to 1 in 1-D and 2-D; zero gradient in clean", () => {
  const p = boundedUniform({ radius: [0.5, 2] });
  const clean = tensor([
    [0, 0],
    [0, 0],
    [1, 1],
  ]);
  const pert = tensor([
    [0.49, -1.99],
    [0.51, 0],
    [1, 3.5],
  ]);
  assertClose(p.logProb!(pert, clean).data, [-Math.log(1 * 4), -Infinity, -Infinity]);
  // Midpoint rule over [c − 2r, c + 2r] with cells whose edges include c ± r: the integrand is
  // constant on every cell, so the rule is exact up to rounding.
  {
    const r = 0.3,
      c = 0.25,
      m = 400,
      h = (4 * r) / m;
    const x = new Float64Array(m).map((_, i) => c - 2 * r + (i + 0.5) * h);
    const lp = boundedUniform({ radius: r }).logProb!(
      new Tensor(x, [m, 1]),
      new Tensor(new Float64Array(m).fill(c), [m, 1]),
    );
    let z = 0;
    for (const v of lp.data) z += Math.exp(v) * h;
    assertClose(z, 1, { atol: 1e-12 });
  }
  {
    const r = [0.3, 0.7],
      c = [-1, 2],
      m = 120;
    const h = r.map((v) => (4 * v) / m);
    const pts = new Float64Array(m * m * 2);
    const cl = new Float64Array(m * m * 2);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++) {
        pts[(i * m + j) * 2] = c[0]! - 2 * r[0]! + (i + 0.5) * h[0]!;
        pts[(i * m + j) * 2 + 1] = c[1]! - 2 * r[1]! + (j + 0.5) * h[1]!;
        cl.set(c, (i * m + j) * 2);
      }
    const lp = boundedUniform({ radius: r }).logProb!(new Tensor(pts, [m * m, 2]), new Tensor(cl, [m * m, 2]));
    let z = 0;
    for (const v of lp.data) z += Math.exp(v) * h[0]! * h[1]!;
    assertClose(z, 1, { atol: 1e-12 });
  }
  // Inside the box the density does not depend on clean: zero gradient (finite differences agree).
  assertGradOk((c: Tensor) => sum(p.logProb!(tensor([[0.1, 0.2]]), c)), tensor([[0, 0]]));
  assert.throws(
    () => boundedUniform({ radius: [0.1, 0] }).logProb!(clean, clean),
    /radius\[1\] is 0, so the noise has no density/,
  );
  assert.throws(() => boundedUniform({ radius: -1 }), { message: "bounded-uniform: radius must be >= 0, got -1" });
});

test("registry builds the same models as the factories", () => {
  const clean = cleanBatch(10, 2);
  const a = makePerturbation("salt-and-pepper", { rate: 0.5, low: 0, high: 1 }).apply(key(3), clean);
  const b = saltAndPepper({ rate: 0.5, low: 0, high: 1 }).apply(key(3), clean);
  assert.deepEqual(Array.from(a.data), Array.from(b.data));
});
