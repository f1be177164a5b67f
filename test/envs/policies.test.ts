import { test } from "node:test";
import assert from "node:assert/strict";
import {
  LinearGaussianPolicy,
  LinearSoftmaxPolicy,
  affineFeatures,
  categoricalKL,
  diagonalGaussianKL,
  featureMapFromJSON,
  pendulumFeatures,
} from "../../src/envs/policies/index.js";
import { sum } from "../../src/autodiff/index.js";
import { fold, key, normal, uniform } from "../../src/random/index.js";
import { Tensor, tensor } from "../../src/tensor/tensor.js";
import { assertClose, assertGradOk } from "../helpers/assert.js";

const obs2 = tensor([
  [0.5, -1],
  [2, 0.25],
  [-1.5, 3],
]);

/** A 3-action policy on affine features of 2-d observations, weights [3, 2]. */
function softmax3(): LinearSoftmaxPolicy {
  return new LinearSoftmaxPolicy({
    featureMap: affineFeatures(2),
    numActions: 3,
    weights: [0.3, -0.2, -0.5, 0.4, 0.1, 0.7],
  });
}

/** Hand computation: z_a = Σ_f φ_f W[f, a], z_K = 0, p = exp z / Σ exp z. */
function handProbabilities(w: number[], s: number[]): number[] {
  const phi = [s[0]!, s[1]!, 1];
  const z0 = phi[0]! * w[0]! + phi[1]! * w[2]! + phi[2]! * w[4]!;
  const z1 = phi[0]! * w[1]! + phi[1]! * w[3]! + phi[2]! * w[5]!;
  const e = [Math.exp(z0), Math.exp(z1), 1];
  const zsum = e[0]! + e[1]! + e[2]!;
  return e.map((x) => x / zsum);
}

test("affine features: [ (s − c) / scale, 1 ], batch and row paths agree, JSON round trip", () => {
  const fm = affineFeatures(2, { center: [1, -1], scale: [2, 0.5] });
  const f = fm.apply(obs2);
  assert.deepEqual(f.shape, [3, 3]);
  assertClose(f.data, [-0.25, 0, 1, 0.5, 2.5, 1, -1.25, 8, 1]);
  for (let i = 0; i < 3; i++)
    assertClose(fm.applyRow(obs2.data.subarray(2 * i, 2 * i + 2)), f.data.subarray(3 * i, 3 * i + 3));
  const back = featureMapFromJSON(JSON.parse(JSON.stringify(fm.toJSON())));
  assertClose(back.apply(obs2).data, f.data);
  assert.throws(() => affineFeatures(2, { scale: [1, 0] }), /scale\[1\] must be finite and > 0, got 0/);
  assert.throws(() => fm.apply(tensor([[1, 2, 3]])), /\[N, 2\]/);
  assert.throws(() => featureMapFromJSON({ name: "nope", params: {} }), /unknown feature map "nope"/);
});

test("pendulum features: hand-computed energy deficit, row path, gradient vs finite differences", () => {
  const fm = pendulumFeatures();
  const th = 2.0;
  const w = 3.0;
  const o = tensor([[Math.cos(th), Math.sin(th), w]]);
  // H = ½θ̇² + 15 cos θ, H* = 15, e = (H* − H) / H*.
  const e = (15 - (0.5 * w * w + 15 * Math.cos(th))) / 15;
  const expected = [Math.sin(th), w / 8, (Math.cos(th) * w) / 8, (e * w) / 8];
  assertClose(fm.apply(o).data, expected, { atol: 1e-14 });
  assertClose(fm.applyRow(o.data), expected, { atol: 1e-14 });
  assertGradOk((x: Tensor) => sum(fm.apply(x).mul(tensor([1, -2, 0.5, 3]))), o);
});

test("linear softmax: probabilities match the hand computation; last logit is 0", () => {
  const p = softmax3();
  const probs = p.actionProbabilities(obs2);
  const logits = p.logits(obs2);
  for (let i = 0; i < 3; i++) {
    const s = [obs2.get(i, 0), obs2.get(i, 1)];
    const hand = handProbabilities(Array.from(p.weights), s);
    assertClose(probs.data.subarray(3 * i, 3 * i + 3), hand, { atol: 1e-15 });
    assertClose(p.actionProbabilities(Float64Array.from(s)), hand, { atol: 1e-15 });
    assert.equal(logits.get(i, 2), 0);
  }
  // log π(a | s) for given actions.
  const lp = p.logProb(obs2, [2, 0, 1]);
  assertClose(lp.data, [Math.log(probs.get(0, 2)), Math.log(probs.get(1, 0)), Math.log(probs.get(2, 1))], {
    atol: 1e-14,
  });
  assert.throws(() => p.logProb(obs2, [0, 3, 1]), /actions\[1\] must be an integer in \[0, 3\), got 3/);
  assert.throws(() => new LinearSoftmaxPolicy({ featureMap: affineFeatures(2), numActions: 3, weights: [1] }), /6/);
});

