import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "../helpers/assert.js";
import { PolicyPosteriorSampler } from "../../src/policy/sampler.js";
import { empiricalStatePrior } from "../../src/policy/state-prior.js";
import { key, normal, split } from "../../src/random/index.js";
import { Tensor } from "../../src/tensor/tensor.js";
import {
  cholesky,
  modelLogLik,
  phi,
  rowsByName,
  schurConditional,
  simpsonGrid,
  softmaxData,
  softmaxProbs,
  weightTensor,
} from "./helpers.js";

const NOISE = 0.4;

/** Exact-to-grid-error ∫ f(x) N(x; m, Σ) dx in 2-D: x = m + L z, Simpson over z ∈ [−8, 8]². */
function integrate2d(m: ArrayLike<number>, l: Float64Array, f: (x: Float64Array) => number): number {
  const { x: z, w } = simpsonGrid(-8, 8, 161);
  const wz = Float64Array.from(z, (v, i) => w[i]! * phi(v));
  const x = new Float64Array(2);
  let total = 0;
  for (let i = 0; i < z.length; i++)
    for (let j = 0; j < z.length; j++) {
      x[0] = m[0]! + l[0]! * z[i]!;
      x[1] = m[1]! + l[2]! * z[i]! + l[3]! * z[j]!;
      total += wz[i]! * wz[j]! * f(x);
    }
  return total;
}

/** The same for a vector-valued integrand (every action's probability in one pass). */
function integrate2dVec(m: ArrayLike<number>, l: Float64Array, f: (x: Float64Array) => number[], points = 161) {
  const { x: z, w } = simpsonGrid(-8, 8, points);
  const wz = Float64Array.from(z, (v, i) => w[i]! * phi(v));
  const x = new Float64Array(2);
  const total: number[] = [];
  for (let i = 0; i < z.length; i++)
    for (let j = 0; j < z.length; j++) {
      x[0] = m[0]! + l[0]! * z[i]!;
      x[1] = m[1]! + l[2]! * z[i]! + l[3]! * z[j]!;
      f(x).forEach((v, a) => (total[a] = (total[a] ?? 0) + wz[i]! * wz[j]! * v));
    }
  return total;
}

/**
 * Σᵢ log ∫ π(aᵢ | x) N(x; mᵢ, Σ) dx with x | oᵢ from the Schur complement (written in the test)
 * under the empirical state prior; π given as a function of the clean state.
 */
function bruteForceLogLik(obs: number[][], noiseVar: number, lik: (x: Float64Array, i: number) => number): number {
  const n = obs.length;
  const flat = Float64Array.from(obs.flat());
  const prior = empiricalStatePrior(flat, n, 2, new Float64Array([noiseVar, noiseVar]));
  let total = 0;
  for (let i = 0; i < n; i++) {
    const { mean, cov } = schurConditional(prior.mean, prior.covariance, [noiseVar, noiseVar], obs[i]!, 2);
    total += Math.log(integrate2d(mean, cholesky(cov, 2), (x) => lik(x, i)));
  }
  return total;
}

const W2 = [[1.2], [-0.8], [0.3]];
const W3 = [
  [1.0, -0.5],
  [0.4, 0.9],
  [0.2, -0.3],
];

for (const [k, w] of [
  [2, W2],
  [3, W3],
] as const) {
  test(`quadrature log-likelihood at fixed weights = brute-force 2-D integral (K = ${k}, N = 40)`, () => {
    const data = softmaxData(key(20 + k), 40, w, NOISE);
    const config = {
      family: "linear-softmax" as const,
      numActions: k,
      observationNoiseStd: NOISE,
      marginalization: "quadrature" as const,
    };
    const { logLik, mode } = modelLogLik(config, data.obs, data.actions, { weights: weightTensor(w) });
    assert.equal(mode, "quadrature");
    const ref = bruteForceLogLik(data.obs, NOISE * NOISE, (x, i) => softmaxProbs(x, w)[data.actions[i]!]!);
    // Measured |difference| on the sum of 40 rows: 6e-11 (K = 2, 16 nodes) and 1.9e-8 (K = 3, the
    // 6×6 rule at logit sd ≈ 0.3–0.4).
    assertClose(logLik, ref, { atol: k === 2 ? 1e-9 : 2e-7, what: `K=${k}` });
  });
}

