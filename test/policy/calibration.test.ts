import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "../helpers/assert.js";
import { ksTest } from "../helpers/ks.js";
import { continuousCalibration, discreteCalibration } from "../../src/policy/calibration.js";
import type { GaussianMixturePredictive } from "../../src/policy/predictive.js";
import { key, normal, split, uniform } from "../../src/random/index.js";
import { phi } from "./helpers.js";

test("discreteCalibration: ECE, Brier, NLL, accuracy and bins computed by hand (4 rows, 3 actions, 5 bins)", () => {
  const probs = new Float64Array([0.7, 0.2, 0.1, 0.35, 0.55, 0.1, 0.25, 0.25, 0.5, 0.1, 0.05, 0.85]);
  const actions = [0, 2, 2, 2];
  const c = discreteCalibration(probs, 3, actions, 5);
  // Top-label confidences 0.7 (hit), 0.55 (miss), 0.5 (hit), 0.85 (hit); bins (lo, hi] of width 0.2:
  // (0.4, 0.6]: {0.55, 0.5}, confidence 0.525, accuracy 0.5; (0.6, 0.8]: {0.7}, 1; (0.8, 1]: {0.85}, 1.
  // ECE = (2·0.025 + 1·0.3 + 1·0.15) / 4 = 0.125. (Confidences sit off the bin edges on purpose:
  // the rows are renormalised, and 0.6 / (0.3 + 0.6 + 0.1) is one ulp above 0.6.)
  assertClose(c.ece, 0.125, { atol: 1e-14 });
  // Brier: (0.09 + 0.04 + 0.01) + (0.1225 + 0.3025 + 0.81) + (0.0625 + 0.0625 + 0.25) + (0.01 + 0.0025 + 0.0225), / 4.
  assertClose(c.brier, 1.785 / 4, { atol: 1e-14 });
  assertClose(c.nll, -(Math.log(0.7) + Math.log(0.1) + Math.log(0.5) + Math.log(0.85)) / 4, { atol: 1e-14 });
  assert.equal(c.accuracy, 0.75);
  assert.equal(c.n, 4);
  assert.deepEqual(
    c.reliability.map((b) => b.count),
    [0, 0, 2, 1, 1],
  );
  assertClose(c.reliability[2]!.confidence!, 0.525, { atol: 1e-15 });
  assertClose(c.reliability[2]!.accuracy!, 0.5, { atol: 1e-15 });
  assert.throws(() => discreteCalibration(probs, 3, [0, 1, 2]), /calibration: 4 probability rows for 3 actions/);
});

test("discreteCalibration renormalises rows off by cubature round-off", () => {
  const exact = discreteCalibration(new Float64Array([0.8, 0.2, 0.4, 0.6]), 2, [0, 1]);
  const off = discreteCalibration(new Float64Array([0.8 * (1 + 1e-9), 0.2 * (1 + 1e-9), 0.4, 0.6]), 2, [0, 1]);
  assertClose(off.brier, exact.brier, { atol: 1e-14 });
  assertClose(off.nll, exact.nll, { atol: 1e-14 });
});

/** A random 3-component mixture per row and action dimension, and one draw from each. */
function mixtureAndDraws(n: number, a: number): { pred: GaussianMixturePredictive; actions: Float64Array } {
  const j = 3;
  const [km, ks, kw, ku, kz] = split(key(77), 5);
  const means = normal(km!, [n * j * a]).data.map((v) => 2 * v);
  const sds = uniform(ks!, [n * j * a], 0.2, 1.5).data;
  const wRaw = uniform(kw!, [n, j], 0.1, 1).data;
  const logWeights = new Float64Array(n * j);
  for (let i = 0; i < n; i++) {
    const z = wRaw[i * j]! + wRaw[i * j + 1]! + wRaw[i * j + 2]!;
    for (let c = 0; c < j; c++) logWeights[i * j + c] = Math.log(wRaw[i * j + c]! / z);
  }
  // The predictive's components are shared across action dimensions (posterior draws): pick one
  // component per row, then draw every dimension from it.
  const u = uniform(ku!, [n]).data;
  const z = normal(kz!, [n, a]).data;
  const actions = new Float64Array(n * a);
  for (let i = 0; i < n; i++) {
    let c = 0;
    let cum = Math.exp(logWeights[i * j]!);
    while (u[i]! > cum && c < j - 1) cum += Math.exp(logWeights[i * j + ++c]!);
    for (let q = 0; q < a; q++)
      actions[i * a + q] = means[(i * j + c) * a + q]! + sds[(i * j + c) * a + q]! * z[i * a + q]!;
  }
  return { pred: { n, numComponents: j, actionDim: a, means, sds, logWeights }, actions };
}

test("continuousCalibration: for the data-generating mixture, coverage ≈ nominal (3 binomial s.e.) and PIT ~ U(0, 1) (KS)", () => {
  const n = 2000;
  const a = 2;
  const { pred, actions } = mixtureAndDraws(n, a);
  const c = continuousCalibration(pred, actions);
  const m = n * a;
  for (const level of [0.5, 0.8, 0.95]) {
    const se = Math.sqrt((level * (1 - level)) / m);
    const got = c.coverage[String(level)]!;
    assert.ok(Math.abs(got - level) < 3 * se, `coverage at ${level}: ${got} (3 s.e. ${3 * se})`);
  }
  // Each dimension's PIT is uniform (the marginals of the mixture are what each dimension is drawn from).
  for (let q = 0; q < a; q++) {
    const u = Float64Array.from({ length: n }, (_, i) => c.pit[i * a + q]!);
    const { pValue } = ksTest(u, (x) => Math.min(1, Math.max(0, x)));
    assert.ok(pValue > 0.01, `PIT dimension ${q}: KS p = ${pValue}`);
  }
  // NLL = −mean over rows of Σ_q log Σ_c w_c N(a_q; μ_cq, σ_cq) (per-dimension marginals), by hand.
  let nll = 0;
  for (let i = 0; i < n; i++)
    for (let q = 0; q < a; q++) {
      let p = 0;
      for (let k = 0; k < 3; k++) {
        const sd = pred.sds[(i * 3 + k) * a + q]!;
        p +=
          (Math.exp(pred.logWeights[i * 3 + k]!) * phi((actions[i * a + q]! - pred.means[(i * 3 + k) * a + q]!) / sd)) /
          sd;
      }
      nll -= Math.log(p);
    }
  assertClose(c.nll, nll / n, { rtol: 1e-12, atol: 1e-12 });
});

test("continuousCalibration: an overconfident predictive (sds halved) under-covers by far more than 3 s.e.", () => {
  const n = 1000;
  const { pred, actions } = mixtureAndDraws(n, 1);
  const narrow = { ...pred, sds: pred.sds.map((s) => s / 2) };
  const c = continuousCalibration(narrow, actions);
  assert.ok(c.coverage["0.8"]! < 0.7, `coverage ${c.coverage["0.8"]}`);
  assert.throws(
    () => continuousCalibration(pred, new Float64Array(3)),
    /calibration: 3 action rows for 1000 predictions/,
  );
});
