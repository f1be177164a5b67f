/**
 * fitConditionalDensity against known conditionals: a heteroscedastic 1-D regression
 * y | x ~ N(sin x, (0.1 + 0.2|x|)²) and a 2-D y whose correlation depends on x; the fitted
 * conditional means, standard deviations and correlations (from draws) are compared with the
 * closed forms, and the held-out log-likelihood with the true density's. Saving through
 * safetensors and loading back gives the same log-densities bit for bit.
 *
 * Tolerances: the flows' own heteroscedastic test (test/nn/flows/fit.test.ts) reaches mean
 * errors below 0.1 and sd errors below 15% with this data size and budget; draws add a
 * sampling error of about sd/√4000 (under 0.013) to the mean and 1.1% to the sd.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ConditionalDensityEstimator,
  type Key,
  Tensor,
  cosineDecay,
  fitConditionalDensity,
  key,
  loadSafetensors,
  random,
  saveSafetensors,
  split,
  tensor,
} from "../../src/index.js";

const sdOf = (x: number) => 0.1 + 0.2 * Math.abs(x);

function heteroscedastic(k: Key, n: number): { x: Tensor; y: Tensor } {
  const [kx, ke] = split(k, 2);
  const x = random.uniform(kx!, [n], -3, 3);
  const e = random.normal(ke!, [n]).data;
  return {
    x,
    y: new Tensor(
      x.data.map((v, i) => Math.sin(v) + sdOf(v) * e[i]!),
      [n],
    ),
  };
}

function moments(v: Float64Array, stride: number, offset: number): { mean: number; sd: number } {
  const n = v.length / stride;
  let m = 0;
  for (let i = 0; i < n; i++) m += v[i * stride + offset]! / n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (v[i * stride + offset]! - m) ** 2 / (n - 1);
  return { mean: m, sd: Math.sqrt(s) };
}

const EPOCHS = 30;
const BATCH = 128;
const N = 4000;
const schedule = () => cosineDecay({ initialValue: 5e-3, decaySteps: EPOCHS * Math.ceil(N / BATCH), alpha: 0.05 });

test("fitConditionalDensity (conditional MAF) recovers y | x ~ N(sin x, (0.1 + 0.2|x|)²); safetensors round trip", () => {
  const train = heteroscedastic(key(1), N);
  const heldOut = heteroscedastic(key(2), 1000);
  const fitted = fitConditionalDensity({
    x: train.x,
    y: train.y,
    key: key(3),
    flow: "maf",
    layers: 2,
    hidden: [32, 32],
    epochs: EPOCHS,
    batchSize: BATCH,
    learningRate: schedule(),
    validation: heldOut,
  });
  assert.equal(fitted.history.length, EPOCHS);
  assert.ok(fitted.history.every((h) => Number.isFinite(h.validationLogLikelihood)));

  // x = 0 is left out: the sd's kink there is smoothed by any smooth network
  for (const [i, c] of [-2, -1, -0.5, 0.5, 1, 2.5].entries()) {
    const draws = fitted.sample(key(10 + i), tensor([c]), 4000);
    assert.deepEqual(draws.shape, [4000, 1]);
    const { mean, sd } = moments(draws.data, 1, 0);
    assert.ok(Math.abs(mean - Math.sin(c)) < 0.1, `x = ${c}: mean ${mean}, true ${Math.sin(c)}`);
    assert.ok(Math.abs(sd / sdOf(c) - 1) < 0.15, `x = ${c}: sd ${sd}, true ${sdOf(c)}`);
  }

  // held-out log-likelihood close to the true conditional density's (their gap estimates E KL)
  const xs = heldOut.x.data;
  const ys = heldOut.y.data;
  let truth = 0;
  for (let i = 0; i < xs.length; i++) {
    const s = sdOf(xs[i]!);
    truth += -0.5 * ((ys[i]! - Math.sin(xs[i]!)) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);
  }
  truth /= xs.length;
  const lp = fitted.logProb(new Tensor(ys, [ys.length, 1]), new Tensor(xs, [xs.length, 1])).data;
  const model = lp.reduce((a, v) => a + v, 0) / lp.length;
  assert.ok(truth - model < 0.1, `held-out mean log-likelihood: fitted ${model}, true density ${truth}`);

  // save and load: the same log-densities, bit for bit
  const bytes = saveSafetensors(fitted.params, { config: JSON.stringify(fitted.config) });
  const loaded = loadSafetensors(bytes);
  const again = ConditionalDensityEstimator.fromNamedTensors(JSON.parse(loaded.metadata.config!), loaded.tensors);
  const lp2 = again.logProb(new Tensor(ys, [ys.length, 1]), new Tensor(xs, [xs.length, 1])).data;
  assert.deepEqual(Array.from(lp2), Array.from(lp));
});

test("fitConditionalDensity (conditional MAF) recovers a 2-D y whose correlation depends on x", () => {
  // y | x ~ N(0, 0.5² [[1, ρ(x)], [ρ(x), 1]]), ρ(x) = 0.45·x, x ~ U(−2, 2)
  const n = N;
  const [kx, ke] = split(key(20), 2);
  const x = random.uniform(kx!, [n], -2, 2);
  const e = random.normal(ke!, [n, 2]).data;
  const y = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const r = 0.45 * x.data[i]!;
    y[2 * i] = 0.5 * e[2 * i]!;
    y[2 * i + 1] = 0.5 * (r * e[2 * i]! + Math.sqrt(1 - r * r) * e[2 * i + 1]!);
  }
  const fitted = fitConditionalDensity({
    x,
    y: new Tensor(y, [n, 2]),
    key: key(21),
    layers: 2,
    hidden: [32, 32],
    epochs: EPOCHS,
    batchSize: BATCH,
    learningRate: schedule(),
  });
  for (const [i, c] of [-1.5, 0, 1.5].entries()) {
    const d = fitted.sample(key(30 + i), tensor([c]), 4000).data;
    const a = moments(d, 2, 0);
    const b = moments(d, 2, 1);
    let cov = 0;
    for (let j = 0; j < 4000; j++) cov += ((d[2 * j]! - a.mean) * (d[2 * j + 1]! - b.mean)) / 3999;
    const rho = cov / (a.sd * b.sd);
    assert.ok(Math.abs(rho - 0.45 * c) < 0.1, `x = ${c}: correlation ${rho}, true ${0.45 * c}`);
    for (const m of [a, b]) assert.ok(Math.abs(m.sd / 0.5 - 1) < 0.15, `x = ${c}: sd ${m.sd}, true 0.5`);
  }
});

test("fitConditionalDensity: bad inputs are named", () => {
  const x = tensor([0, 1, 2]);
  assert.throws(
    () => fitConditionalDensity({ x, y: tensor([1, 2]), key: key(0), epochs: 1 }),
    /x \[3\] and y \[2\] must have the same number of examples/,
  );
  assert.throws(
    () => fitConditionalDensity({ x, y: tensor([1, 1, 1]), key: key(0), epochs: 1 }),
    /column 0 of y has standard deviation 0/,
  );
  assert.throws(
    () => fitConditionalDensity({ x, y: tensor([1, 2, 3]), key: key(0), epochs: 1, flow: "iaf" as "maf" }),
    /flow must be "maf" or "realNVP", got "iaf"/,
  );
});

test("fitConditionalDensity (conditional coupling): shapes of log-densities and draws for a batch of inputs", () => {
  const { x, y } = heteroscedastic(key(40), 300);
  const fitted = fitConditionalDensity({ x, y, key: key(41), flow: "realNVP", layers: 2, hidden: [8], epochs: 2 });
  assert.equal(fitted.config.flow, "realNVP");
  const xs = tensor([[-1], [0], [2]]);
  assert.deepEqual(fitted.sample(key(42), xs, 5).shape, [5, 3, 1]);
  const lp = fitted.logProb(tensor([[0.1], [0.2], [0.3]]), xs);
  assert.deepEqual(lp.shape, [3]);
  assert.ok(Array.from(lp.data).every(Number.isFinite));
});