test("quadrature with standardised features (center, scale) = brute force on (x − center)/scale", () => {
  const data = softmaxData(key(31), 40, W2, NOISE);
  const center = [0.5, -0.2];
  const scale = [2, 0.5];
  const config = {
    family: "linear-softmax" as const,
    numActions: 2,
    observationNoiseStd: NOISE,
    marginalization: "quadrature" as const,
    features: { name: "affine", params: { center, scale } },
  };
  const { logLik } = modelLogLik(config, data.obs, data.actions, { weights: weightTensor(W2) });
  const ref = bruteForceLogLik(data.obs, NOISE * NOISE, (x, i) => {
    const u = Float64Array.from(x, (v, j) => (v - center[j]!) / scale[j]!);
    return softmaxProbs(u, W2)[data.actions[i]!]!;
  });
  assertClose(logLik, ref, { atol: 1e-9 });
});

test("monte-carlo log-likelihood converges to the quadrature one as numMarginalSamples grows", () => {
  const data = softmaxData(key(23), 40, W3, NOISE);
  const base = { family: "linear-softmax" as const, numActions: 3, observationNoiseStd: NOISE };
  const weights = { weights: weightTensor(W3) };
  const exact = modelLogLik({ ...base, marginalization: "quadrature" }, data.obs, data.actions, weights).logLik;
  const errors = [4, 64, 4096].map((s) => {
    // Average |error| over 3 independent sets of draws (seeds) so one lucky draw cannot decide.
    let e = 0;
    for (const seed of [1, 2, 3]) {
      const mc = modelLogLik(
        { ...base, marginalization: "monte-carlo", numMarginalSamples: s },
        data.obs,
        data.actions,
        weights,
        seed,
      );
      assert.equal(mc.mode, "monte-carlo");
      e += Math.abs(mc.logLik - exact) / 3;
    }
    return e;
  });
  // The error of a sum of N simulated log-likelihoods is O(√(N/S)) noise plus O(N/S) bias.
  assert.ok(errors[0]! > errors[1]! && errors[1]! > errors[2]!, `errors ${errors}`);
  assert.ok(errors[2]! < 0.05, `S = 4096: |error| ${errors[2]}`);
});

test("linear-gaussian: closed-form marginal likelihood = brute-force 2-D integral (action dim 2)", () => {
  const n = 30;
  const w = [
    [0.8, -0.4],
    [-0.5, 0.6],
    [0.1, 0.2],
  ];
  const actionScale = [0.3, 0.5];
  const [kx, ke, ka] = split(key(40), 3);
  const x = normal(kx!, [n, 2]).data;
  const e = normal(ke!, [n, 2]).data;
  const za = normal(ka!, [n, 2]).data;
  const obs: number[][] = [];
  const actions: number[][] = [];
  const meanOf = (xi: ArrayLike<number>, q: number) => w[2]![q]! + xi[0]! * w[0]![q]! + xi[1]! * w[1]![q]!;
  for (let i = 0; i < n; i++) {
    const xi = x.subarray(2 * i, 2 * i + 2);
    obs.push([xi[0]! + NOISE * e[2 * i]!, xi[1]! + NOISE * e[2 * i + 1]!]);
    actions.push([0, 1].map((q) => meanOf(xi, q) + actionScale[q]! * za[2 * i + q]!));
  }
  const config = {
    family: "linear-gaussian" as const,
    actionDim: 2,
    observationNoiseStd: NOISE,
    marginalization: "quadrature" as const,
  };
  const { logLik, mode } = modelLogLik(config, obs, actions, {
    weights: weightTensor(w),
    action_scale: new Tensor(Float64Array.from(actionScale), [2]),
  });
  assert.equal(mode, "quadrature");
  const ref = bruteForceLogLik(obs, NOISE * NOISE, (xi, i) => {
    let p = 1;
    for (const q of [0, 1]) p *= phi((actions[i]![q]! - meanOf(xi, q)) / actionScale[q]!) / actionScale[q]!;
    return p;
  });
  // Measured |difference| 2e-9 (the brute-force grid's own error and the 1e-10 jitter).
  assertClose(logLik, ref, { atol: 1e-8, rtol: 1e-10 });
});