test("linear softmax: sampled action frequencies match the probabilities; greedy is the argmax", () => {
  const p = softmax3();
  const s = Float64Array.from([0.5, -1]);
  const probs = p.actionProbabilities(s);
  const n = 20000;
  const counts = [0, 0, 0];
  const k = key(11);
  for (let i = 0; i < n; i++) counts[p.act(fold(k, i), s)]!++;
  for (let a = 0; a < 3; a++) {
    const se = Math.sqrt((probs[a]! * (1 - probs[a]!)) / n);
    assert.ok(Math.abs(counts[a]! / n - probs[a]!) < 4.5 * se, `action ${a}: ${counts[a]! / n} vs ${probs[a]}`);
  }
  const argmax = probs.indexOf(Math.max(...probs));
  assert.equal(p.greedyPolicy().act(k, s), argmax);
  const json = JSON.parse(JSON.stringify(p.greedyPolicy().toJSON()));
  const back = LinearSoftmaxPolicy.fromJSON(json);
  assert.equal(back.greedy, true);
  assertClose(back.actionProbabilities(obs2).data, p.actionProbabilities(obs2).data);
});

test("linear softmax KL: closed form, Monte Carlo, zero on equal inputs, gradients vs finite differences", () => {
  const p = softmax3();
  const pert = tensor([
    [0.7, -0.6],
    [1.5, 0.5],
    [-1.5, 3],
  ]);
  const kl = p.klDivergence(obs2, pert);
  const pc = p.actionProbabilities(obs2);
  const pp = p.actionProbabilities(pert);
  for (let i = 0; i < 3; i++) {
    let hand = 0;
    for (let a = 0; a < 3; a++) hand += pc.get(i, a) * Math.log(pc.get(i, a) / pp.get(i, a));
    assertClose(kl.get(i), hand, { atol: 1e-14 });
  }
  assert.equal(kl.get(2), 0);
  // Monte Carlo: E_{a ~ p}[log p(a) − log q(a)] over 40 000 draws of row 0.
  const s = Float64Array.from([0.5, -1]);
  const q = Float64Array.from([0.7, -0.6]);
  const ps = p.actionProbabilities(s);
  const qs = p.actionProbabilities(q);
  const n = 40000;
  let acc = 0;
  let acc2 = 0;
  for (let i = 0; i < n; i++) {
    const a = p.act(fold(key(5), i), s);
    const v = Math.log(ps[a]! / qs[a]!);
    acc += v;
    acc2 += v * v;
  }
  const m = acc / n;
  const se = Math.sqrt((acc2 / n - m * m) / n);
  assert.ok(Math.abs(m - kl.get(0)) < 4.5 * se, `MC KL ${m} ± ${se} vs ${kl.get(0)}`);
  // Gradients with respect to both observation batches, and to the weights through logProb.
  assertGradOk((x: Tensor) => sum(p.klDivergence(obs2, x)), pert);
  assertGradOk((x: Tensor) => sum(p.klDivergence(x, pert)), obs2);
  assertGradOk((x: Tensor) => sum(p.logits(x).mul(tensor([1, -2, 0.5]))), obs2);
  assertGradOk((w: Tensor) => sum(p.logProb(obs2, [0, 1, 2], w)), p.weightsTensor());
  // categoricalKL is not symmetric: checks argument order against the hand formula above.
  assertClose(categoricalKL(p.logits(obs2), p.logits(pert)).data, kl.data);
});

/** A 2-d action Gaussian policy on affine features of 2-d observations, bounds [−1, 1]². */
function gaussian2(opts: { clip?: boolean } = {}): LinearGaussianPolicy {
  return new LinearGaussianPolicy({
    featureMap: affineFeatures(2),
    actionDim: 2,
    weights: [0.5, -0.3, 0.2, 0.8, -0.1, 0.4],
    logStd: [Math.log(0.5), Math.log(0.2)],
    actionSpace: { low: [-1, -1], high: [1, 1] },
    ...opts,
  });
}

test("linear Gaussian: mean and log-density match the hand computation", () => {
  const p = gaussian2();
  const mu = p.mean(obs2);
  const acts = tensor([
    [0.1, 0.2],
    [-0.5, 1.5],
    [2, -1],
  ]);
  const lp = p.logProb(obs2, acts);
  const sd = [0.5, 0.2];
  for (let i = 0; i < 3; i++) {
    const s = [obs2.get(i, 0), obs2.get(i, 1), 1];
    const hand = [0, 1].map((j) => s[0]! * p.weights[j]! + s[1]! * p.weights[2 + j]! + s[2]! * p.weights[4 + j]!);
    assertClose([mu.get(i, 0), mu.get(i, 1)], hand, { atol: 1e-15 });
    let l = 0;
    for (let j = 0; j < 2; j++) {
      const z = (acts.get(i, j) - hand[j]!) / sd[j]!;
      l += -0.5 * z * z - Math.log(sd[j]!) - 0.5 * Math.log(2 * Math.PI);
    }
    assertClose(lp.get(i), l, { atol: 1e-13 });
  }
  assertGradOk((x: Tensor) => sum(p.logProb(x, acts)), obs2);
  assertGradOk(([w, ls]: [Tensor, Tensor]) => sum(p.logProb(obs2, acts, w, ls)), [
    p.weightsTensor(),
    p.logStdTensor(),
  ] as [Tensor, Tensor]);
});

