import { test } from "node:test";
import assert from "node:assert/strict";
import { key } from "../../src/random/index.js";
import { runChain, adaptationSchedule, type PotentialFn } from "../../src/infer/mcmc/index.js";

// A correlated Gaussian target with closed-form potential and gradient: U(q) = ½ (q−m)ᵀ P (q−m).
function gaussianPotential(mean: number[], cov: number[][]): PotentialFn {
  const d = mean.length;
  const P = invert(cov);
  return (q, grad) => {
    let u = 0;
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += P[i]![j]! * (q[j]! - mean[j]!);
      grad[i] = s;
      u += 0.5 * (q[i]! - mean[i]!) * s;
    }
    return u;
  };
}

function invert(A: number[][]): number[][] {
  const n = A.length;
  const M = A.map((r, i) => [...r, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    const piv = M[c]![c]!;
    for (let j = 0; j < 2 * n; j++) M[c]![j]! /= piv;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]!;
      for (let j = 0; j < 2 * n; j++) M[r]![j]! -= f * M[c]![j]!;
    }
  }
  return M.map((r) => r.slice(n));
}

function moments(draws: Float64Array, n: number, d: number) {
  const mean = new Array<number>(d).fill(0);
  const cov = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let k = 0; k < n; k++) for (let i = 0; i < d; i++) mean[i] += draws[k * d + i]! / n;
  for (let k = 0; k < n; k++)
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++)
        cov[i]![j] += ((draws[k * d + i]! - mean[i]!) * (draws[k * d + j]! - mean[j]!)) / (n - 1);
  return { mean, cov };
}

test("Stan's warmup schedule for 1000 warmup iterations: 75 / 25 doubling / 50", () => {
  const s = adaptationSchedule(1000);
  assert.deepEqual(s.windows, [
    { start: 75, end: 100 },
    { start: 100, end: 150 },
    { start: 150, end: 250 },
    { start: 250, end: 450 },
    { start: 450, end: 950 },
  ]);
  // short warmup shrinks to 15% / 75% / 10%
  assert.deepEqual(adaptationSchedule(100).windows, [{ start: 15, end: 90 }]);
});

for (const denseMass of [false, true]) {
  test(`NUTS (${denseMass ? "dense" : "diagonal"} mass) recovers a correlated Gaussian's mean and covariance`, () => {
    const mean = [1, -2, 0.5];
    const cov = [
      [4, 1.8, 0],
      [1.8, 1, 0.1],
      [0, 0.1, 0.25],
    ];
    const n = 4000;
    const r = runChain(gaussianPotential(mean, cov), new Float64Array([0, 0, 0]), key(42), {
      numWarmup: 1000,
      numSamples: n,
      denseMass,
    });
    const m = moments(r.draws, n, 3);
    // NUTS draws on a Gaussian are close to independent (ESS ≳ n/3 here), so 6 standard errors
    // with ESS = n/3 bounds the mean error for any fixed key.
    for (let i = 0; i < 3; i++) {
      const se = Math.sqrt(cov[i]![i]! / (n / 3));
      assert.ok(Math.abs(m.mean[i]! - mean[i]!) < 6 * se, `mean[${i}] = ${m.mean[i]}, expected ${mean[i]} ± ${6 * se}`);
      for (let j = 0; j < 3; j++) {
        const sd = Math.sqrt(cov[i]![i]! * cov[j]![j]!);
        assert.ok(
          Math.abs(m.cov[i]![j]! - cov[i]![j]!) < 0.12 * sd,
          `cov[${i}][${j}] = ${m.cov[i]![j]}, expected ${cov[i]![j]}`,
        );
      }
    }
    const divergences = r.stats.diverging.reduce((a, b) => a + b, 0);
    assert.equal(divergences, 0);
    const meanAccept = r.stats.acceptProb.reduce((a, b) => a + b, 0) / n;
    assert.ok(meanAccept > 0.7 && meanAccept < 0.95, `mean acceptance ${meanAccept} should be near the 0.8 target`);
    if (denseMass) {
      // the adapted inverse metric estimates the covariance
      const M = r.metric.kind === "dense" ? r.metric.invMass : new Float64Array(0);
      assert.ok(Math.abs(M[0]! - 4) < 1 && Math.abs(M[1]! - 1.8) < 0.6, `dense metric ${Array.from(M)}`);
    }
  });
}

test("HMC with a fixed number of leapfrog steps recovers a Gaussian", () => {
  const mean = [3, -1];
  const cov = [
    [1, 0.5],
    [0.5, 2],
  ];
  const n = 4000;
  const r = runChain(gaussianPotential(mean, cov), new Float64Array([0, 0]), key(7), {
    kernel: "hmc",
    numSteps: 20,
    numWarmup: 500,
    numSamples: n,
  });
  const m = moments(r.draws, n, 2);
  for (let i = 0; i < 2; i++) {
    const se = Math.sqrt(cov[i]![i]! / (n / 10));
    assert.ok(Math.abs(m.mean[i]! - mean[i]!) < 6 * se, `mean[${i}] = ${m.mean[i]}`);
    assert.ok(Math.abs(m.cov[i]![i]! - cov[i]![i]!) < 0.15 * cov[i]![i]!, `var[${i}] = ${m.cov[i]![i]}`);
  }
  assert.ok(r.stats.numSteps.every((s) => s === 20));
});

test("a chain is reproducible bit for bit from its key", () => {
  const pot = gaussianPotential(
    [0, 0],
    [
      [1, 0],
      [0, 1],
    ],
  );
  const a = runChain(pot, new Float64Array([0.1, 0.2]), key(3), { numWarmup: 100, numSamples: 50 });
  const b = runChain(pot, new Float64Array([0.1, 0.2]), key(3), { numWarmup: 100, numSamples: 50 });
  const c = runChain(pot, new Float64Array([0.1, 0.2]), key(4), { numWarmup: 100, numSamples: 50 });
  assert.deepEqual(a.draws, b.draws);
  assert.notDeepEqual(a.draws, c.draws);
});

test("bad initial positions and options give clear errors", () => {
  const pot: PotentialFn = (q, g) => {
    g.fill(0);
    return q[0]! > 0 ? 0 : Infinity;
  };
  assert.throws(
    () => runChain(pot, new Float64Array([-1]), key(0)),
    /potential energy at the initial position is Infinity/,
  );
  assert.throws(
    () => runChain(pot, new Float64Array([1]), key(0), { numSamples: -1 }),
    /numSamples must be an integer/,
  );
  assert.throws(() => runChain(pot, new Float64Array([1]), key(0), { targetAccept: 1.5 }), /targetAccept/);
});