test("NUTS posteriors in joint (latent states, exact) and quadrature modes agree within MCSE (K = 2, N = 40)", async () => {
  const data = softmaxData(key(50), 40, [[1.5], [-1.0], [0.3]], 0.5);
  const run = async (marginalization: "joint" | "quadrature") => {
    const sampler = new PolicyPosteriorSampler({
      family: "linear-softmax",
      numActions: 2,
      observationNoiseStd: 0.5,
      marginalization,
      numChains: 2,
      numWarmup: 300,
      parallelChains: false,
      seed: 7,
    });
    const post = await sampler.samplePosterior(data.obs, data.actions, 400);
    assert.equal(post.stateModel.mode, marginalization);
    assert.equal(post.diagnostics.divergences, 0, `${marginalization}: divergences`);
    assert.ok(post.diagnostics.maxRhat < 1.02, `${marginalization}: R-hat ${post.diagnostics.maxRhat}`);
    // The clean states are nuisance dimensions: not returned.
    assert.deepEqual(Object.keys(post.samples), ["weights"]);
    return rowsByName(post.summary.rows);
  };
  const joint = await run("joint");
  const quad = await run("quadrature");
  for (const name of ["weights[0,0]", "weights[1,0]", "weights[2,0]"]) {
    const a = joint.get(name)!;
    const b = quad.get(name)!;
    const seMean = Math.hypot(a.mcseMean, b.mcseMean);
    const seSd = Math.hypot(a.mcseSd, b.mcseSd);
    // Measured: |Δmean| = 0.003, 0.026, 0.036 against 4·MCSE = 0.11, 0.09, 0.09 (posterior sd ≈ 0.4–0.5).
    assert.ok(Math.abs(a.mean - b.mean) < 4 * seMean, `${name}: mean ${a.mean} vs ${b.mean} (4·MCSE ${4 * seMean})`);
    assert.ok(Math.abs(a.sd - b.sd) < 4 * seSd, `${name}: sd ${a.sd} vs ${b.sd} (4·MCSE ${4 * seSd})`);
  }
});

test("predict (quadrature) = posterior-draw average of the brute-force integral ∫ π(a | x, W) N(x; m(o), Σ) dx", async () => {
  const data = softmaxData(key(90), 40, W3, NOISE);
  const sampler = new PolicyPosteriorSampler({
    family: "linear-softmax",
    numActions: 3,
    observationNoiseStd: NOISE,
    engine: "svi",
    sviSteps: 200,
    numVariationalSamples: 50,
    seed: 1,
  });
  const post = await sampler.samplePosterior(data.obs, data.actions, 50);
  const newObs = [
    [0.3, -0.2],
    [-1.5, 1.1],
    [2.0, 0.4],
  ];
  const probs = sampler.predict(newObs, { posterior: post, maxDraws: 50 }) as Float64Array;
  assert.equal(probs.length, 3 * 3);
  const prior = empiricalStatePrior(
    Float64Array.from(data.obs.flat()),
    40,
    2,
    new Float64Array([NOISE ** 2, NOISE ** 2]),
  );
  const w = post.samples["weights"]!.data; // [1, 50, 3, 2]
  newObs.forEach((o, i) => {
    const { mean, cov } = schurConditional(prior.mean, prior.covariance, [NOISE ** 2, NOISE ** 2], o, 2);
    const l = cholesky(cov, 2);
    const ref = [0, 0, 0];
    for (let t = 0; t < 50; t++) {
      const wt = [0, 1, 2].map((f) => [w[t * 6 + f * 2]!, w[t * 6 + f * 2 + 1]!]);
      integrate2dVec(mean, l, (x) => softmaxProbs(x, wt), 101).forEach((v, a) => (ref[a] += v / 50));
    }
    assertClose(probs.subarray(3 * i, 3 * i + 3), ref, { atol: 1e-6, what: `row ${i}` });
  });
});