test("linear Gaussian: act draws N(μ, σ²) (moments) and clips to the bounds; deterministic acts with the mean", () => {
  const p = gaussian2({ clip: false });
  const s = Float64Array.from([0.4, -0.2]);
  const mu = p.meanAction(s);
  const n = 20000;
  const sums = [0, 0];
  const sq = [0, 0];
  for (let i = 0; i < n; i++) {
    const a = p.act(fold(key(3), i), s);
    for (let j = 0; j < 2; j++) {
      sums[j]! += a[j]!;
      sq[j]! += (a[j]! - mu[j]!) ** 2;
    }
  }
  const sd = [0.5, 0.2];
  for (let j = 0; j < 2; j++) {
    assert.ok(Math.abs(sums[j]! / n - mu[j]!) < (4.5 * sd[j]!) / Math.sqrt(n), `mean ${j}`);
    // Var of the sample variance of a normal: 2σ⁴ / n.
    assert.ok(Math.abs(sq[j]! / n - sd[j]! ** 2) < 4.5 * Math.sqrt(2 / n) * sd[j]! ** 2, `variance ${j}`);
  }
  const clipped = gaussian2();
  const far = Float64Array.from([10, 10]); // mean (5 + 2 − 0.1, −3 + 8 + 0.4): both above 1
  for (let i = 0; i < 50; i++) {
    const a = clipped.act(fold(key(4), i), far);
    assert.ok(a.every((x) => x >= -1 && x <= 1));
  }
  assertClose(clipped.deterministicPolicy().act(key(0), s), mu);
  const back = LinearGaussianPolicy.fromJSON(JSON.parse(JSON.stringify(clipped.toJSON())));
  assertClose(back.params, clipped.params);
  assert.equal(back.clip, true);
});

test("Gaussian KL: closed form vs Monte Carlo and vs the hand formula; gradient vs finite differences", () => {
  const p = gaussian2();
  const pert = tensor([
    [0.7, -0.6],
    [1.5, 0.5],
    [-1.5, 3],
  ]);
  const kl = p.klDivergence(obs2, pert);
  const mc = p.mean(obs2);
  const mp = p.mean(pert);
  for (let i = 0; i < 3; i++) {
    const hand = ((mc.get(i, 0) - mp.get(i, 0)) / 0.5) ** 2 / 2 + ((mc.get(i, 1) - mp.get(i, 1)) / 0.2) ** 2 / 2;
    assertClose(kl.get(i), hand, { atol: 1e-13 });
  }
  // General closed form with unequal scales vs Monte Carlo E_p[log p − log q].
  const mu1 = tensor([[0.3, -1]]);
  const mu2 = tensor([[1.1, -0.4]]);
  const ls1 = tensor([Math.log(0.7), Math.log(1.3)]);
  const ls2 = tensor([Math.log(1.2), Math.log(0.9)]);
  const exact = diagonalGaussianKL(mu1, ls1, mu2, ls2).item();
  const n = 40000;
  const z = normal(key(8), [n, 2]).data;
  let acc = 0;
  let acc2 = 0;
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let j = 0; j < 2; j++) {
      const s1 = Math.exp(ls1.data[j]!);
      const s2 = Math.exp(ls2.data[j]!);
      const x = mu1.data[j]! + s1 * z[2 * i + j]!;
      v += -0.5 * ((x - mu1.data[j]!) / s1) ** 2 - Math.log(s1) + 0.5 * ((x - mu2.data[j]!) / s2) ** 2 + Math.log(s2);
    }
    acc += v;
    acc2 += v * v;
  }
  const m = acc / n;
  const se = Math.sqrt((acc2 / n - m * m) / n);
  assert.ok(Math.abs(m - exact) < 4.5 * se, `MC KL ${m} ± ${se} vs ${exact}`);
  assertGradOk((x: Tensor) => sum(p.klDivergence(obs2, x)), pert);
  // Random-direction check of the general form in all four arguments.
  const u = uniform(key(9), [4], -0.5, 0.5).data;
  assertGradOk(([a, b, c, d]: [Tensor, Tensor, Tensor, Tensor]) => diagonalGaussianKL(a, b, c, d).mul(1 + u[0]!), [
    mu1,
    ls1,
    mu2,
    ls2,
  ] as [Tensor, Tensor, Tensor, Tensor]);
});
