import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "../helpers/assert.js";
import {
  empiricalStatePrior,
  gaussianStateConditional,
  psdCholesky,
  sampleMoments,
} from "../../src/policy/state-prior.js";
import { key, normal, split } from "../../src/random/index.js";
import { cholesky, schurConditional } from "./helpers.js";

/** L Lᵀ for a row-major lower-triangular L. */
function outer(l: ArrayLike<number>, d: number): Float64Array {
  const a = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      let v = 0;
      for (let k = 0; k < d; k++) v += l[i * d + k]! * l[j * d + k]!;
      a[i * d + j] = v;
    }
  return a;
}

test("gaussianStateConditional equals the Schur-complement conditional of the joint (x, o) Gaussian", () => {
  const d = 3;
  const mean = new Float64Array([0.5, -1, 2]);
  const covariance = new Float64Array([1.2, 0.3, -0.2, 0.3, 0.8, 0.1, -0.2, 0.1, 0.5]);
  const prior = { dim: d, mean, covariance, deconvolution: 1 };
  const noiseVar = new Float64Array([0.09, 0.25, 0.64]);
  const n = 5;
  const obs = normal(key(3), [n, d]).data;
  const cond = gaussianStateConditional(prior, noiseVar, obs, n);
  const cov = outer(cond.scaleTril, d);
  for (let i = 0; i < n; i++) {
    const ref = schurConditional(mean, covariance, noiseVar, obs.subarray(i * d, (i + 1) * d), d);
    assertClose(cond.means.subarray(i * d, (i + 1) * d), ref.mean, { atol: 1e-12, what: `mean row ${i}` });
    assertClose(cov, ref.cov, { atol: 1e-12, what: "covariance" });
  }
  // L is lower triangular.
  for (let a = 0; a < d; a++) for (let b = a + 1; b < d; b++) assert.equal(cond.scaleTril[a * d + b], 0);
});

test("gaussianStateConditional: a dimension without noise is known exactly (variance 0, mean = o)", () => {
  const d = 3;
  const mean = new Float64Array([0.1, 0.2, -0.3]);
  const covariance = new Float64Array([1, 0.4, 0.2, 0.4, 2, -0.5, 0.2, -0.5, 1.5]);
  const prior = { dim: d, mean, covariance, deconvolution: 1 };
  const noiseVar = new Float64Array([0.3, 0, 0.5]);
  const n = 4;
  const obs = normal(key(4), [n, d]).data;
  const cond = gaussianStateConditional(prior, noiseVar, obs, n);
  const cov = outer(cond.scaleTril, d);
  for (let j = 0; j < d; j++) {
    assertClose(cov[1 * d + j]!, 0, { atol: 1e-12, what: `cov[1, ${j}]` });
    assertClose(cov[j * d + 1]!, 0, { atol: 1e-12, what: `cov[${j}, 1]` });
  }
  for (let i = 0; i < n; i++) {
    assertClose(cond.means[i * d + 1]!, obs[i * d + 1]!, { atol: 1e-12, what: `mean row ${i}` });
    const ref = schurConditional(mean, covariance, noiseVar, obs.subarray(i * d, (i + 1) * d), d);
    assertClose(cond.means.subarray(i * d, (i + 1) * d), ref.mean, { atol: 1e-12 });
    assertClose(cov, ref.cov, { atol: 1e-12 });
  }
  // The other dimensions still have positive conditional variance.
  assert.ok(cov[0]! > 0.05 && cov[2 * d + 2]! > 0.05);
});