test("hierarchical quadrature (discrete K = 3 and continuous): each row integrates its own group's weights", () => {
  const n = 30;
  const g = 3;
  const groups = Array.from({ length: n }, (_, i) => i % g);
  const [kl, ks, kr] = split(key(95), 3);
  // weights[g] = loc + scale · raw[g] (non-centred), F = 3 features, C = 2 outputs.
  const loc = normal(kl!, [3, 2]).data;
  const sc = Float64Array.from(normal(ks!, [3, 2]).data, (v) => 0.3 + 0.2 * Math.abs(v));
  const raw = normal(kr!, [g, 3, 2]).data;
  const groupW = Array.from({ length: g }, (_, h) =>
    [0, 1, 2].map((f) => [0, 1].map((c) => loc[f * 2 + c]! + sc[f * 2 + c]! * raw[(h * 3 + f) * 2 + c]!)),
  );
  const params = {
    weights_loc: new Tensor(loc, [3, 2]),
    weights_scale: new Tensor(sc, [3, 2]),
    weights_raw: new Tensor(raw, [g, 3, 2]),
  };
  const data = softmaxData(key(96), n, W3, NOISE);
  const discrete = modelLogLik(
    { family: "linear-softmax", numActions: 3, observationNoiseStd: NOISE, hierarchy: "episode" },
    data.obs,
    data.actions,
    params,
    0,
    groups,
  );
  assert.equal(discrete.mode, "quadrature");
  const refD = bruteForceLogLik(
    data.obs,
    NOISE ** 2,
    (x, i) => softmaxProbs(x, groupW[groups[i]!]!)[data.actions[i]!]!,
  );
  // Measured |difference| 1.4e-6: the 6×6 rule's error at these groups' logit sds (≈ 0.5–0.8).
  assertClose(discrete.logLik, refD, { atol: 1e-5, what: "discrete" });

  const actionScale = [0.4, 0.7];
  // Actions from each group's Gaussian policy at the clean state (so the integrand's mass lies well
  // inside the brute-force grid).
  const za = normal(key(97), [n, 2]).data;
  const actions = Array.from({ length: n }, (_, i) => {
    const w = groupW[groups[i]!]!;
    const x = data.states.subarray(2 * i, 2 * i + 2);
    return [0, 1].map((q) => w[2]![q]! + x[0]! * w[0]![q]! + x[1]! * w[1]![q]! + actionScale[q]! * za[2 * i + q]!);
  });
  const continuous = modelLogLik(
    { family: "linear-gaussian", actionDim: 2, observationNoiseStd: NOISE, hierarchy: "agent" },
    data.obs,
    actions,
    { ...params, action_scale: new Tensor(Float64Array.from(actionScale), [2]) },
    0,
    groups,
  );
  const refC = bruteForceLogLik(data.obs, NOISE ** 2, (x, i) => {
    const w = groupW[groups[i]!]!;
    let p = 1;
    for (const q of [0, 1]) {
      const mean = w[2]![q]! + x[0]! * w[0]![q]! + x[1]! * w[1]![q]!;
      p *= phi((actions[i]![q]! - mean) / actionScale[q]!) / actionScale[q]!;
    }
    return p;
  });
  assertClose(continuous.logLik, refC, { atol: 1e-7, what: "continuous" });
});
