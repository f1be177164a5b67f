/**
 * sample / rsample: shapes (sampleShape + batchShape + eventShape), sample moments within
 * 5 standard errors of mean and variance (fixed keys, so deterministic), and pathwise
 * gradients of Monte Carlo expectations against closed forms.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Bernoulli,
  Beta,
  Binomial,
  Categorical,
  Cauchy,
  Dirichlet,
  type Distribution,
  Exponential,
  Gamma,
  HalfCauchy,
  HalfNormal,
  Independent,
  InverseGamma,
  Laplace,
  LogNormal,
  Mixture,
  MixtureSameFamily,
  MultivariateNormal,
  Normal,
  Poisson,
  StudentT,
  type Tensor,
  TransformedDistribution,
  TruncatedNormal,
  Uniform,
  fold,
  key,
  mean,
  reciprocal,
  square,
  sum,
  tensor,
  valueAndGrad,
} from "../../src/index.js";
import { assertClose } from "../helpers/assert.js";
import { expBijector } from "./testBijectors.js";

const N = 20000;

/** Every family with a small batch shape, and whether its mean/variance are finite. */
const families: { name: string; dist: Distribution; moments: boolean }[] = [
  { name: "Normal", dist: Normal(tensor([0, 3]), tensor([1, 0.5])), moments: true },
  { name: "LogNormal", dist: LogNormal(tensor([0, 1]), tensor([0.5, 0.25])), moments: true },
  { name: "HalfNormal", dist: HalfNormal(tensor([1, 3])), moments: true },
  { name: "Cauchy", dist: Cauchy(tensor([0, 3]), tensor([1, 0.5])), moments: false },
  { name: "HalfCauchy", dist: HalfCauchy(tensor([1, 3])), moments: false },
  { name: "StudentT", dist: StudentT(tensor([5, 9]), tensor([0, 2]), tensor([1, 3])), moments: true },
  { name: "Uniform", dist: Uniform(tensor([0, -2]), tensor([1, 5])), moments: true },
  { name: "Beta", dist: Beta(tensor([0.5, 3]), tensor([0.5, 7])), moments: true },
  { name: "Gamma", dist: Gamma(tensor([0.5, 4]), tensor([1, 2])), moments: true },
  { name: "InverseGamma", dist: InverseGamma(tensor([5, 7]), tensor([1, 2])), moments: true },
  { name: "Exponential", dist: Exponential(tensor([0.5, 4])), moments: true },
  { name: "Laplace", dist: Laplace(tensor([0, 3]), tensor([1, 0.5])), moments: true },
  { name: "Bernoulli", dist: Bernoulli(tensor([0.2, 0.7])), moments: true },
  { name: "Binomial", dist: Binomial(tensor([10, 30]), tensor([0.2, 0.7])), moments: true },
  { name: "Poisson", dist: Poisson(tensor([0.5, 12])), moments: true },
  {
    name: "Categorical",
    dist: Categorical(
      tensor([
        [0.2, 0.3, 0.5],
        [0.6, 0.3, 0.1],
      ]),
    ),
    moments: false,
  },
  {
    name: "TruncatedNormal",
    dist: TruncatedNormal(tensor([0, 1]), tensor([1, 2]), tensor([-1, 4]), tensor([2, Infinity])),
    moments: true,
  },
  {
    name: "MultivariateNormal",
    dist: MultivariateNormal(tensor([1, -1, 0]), {
      scaleTril: tensor([
        [1, 0, 0],
        [0.5, 2, 0],
        [-1, 0.3, 0.7],
      ]),
    }),
    moments: true,
  },
  {
    name: "Dirichlet",
    dist: Dirichlet(
      tensor([
        [1, 2, 3],
        [0.5, 0.5, 4],
      ]),
    ),
    moments: true,
  },
  {
    name: "MixtureSameFamily",
    dist: MixtureSameFamily(Categorical(tensor([0.3, 0.7])), Normal(tensor([-2, 3]), tensor([1, 0.5]))),
    moments: true,
  },
  {
    name: "Mixture",
    dist: Mixture([0.4, 0.6], [Normal(tensor([0, 1]), 1), Laplace(2, tensor([1, 0.5]))]),
    moments: true,
  },
  { name: "Independent", dist: Independent(Normal(tensor([[0, 1, 2]]), 1), 1), moments: true },
  {
    name: "TransformedDistribution",
    dist: TransformedDistribution(Normal(tensor([0, 1]), 0.5), expBijector),
    moments: false,
  },
];

/** Column means and variances of draws of shape [n, ...rest], with the standard errors of each. */
function columnStats(draws: Tensor): { m: number[]; v: number[]; seM: number[]; seV: number[] } {
  const n = draws.shape[0]!;
  const k = draws.size / n;
  const m = new Array<number>(k).fill(0);
  const v = new Array<number>(k).fill(0);
  const m4 = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) m[j]! += draws.data[i * k + j]! / n;
  for (let i = 0; i < n; i++)
    for (let j = 0; j < k; j++) {
      const d = draws.data[i * k + j]! - m[j]!;
      v[j]! += (d * d) / (n - 1);
      m4[j]! += d ** 4 / n;
    }
  const seM = v.map((x) => Math.sqrt(x / n));
  const seV = v.map((x, j) => Math.sqrt(Math.max(m4[j]! - x * x, 0) / n));
  return { m, v, seM, seV };
}