test("empiricalStatePrior deconvolves: with N = 20000 the prior is N(true mean, true Cov(x)) within 4 s.e.", () => {
  const d = 2;
  const n = 20_000;
  const trueMean = [1, -2];
  const trueCov = [1.0, 0.6, 0.6, 2.0];
  const l = cholesky(trueCov, d);
  const noiseStd = [0.5, 0.8];
  const [kx, ke] = split(key(11));
  const z = normal(kx!, [n, d]).data;
  const e = normal(ke!, [n, d]).data;
  const obs = new Float64Array(n * d);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < d; a++) {
      let x = trueMean[a]!;
      for (let b = 0; b <= a; b++) x += l[a * d + b]! * z[i * d + b]!;
      obs[i * d + a] = x + noiseStd[a]! * e[i * d + a]!;
    }
  const noiseVar = Float64Array.from(noiseStd, (s) => s * s);
  const prior = empiricalStatePrior(obs, n, d, noiseVar);
  assert.equal(prior.deconvolution, 1);
  // Cov(o) = Cov(x) + Σₙ; the standard error of a sample covariance element of o is
  // √((Σ_aa Σ_bb + Σ_ab²) / N) (Wishart); the mean's is √(Σ_aa / N).
  const covO = trueCov.map((v, i) => v + (i % (d + 1) === 0 ? noiseVar[i / (d + 1)]! : 0));
  for (let a = 0; a < d; a++) {
    const se = Math.sqrt(covO[a * d + a]! / n);
    assert.ok(Math.abs(prior.mean[a]! - trueMean[a]!) < 4 * se, `mean[${a}] = ${prior.mean[a]}`);
    for (let b = 0; b < d; b++) {
      const se2 = Math.sqrt((covO[a * d + a]! * covO[b * d + b]! + covO[a * d + b]! ** 2) / n);
      const err = Math.abs(prior.covariance[a * d + b]! - trueCov[a * d + b]!);
      assert.ok(err < 4 * se2, `cov[${a},${b}] = ${prior.covariance[a * d + b]}, true ${trueCov[a * d + b]}`);
    }
  }
  // Without deconvolution the error would be the noise variance itself, far beyond 4 s.e.
  assert.ok(noiseVar[0]! > 10 * Math.sqrt((2 * covO[0]! ** 2) / n));
});

test("empiricalStatePrior lowers λ to the largest tenth keeping every variance ≥ 1% of the observed", () => {
  // Observed variance v per dimension, noise variance 1.5·v: λ·1.5 ≤ 0.99 ⇒ λ ≤ 0.66 ⇒ λ = 0.6.
  const n = 400;
  const d = 2;
  const obs = normal(key(5), [n, d]).data;
  const { covariance } = sampleMoments(obs, n, d);
  const noiseVar = new Float64Array([1.5 * covariance[0]!, 0.1 * covariance[3]!]);
  const prior = empiricalStatePrior(obs, n, d, noiseVar);
  assertClose(prior.deconvolution, 0.6, { atol: 1e-15 });
  assertClose(prior.covariance[0]!, covariance[0]! - 0.6 * noiseVar[0]!, { atol: 1e-12 });
  assertClose(prior.covariance[3]!, covariance[3]! - 0.6 * noiseVar[1]!, { atol: 1e-12 });
  assertClose(prior.covariance[1]!, covariance[1]!, { atol: 1e-15 });
});

test("empiricalStatePrior rejects a constant dimension and too few rows, naming the problem", () => {
  const obs = new Float64Array([1, 0, 2, 0, 3, 0]);
  assert.throws(() => empiricalStatePrior(obs, 3, 2, new Float64Array(2)), /dimension 1 does not vary/);
  assert.throws(() => empiricalStatePrior(obs, 1, 2, new Float64Array(2)), /at least 2 observations/);
});

test("psdCholesky factors singular PSD matrices: L Lᵀ reproduces A, L lower triangular", () => {
  // Rank 2 in 3-D: A = B Bᵀ with B 3×2.
  const b = [1, 2, -1, 0.5, 3, 1];
  const a = new Float64Array(9);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) a[i * 3 + j] = b[i * 2]! * b[j * 2]! + b[i * 2 + 1]! * b[j * 2 + 1]!;
  const l = psdCholesky(a, 3);
  assertClose(outer(l, 3), a, { atol: 1e-12, what: "rank-2" });
  for (let i = 0; i < 3; i++) for (let j = i + 1; j < 3; j++) assert.equal(l[i * 3 + j], 0);
  // A zero row/column (a coordinate known exactly) in the middle.
  const z = new Float64Array([2, 0, 0.5, 0, 0, 0, 0.5, 0, 1]);
  const lz = psdCholesky(z, 3);
  assertClose(outer(lz, 3), z, { atol: 1e-14, what: "zero row" });
  // The zero matrix.
  assertClose(psdCholesky(new Float64Array(4), 2), new Float64Array(4));
  // On an SPD matrix it is the ordinary Cholesky factor.
  const spd = [4, 2, 2, 3];
  assertClose(psdCholesky(Float64Array.from(spd), 2), cholesky(spd, 2), { atol: 1e-15 });
});
