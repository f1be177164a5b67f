/**
 * Predictive against closed-form predictive distributions. Moments are checked to 4 standard
 * errors of the Monte Carlo estimate (iid draws): se(mean) = sd/√n, se(variance) ≈
 * variance·√(2/(n − 1)) for Gaussian draws, se(covariance) ≈ √((σ₁²σ₂² + c²)/n).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ImproperUniform,
  Normal,
  type Tensor,
  condition,
  deterministic,
  key,
  plate,
  random,
  real,
  sample,
  tensor,
} from "../../src/index.js";
import { Predictive } from "../../src/infer/predictive.js";

// θ ~ N(1, 2²), yᵢ ~ N(θ, 0.5²), i = 1..3.
function model({ y }: { y: Tensor }) {
  const theta = sample("theta", Normal(1, 2));
  deterministic("twice", theta.mul(2));
  plate("n", y.size, () => sample("y", Normal(theta, 0.5), { obs: y }));
}
const y = tensor([2.1, 1.4, 2.9]);

function moments(x: Float64Array | number[], stride: number, offset: number) {
  const n = x.length / stride;
  let m = 0;
  for (let i = 0; i < n; i++) m += x[i * stride + offset]! / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (x[i * stride + offset]! - m) ** 2 / (n - 1);
  return { mean: m, variance: v };
}

test("prior predictive: moments of y match N(1, 2² + 0.5²) with covariance 2² between draws", () => {
  const n = 6000;
  const out = new Predictive(model, { numSamples: n }).run(key(1), { y });
  assert.deepEqual(out.y!.shape, [n, 3]);
  assert.deepEqual(out.theta!.shape, [n]);
  assert.deepEqual(Object.keys(out).sort(), ["theta", "twice", "y"]);
  const variance = 4 + 0.25;
  for (let j = 0; j < 3; j++) {
    const m = moments(out.y!.data, 3, j);
    assert.ok(Math.abs(m.mean - 1) < 4 * Math.sqrt(variance / n), `E[y${j}] = ${m.mean}`);
    assert.ok(Math.abs(m.variance - variance) < 4 * variance * Math.sqrt(2 / (n - 1)), `Var[y${j}] = ${m.variance}`);
  }
  let c = 0;
  const m0 = moments(out.y!.data, 3, 0).mean;
  const m1 = moments(out.y!.data, 3, 1).mean;
  for (let i = 0; i < n; i++) c += ((out.y!.data[3 * i]! - m0) * (out.y!.data[3 * i + 1]! - m1)) / (n - 1);
  assert.ok(Math.abs(c - 4) < 4 * Math.sqrt((variance * variance + 16) / n), `Cov[y0, y1] = ${c}`);
  // the observed data were redrawn, not returned
  assert.notDeepEqual(Array.from(out.y!.data.subarray(0, 3)), Array.from(y.data));
  // deterministic sites are recomputed from each draw
  for (let i = 0; i < 10; i++) assert.equal(out.twice!.data[i], 2 * out.theta!.data[i]!);
});

test("posterior predictive from exact posterior draws [chains, draws]: y_new ~ N(μₙ, τₙ² + σ²)", () => {
  const precision = 1 / 4 + 3 / 0.25;
  const muN = (1 / 4 + (2.1 + 1.4 + 2.9) / 0.25) / precision;
  const tauN2 = 1 / precision;
  const [chains, draws] = [2, 3000];
  const theta = random.normal(key(2), [chains, draws]).mul(Math.sqrt(tauN2)).add(muN);
  const out = new Predictive(model, { posteriorSamples: { theta } }).run(key(3), { y });
  assert.deepEqual(out.y!.shape, [chains, draws, 3]);
  assert.deepEqual(Object.keys(out).sort(), ["twice", "y"], "posterior sites are not returned by default");
  const n = chains * draws;
  const variance = tauN2 + 0.25;
  for (let j = 0; j < 3; j++) {
    const m = moments(out.y!.data, 3, j);
    assert.ok(Math.abs(m.mean - muN) < 4 * Math.sqrt(variance / n), `E[y${j}] = ${m.mean} vs ${muN}`);
    assert.ok(
      Math.abs(m.variance - variance) < 4 * variance * Math.sqrt(2 / (n - 1)),
      `Var[y${j}] = ${m.variance} vs ${variance}`,
    );
  }
  // draw (c, d) used posterior draw (c, d): twice = 2θ
  assert.equal(out.twice!.get(1, 17), 2 * theta.get(1, 17));
  // flat [draws] samples give flat output; same key, same draws
  const flat = new Predictive(model, { posteriorSamples: { theta: theta.reshape([n]) } }).run(key(3), { y });
  assert.deepEqual(flat.y!.shape, [n, 3]);
  assert.deepEqual(Array.from(flat.y!.data), Array.from(out.y!.data));
});

test("Predictive: returnSites, keeping observed data, conditioned and unbatched observations", () => {
  const theta = tensor([0.5, 1.5]);
  const kept = new Predictive(model, {
    posteriorSamples: { theta },
    returnSites: ["y", "theta"],
    redrawObserved: false,
  }).run(key(4), { y });
  assert.deepEqual(Array.from(kept.y!.data), [...y.data, ...y.data]);
  assert.deepEqual(Array.from(kept.theta!.data), [0.5, 1.5]);
  // an observation without a plate: Normal(θ, 0.5) has batch shape [], the data [3]; the redraw has the data's shape
  const noPlate = ({ y }: { y: Tensor }) => sample("y", Normal(sample("theta", Normal(0, 1)), 0.5), { obs: y });
  assert.deepEqual(new Predictive(noPlate, { numSamples: 4 }).run(key(5), { y }).y!.shape, [4, 3]);
  // sites observed through condition are redrawn too
  const conditioned = condition(({ n }: { n: number }) => plate("n", n, () => sample("z", Normal(0, 1))), {
    z: tensor([9, 9]),
  });
  const z = new Predictive(conditioned, { numSamples: 2 }).run(key(6), { n: 2 }).z!;
  assert.ok(Array.from(z.data).every((v) => v !== 9));
  // an improper prior is fine for the posterior predictive: no prior draw is needed
  const improper = ({ y }: { y: Tensor }) => {
    const mu = sample("mu", ImproperUniform(real, [], []));
    plate("n", y.size, () => sample("y", Normal(mu, 1), { obs: y }));
  };
  assert.deepEqual(
    new Predictive(improper, { posteriorSamples: { mu: tensor([0, 1, 2, 3]) } }).run(key(7), { y }).y!.shape,
    [4, 3],
  );
});

test("Predictive rejects bad input with clear messages", () => {
  assert.throws(() => new Predictive(model, {}), /exactly one of posteriorSamples .* and numSamples/);
  assert.throws(() => new Predictive(model, { numSamples: 3, posteriorSamples: {} }), /exactly one of/);
  assert.throws(() => new Predictive(model, { numSamples: 0 }), /numSamples must be a positive integer, got 0/);
  assert.throws(
    () => new Predictive(model, { posteriorSamples: { phi: tensor([1]) } }).run(key(0), { y }),
    /none of the posterior sites \[phi\] is a latent sample site of the model \(latent sites: theta\)/,
  );
  const two = ({ n }: { n: number }) => {
    sample("a", Normal(0, 1));
    plate("n", n, () => sample("b", Normal(0, 1)));
  };
  assert.throws(
    () =>
      new Predictive(two, {
        posteriorSamples: {
          a: tensor([1, 2, 3]),
          b: tensor([
            [1, 2],
            [3, 4],
          ]),
        },
      }).run(key(0), { n: 2 }),
    /site 'a' has batch shape \[3\], site 'b' \[2\]/,
  );
  assert.throws(
    () => new Predictive(two, { posteriorSamples: { b: tensor([1, 2, 3]) } }).run(key(0), { n: 2 }),
    /posterior samples of site 'b' have shape \[3\], which does not end in the site's shape \[2\]/,
  );
  assert.throws(
    () => new Predictive(model, { numSamples: 1, returnSites: ["nope"] }).run(key(0), { y }),
    /return site 'nope' is not a site of the model/,
  );
});