for (const [i, { name, dist, moments }] of families.entries()) {
  test(`${name}: sample shapes${dist.hasRsample ? ", rsample shapes" : ""}${moments ? ", moments within 5 SE" : ""}`, () => {
    const k = fold(key(2024), i);
    const expected = [4, 2, ...dist.batchShape, ...dist.eventShape];
    assert.deepEqual(dist.sample(k, [4, 2]).shape, expected);
    assert.deepEqual(dist.sample(k).shape, [...dist.batchShape, ...dist.eventShape]);
    if (dist.hasRsample) assert.deepEqual(dist.rsample(k, [4, 2]).shape, expected);
    else assert.throws(() => dist.rsample(k), /rsample|not reparameterisable/);
    // same key, same draws
    assert.deepEqual(dist.sample(k, [3]).toFlatArray(), dist.sample(k, [3]).toFlatArray());
    if (!moments) return;
    const draws = dist.sample(k, [N]);
    const s = columnStats(draws);
    const mu = dist.mean.toFlatArray();
    const va = dist.variance.toFlatArray();
    for (let j = 0; j < mu.length; j++) {
      assert.ok(
        Math.abs(s.m[j]! - mu[j]!) <= 5 * s.seM[j]!,
        `${name} mean[${j}]: sample ${s.m[j]} vs ${mu[j]} (SE ${s.seM[j]})`,
      );
      assert.ok(
        Math.abs(s.v[j]! - va[j]!) <= 5 * s.seV[j]! + 1e-12,
        `${name} variance[${j}]: sample ${s.v[j]} vs ${va[j]} (SE ${s.seV[j]})`,
      );
    }
  });
}

test("support: every draw lies in the support", () => {
  for (const [i, { name, dist }] of families.entries()) {
    const draws = dist.sample(fold(key(7), i), [200]);
    assert.ok(dist.support.check(draws), `${name}: draws outside ${dist.support.toString()}`);
    assert.ok(
      dist.logProb(draws).data.every((v) => v > -Infinity),
      `${name}: a draw has log-density -Infinity`,
    );
  }
});

/**
 * Pathwise gradients: the gradient of a Monte Carlo average of f(rsample) with respect to
 * the parameters, against the closed-form derivative of E f(X). 20000 draws with a fixed key;
 * tolerance 3% relative (the estimators' standard errors are below 1% here).
 */
function mcGrad(make: (p: { a: Tensor }) => Distribution, f: (x: Tensor) => Tensor, a: Tensor, seed: number): number[] {
  const k = key(seed);
  const [, g] = valueAndGrad((p: { a: Tensor }) => mean(f(make(p).rsample(k, [N]))))({ a });
  return g.a.toFlatArray();
}

test("rsample gradients match closed forms of d E[f(X)]", () => {
  const t = (v: number) => tensor(v);
  // Normal: d/dμ E[x²] = 2μ, d/dσ E[x²] = 2σ
  assertClose(
    mcGrad((p) => Normal(p.a, 0.7), square, t(1.3), 1),
    [2.6],
    { rtol: 0.03 },
  );
  assertClose(
    mcGrad((p) => Normal(1.3, p.a), square, t(0.7), 2),
    [1.4],
    { rtol: 0.03 },
  );
  // LogNormal: d/dμ E[x] = exp(μ + σ²/2)
  assertClose(
    mcGrad(
      (p) => LogNormal(p.a, 0.4),
      (x) => x,
      t(0.2),
      3,
    ),
    [Math.exp(0.2 + 0.08)],
    { rtol: 0.03 },
  );
  // HalfNormal: d/dσ E[x] = √(2/π)
  assertClose(
    mcGrad(
      (p) => HalfNormal(p.a),
      (x) => x,
      t(2),
      4,
    ),
    [Math.sqrt(2 / Math.PI)],
    { rtol: 0.03 },
  );
  // Exponential: d/dλ E[x] = -1/λ²
  assertClose(
    mcGrad(
      (p) => Exponential(p.a),
      (x) => x,
      t(2),
      5,
    ),
    [-0.25],
    { rtol: 0.03 },
  );
  // Laplace: d/db E[x²] = 4b
  assertClose(
    mcGrad((p) => Laplace(0.5, p.a), square, t(1.5), 6),
    [6],
    { rtol: 0.03 },
  );
  // Uniform: d/dhigh E[x] = 1/2
  assertClose(
    mcGrad(
      (p) => Uniform(-1, p.a),
      (x) => x,
      t(3),
      7,
    ),
    [0.5],
    { rtol: 0.03 },
  );
  // Cauchy: E[1/(1 + X²)] for X ~ Cauchy(0, σ) is 1/(1 + σ), so its σ-derivative is -1/(1 + σ)²
  assertClose(
    mcGrad(
      (p) => Cauchy(0, p.a),
      (x) => reciprocal(x.mul(x).add(1)),
      t(0.5),
      13,
    ),
    [-1 / 2.25],
    { rtol: 0.03 },
  );
  // StudentT (pathwise in loc and scale): d/dσ E[x²] = 2σ ν/(ν - 2)
  assertClose(
    mcGrad((p) => StudentT(6, 0, p.a), square, t(1.5), 8),
    [2 * 1.5 * 1.5],
    { rtol: 0.05 },
  );
  // MultivariateNormal: d/dloc E[Σ x²] = 2 loc
  assertClose(
    mcGrad(
      (p) =>
        MultivariateNormal(p.a, {
          scaleTril: tensor([
            [1, 0],
            [0.5, 0.8],
          ]),
        }),
      (x) => sum(square(x), -1),
      tensor([0.5, -1]),
      9,
    ),
    [1, -2],
    { rtol: 0.03 },
  );
  // TransformedDistribution(Normal, exp) is LogNormal: d/dμ E[x] = exp(μ + σ²/2)
  assertClose(
    mcGrad(
      (p) => TransformedDistribution(Normal(p.a, 0.4), expBijector),
      (x) => x,
      t(0.2),
      10,
    ),
    [Math.exp(0.28)],
    {
      rtol: 0.03,
    },
  );
});

