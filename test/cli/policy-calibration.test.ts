import { test } from "node:test";
import assert from "node:assert/strict";
import { mixtureCrps, pitCalibrationError } from "../../src/cli/commands/calibrate.js";
import { ndtr } from "../../src/tensor/special.js";
import { assertClose } from "../helpers/assert.js";

const phi = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

function mixture(rows: { w: number[]; mu: number[]; sd: number[] }[]) {
  const J = rows[0]!.w.length;
  return {
    n: rows.length,
    numComponents: J,
    actionDim: 1,
    means: Float64Array.from(rows.flatMap((r) => r.mu)),
    sds: Float64Array.from(rows.flatMap((r) => r.sd)),
    logWeights: Float64Array.from(rows.flatMap((r) => r.w.map(Math.log))),
  };
}

test("CRPS of one Gaussian equals the closed form of Gneiting & Raftery (2007)", () => {
  for (const [mu, sd, y] of [
    [0, 1, 0],
    [1.5, 0.5, -0.3],
    [-2, 3, 4],
  ] as const) {
    const z = (y - mu) / sd;
    const expected = sd * (z * (2 * ndtr(z) - 1) + 2 * phi(z) - 1 / Math.sqrt(Math.PI));
    assertClose(mixtureCrps(mixture([{ w: [1], mu: [mu], sd: [sd] }]), [y]), expected, { rtol: 1e-12, atol: 1e-15 });
  }
});

test("CRPS of a Gaussian mixture equals ∫ (F(x) − 1{x ≥ y})² dx by quadrature; rows are averaged", () => {
  const rows = [
    { w: [0.3, 0.7], mu: [-1, 2], sd: [0.5, 1.2] },
    { w: [0.5, 0.5], mu: [0, 0.1], sd: [1, 0.2] },
  ];
  const ys = [0.4, -2];
  const expected = rows.map((r, i) => {
    const F = (x: number) => r.w.reduce((s, w, j) => s + w * ndtr((x - r.mu[j]!) / r.sd[j]!), 0);
    // Simpson's rule on [-20, 20] with the kink at y as a node.
    const integrate = (a: number, b: number, m: number, f: (x: number) => number) => {
      const h = (b - a) / m;
      let s = f(a) + f(b);
      for (let k = 1; k < m; k++) s += (k % 2 ? 4 : 2) * f(a + k * h);
      return (s * h) / 3;
    };
    return integrate(-20, ys[i]!, 20000, (x) => F(x) ** 2) + integrate(ys[i]!, 20, 20000, (x) => (F(x) - 1) ** 2);
  });
  assertClose(mixtureCrps(mixture(rows), ys), (expected[0]! + expected[1]!) / 2, { rtol: 1e-9 });
  assert.throws(() => mixtureCrps(mixture(rows), [1, 2, 3]), /3 action rows for 2 predictions/);
});

test("PIT calibration error: 1/(2n) for evenly spread PIT values, 1/4 when every PIT is 1/2", () => {
  const n = 10;
  const even = Array.from({ length: n }, (_, i) => (i + 0.5) / n);
  assertClose(pitCalibrationError(even, n), 1 / (2 * n), { rtol: 1e-12 });
  // levels 1/8, 3/8, 5/8, 7/8: frequencies 0, 0, 1, 1 → (1/8 + 3/8 + 3/8 + 1/8) / 4
  assertClose(pitCalibrationError([0.5, 0.5, 0.5], 4), 0.25, { rtol: 1e-12 });
  // all PIT values at 0 (every action below its predictive): mean of 1 − p_j = 1/2
  assertClose(pitCalibrationError([0, 0], 5), 0.5, { rtol: 1e-12 });
});