test("implicit reparameterisation: Gamma, InverseGamma, Beta and Dirichlet rsample gradients", () => {
  const t = (v: number) => tensor(v);
  // Gamma(α, β): d/dα E[x] = 1/β; d/dα E[x²] = (2α + 1)/β²
  assertClose(
    mcGrad(
      (p) => Gamma(p.a, 2),
      (x) => x,
      t(0.7),
      21,
    ),
    [0.5],
    { rtol: 0.03 },
  );
  assertClose(
    mcGrad((p) => Gamma(p.a, 2), square, t(3), 22),
    [7 / 4],
    { rtol: 0.03 },
  );
  // InverseGamma(α, β): E[x] = β/(α - 1), d/dα = -β/(α - 1)²
  assertClose(
    mcGrad(
      (p) => InverseGamma(p.a, 2),
      (x) => x,
      t(5),
      23,
    ),
    [-2 / 16],
    { rtol: 0.05 },
  );
  // StudentT(ν, 0, σ): E[x²] = σ²ν/(ν - 2), so d/dν E[x²] = -2σ²/(ν - 2)²
  assertClose(
    mcGrad((p) => StudentT(p.a, 0, 1.5), square, t(6), 26),
    [(-2 * 2.25) / 16],
    { rtol: 0.1 },
  );
  // Beta(a, b): d/da E[x] = b/(a + b)²
  assertClose(
    mcGrad(
      (p) => Beta(p.a, 3),
      (x) => x,
      t(2),
      24,
    ),
    [3 / 25],
    { rtol: 0.03 },
  );
  // Dirichlet(α): d/dα₀ E[x₀] = (α_sum - α₀)/α_sum²; the other components' α enter through α_sum
  const firstComponent = tensor([1, 0, 0]);
  const [, g] = valueAndGrad((p: { a: Tensor }) =>
    sum(mean(Dirichlet(p.a).rsample(key(25), [N]), 0).mul(firstComponent)),
  )({
    a: tensor([2, 3, 5]),
  });
  assertClose(g.a.toFlatArray(), [8 / 100, -2 / 100, -2 / 100], { rtol: 0.05, atol: 1e-3 });
});

test("TruncatedNormal rsample gradient matches the gradient of its analytic mean", () => {
  const make = (p: { a: Tensor }) => TruncatedNormal(p.a, 1.5, -1, 2);
  const mc = mcGrad(make, (x) => x, tensor(0.4), 11);
  const [, g] = valueAndGrad((p: { a: Tensor }) => make(p).mean)({ a: tensor(0.4) });
  assertClose(mc, g.a.toFlatArray(), { rtol: 0.03 });
  // and in a bound: d/dhigh E[x]
  const mcHigh = mcGrad(
    (p) => TruncatedNormal(0.4, 1.5, -1, p.a),
    (x) => x,
    tensor(2),
    12,
  );
  const [, gh] = valueAndGrad((p: { a: Tensor }) => TruncatedNormal(0.4, 1.5, -1, p.a).mean)({ a: tensor(2) });
  assertClose(mcHigh, gh.a.toFlatArray(), { rtol: 0.03 });
});

test("sample carries no gradient; rsample does", () => {
  const [, g] = valueAndGrad((p: { a: Tensor }) => mean(Normal(p.a, 1).sample(key(1), [10])))({ a: tensor(0.5) });
  assert.equal(g.a.item(), 0);
  const [, g2] = valueAndGrad((p: { a: Tensor }) => mean(Normal(p.a, 1).rsample(key(1), [10])))({ a: tensor(0.5) });
  assertClose(g2.a.item(), 1, { rtol: 1e-15 });
});
