/**
 * Gradients of logProb (and of cdf, icdf, moments and entropy where they are differentiable)
 * with respect to the value and every parameter, against central finite differences,
 * including broadcasting (parameters of shape [3, 1] against values of shape [4]).
 */
import { test } from "node:test";
import {
  Beta,
  Binomial,
  Bernoulli,
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
  sum,
  tensor,
} from "../../src/index.js";
import { assertGradOk } from "../helpers/assert.js";
import { expBijector, mixingBijector } from "./testBijectors.js";

type Params = Record<string, Tensor>;

interface GradCase {
  name: string;
  make: (p: Params) => Distribution;
  params: Params;
  /** A value inside the support (shape: anything that broadcasts with the batch). */
  x: Tensor;
  /** Check cdf (and icdf at these probabilities) too. */
  cdf?: boolean;
  q?: Tensor;
  /** Parameters the cdf/icdf are not differentiable in (held constant there). */
  cdfConstant?: string[];
  moments?: boolean;
  entropy?: boolean;
}

const col = (...v: number[]) => tensor(v.map((x) => [x]));
const vec = (...v: number[]) => tensor(v);

const cases: GradCase[] = [
  {
    name: "Normal",
    make: (p) => Normal(p.loc!, p.scale!),
    params: { loc: vec(0.5, -1, 2), scale: vec(1.5, 0.7, 3) },
    x: vec(0.1, 0.2, 4),
    cdf: true,
    q: vec(0.2, 0.5, 0.9),
    moments: true,
    entropy: true,
  },
  {
    name: "Normal (broadcast [3,1] x [4])",
    make: (p) => Normal(p.loc!, p.scale!),
    params: { loc: col(0.5, -1, 2), scale: col(1.5, 0.7, 3) },
    x: vec(-1, 0.2, 1, 3),
    cdf: true,
    q: vec(0.1, 0.3, 0.6, 0.95),
    moments: true,
    entropy: true,
  },
  {
    name: "LogNormal",
    make: (p) => LogNormal(p.loc!, p.scale!),
    params: { loc: col(0.5, -1, 0.2), scale: col(0.4, 0.9, 1.3) },
    x: vec(0.3, 1.2, 2.5, 6),
    cdf: true,
    q: vec(0.1, 0.3, 0.6, 0.95),
    moments: true,
    entropy: true,
  },
  {
    name: "HalfNormal",
    make: (p) => HalfNormal(p.scale!),
    params: { scale: col(0.5, 2, 4) },
    x: vec(0.1, 0.7, 2, 5),
    cdf: true,
    q: vec(0.1, 0.3, 0.6, 0.95),
    moments: true,
    entropy: true,
  },
  {
    name: "Cauchy",
    make: (p) => Cauchy(p.loc!, p.scale!),
    params: { loc: col(0.5, -1, 2), scale: col(1.5, 0.7, 3) },
    x: vec(-4, 0.2, 1, 30),
    cdf: true,
    q: vec(0.01, 0.3, 0.6, 0.95),
    entropy: true,
  },
  {
    name: "HalfCauchy",
    make: (p) => HalfCauchy(p.scale!),
    params: { scale: col(0.5, 2, 5) },
    x: vec(0.1, 0.7, 2, 50),
    cdf: true,
    q: vec(0.1, 0.3, 0.6, 0.95),
    entropy: true,
  },
  {
    name: "StudentT",
    make: (p) => StudentT(p.df!, p.loc!, p.scale!),
    params: { df: col(1.5, 4, 30), loc: col(0.5, -1, 2), scale: col(1.5, 0.7, 3) },
    x: vec(-4, 0.2, 1, 9),
    cdf: true,
    q: vec(0.02, 0.3, 0.6, 0.95),
    cdfConstant: ["df"],
    entropy: true,
  },
  {
    name: "StudentT (moments)",
    make: (p) => StudentT(p.df!, p.loc!, p.scale!),
    params: { df: vec(3, 4.5), loc: vec(0.5, -1), scale: vec(1.5, 0.7) },
    x: vec(0.3, 2),
    moments: true,
  },
  {
    name: "Uniform",
    make: (p) => Uniform(p.low!, p.high!),
    params: { low: col(-1, 0, 2), high: col(1.5, 4, 9) },
    x: tensor([
      [-0.9, 0.1, 0.7, 1.4],
      [0.2, 1, 3, 3.9],
      [2.5, 4, 7, 8.9],
    ]),
    cdf: true,
    q: vec(0.1, 0.3, 0.6, 0.95),
    moments: true,
    entropy: true,
  },
  {
    name: "Beta",
    make: (p) => Beta(p.a!, p.b!),
    params: { a: col(0.7, 2, 15), b: col(0.5, 3, 40) },
    x: vec(0.05, 0.3, 0.6, 0.97),
    cdf: true,
    q: vec(0.1, 0.3, 0.6, 0.95),
    cdfConstant: ["a", "b"],
    moments: true,
    entropy: true,
  },
  {
    name: "Gamma",
    make: (p) => Gamma(p.a!, p.b!),
    params: { a: col(0.7, 2, 15), b: col(0.5, 3, 4) },
    x: vec(0.2, 1, 3, 6),
    cdf: true,
    q: vec(0.1, 0.3, 0.6, 0.95),
    cdfConstant: ["a"],
    moments: true,
    entropy: true,
  },
  {
    name: "InverseGamma",
    make: (p) => InverseGamma(p.a!, p.b!),
    params: { a: col(3.5, 4, 15), b: col(0.5, 3, 4) },
    x: vec(0.2, 1, 3, 6),
    cdf: true,
    q: vec(0.1, 0.3, 0.6, 0.95),
    cdfConstant: ["a"],
    moments: true,
    entropy: true,
  },
  {
    name: "Exponential",
    make: (p) => Exponential(p.rate!),
    params: { rate: col(0.5, 2, 7) },
    x: vec(0.05, 0.3, 1, 4),
    cdf: true,
    q: vec(0.1, 0.3, 0.6, 0.95),
    moments: true,
    entropy: true,
  },
  {
    name: "Laplace",
    make: (p) => Laplace(p.loc!, p.scale!),
    params: { loc: col(0.5, -1, 2), scale: col(1.5, 0.7, 3) },
    x: vec(-4, 0.2, 1.3, 9),
    cdf: true,
    q: vec(0.1, 0.3, 0.6, 0.95),
    moments: true,
    entropy: true,
  },
  {
    name: "TruncatedNormal",
    make: (p) => TruncatedNormal(p.loc!, p.scale!, p.low!, p.high!),
    params: { loc: col(0.5, -1, 2), scale: col(1.5, 0.7, 3), low: col(-1, -2.5, 2.5), high: col(2, 0, 9) },
    x: tensor([
      [-0.5, 0, 1, 1.9],
      [-2.4, -1.5, -0.5, -0.1],
      [2.6, 3, 4, 8.9],
    ]),
    cdf: true,
    q: vec(0.1, 0.3, 0.6, 0.95),
    moments: true,
    entropy: true,
  },
  {
    name: "TruncatedNormal (tail interval, one-sided)",
    make: (p) => TruncatedNormal(p.loc!, p.scale!, p.low!, Infinity),
    params: { loc: vec(0, 1), scale: vec(1, 2), low: vec(6, 14) },
    x: vec(6.3, 15),
    cdf: true,
    q: vec(0.2, 0.7),
    moments: true,
    entropy: true,
  },
  {
    name: "MultivariateNormal",
    make: (p) => MultivariateNormal(p.loc!, { scaleTril: p.L! }, NO_VALIDATION),
    params: {
      loc: vec(0.5, -1, 2),
      L: tensor([
        [1.2, 0, 0],
        [0.3, 0.8, 0],
        [-0.5, 0.2, 1.5],
      ]),
    },
    x: tensor([
      [0.1, 0.2, 4],
      [1, -2, 0.5],
    ]),
    moments: true,
    entropy: true,
  },
  {
    name: "MultivariateNormal (batched L)",
    make: (p) => MultivariateNormal(p.loc!, { scaleTril: p.L! }, NO_VALIDATION),
    params: {
      loc: vec(0.5, -1),
      L: tensor([
        [
          [1.2, 0],
          [0.3, 0.8],
        ],
        [
          [2, 0],
          [-1, 0.5],
        ],
      ]),
    },
    x: tensor([[[0.1, 0.2]], [[1, -2]], [[3, 1]]]),
    moments: true,
    entropy: true,
  },
  {
    name: "MultivariateNormal (covarianceMatrix)",
    make: (p) => MultivariateNormal(p.loc!, { covarianceMatrix: p.S!.add(p.S!.transpose()) }),
    params: {
      loc: vec(0.5, -1),
      S: tensor([
        [1.2, 0.3],
        [0.3, 0.8],
      ]),
    },
    x: tensor([
      [0.1, 0.2],
      [1, -2],
    ]),
  },
];

/** The checker perturbs entries that validation would reject (the zero upper triangle of L, a simplex); the kernels never read them. */
const NO_VALIDATION = { validateArgs: false };

/** Sum a tensor-valued function of the parameters into a scalar, weighting elements differently so no symmetry hides a wrong gradient. */
function weighted(t: Tensor): Tensor {
  const w = tensor(
    Float64Array.from({ length: t.size }, (_, i) => 1 + 0.37 * i),
    t.shape,
  );
  return sum(t.mul(w));
}

for (const c of cases) {
  test(`${c.name}: logProb gradient (value and parameters)`, () => {
    assertGradOk((p: { x: Tensor; params: Params }) => weighted(c.make(p.params).logProb(p.x)), {
      x: c.x,
      params: c.params,
    });
  });
  if (c.cdf) {
    const constant = new Set(c.cdfConstant ?? []);
    const diff = (p: Params): Params => Object.fromEntries(Object.entries(p).filter(([k]) => !constant.has(k)));
    const fixed = Object.fromEntries(Object.entries(c.params).filter(([k]) => constant.has(k)));
    test(`${c.name}: cdf and icdf gradients`, () => {
      assertGradOk((p: { x: Tensor; params: Params }) => weighted(c.make({ ...fixed, ...p.params }).cdf(p.x)), {
        x: c.x,
        params: diff(c.params),
      });
      assertGradOk(
        (p: { q: Tensor; params: Params }) => weighted(c.make({ ...fixed, ...p.params }).icdf(p.q)),
        { q: c.q!, params: diff(c.params) },
        { rtol: 1e-5, atol: 1e-5 },
      );
    });
  }
  if (c.moments)
    test(`${c.name}: mean and variance gradients`, () => {
      assertGradOk((p: Params) => weighted(c.make(p).mean), c.params);
      assertGradOk((p: Params) => weighted(c.make(p).variance), c.params);
    });
  if (c.entropy)
    test(`${c.name}: entropy gradient`, () => {
      assertGradOk((p: Params) => weighted(c.make(p).entropy()), c.params);
    });
}

// Discrete distributions: gradients with respect to the parameters only.
const discrete: { name: string; make: (p: Params) => Distribution; params: Params; x: Tensor; entropy?: boolean }[] = [
  {
    name: "Bernoulli(probs)",
    make: (p) => Bernoulli({ probs: p.p! }),
    params: { p: col(0.2, 0.5, 0.9) },
    x: vec(0, 1, 1, 0),
    entropy: true,
  },
  {
    name: "Bernoulli(logits)",
    make: (p) => Bernoulli({ logits: p.l! }),
    params: { l: col(-2, 0.1, 3) },
    x: vec(0, 1, 1, 0),
    entropy: true,
  },
  {
    name: "Binomial(probs)",
    make: (p) => Binomial(10, { probs: p.p! }),
    params: { p: col(0.2, 0.5, 0.9) },
    x: vec(0, 3, 7, 10),
  },
  {
    name: "Binomial(logits)",
    make: (p) => Binomial(col(10, 12, 20), { logits: p.l! }),
    params: { l: col(-2, 0.1, 3) },
    x: vec(0, 3, 7, 10),
  },
  { name: "Poisson", make: (p) => Poisson(p.r!), params: { r: col(0.5, 3, 20) }, x: vec(0, 1, 4, 19) },
  {
    name: "Categorical(logits)",
    make: (p) => Categorical({ logits: p.l! }),
    params: {
      l: tensor([
        [0.1, -1, 2],
        [0.5, 0.5, -3],
      ]),
    },
    x: tensor([
      [0, 2],
      [1, 1],
      [2, 0],
    ]),
    entropy: true,
  },
  {
    name: "Categorical(probs)",
    make: (p) => Categorical({ probs: p.p! }, NO_VALIDATION),
    params: { p: tensor([0.2, 0.3, 0.5]) },
    x: vec(0, 2, 1, 2),
    entropy: true,
  },
];

for (const c of discrete) {
  test(`${c.name}: logProb gradient (parameters)`, () => {
    assertGradOk((p: Params) => weighted(c.make(p).logProb(c.x)), c.params);
    if (c.entropy) assertGradOk((p: Params) => weighted(c.make(p).entropy()), c.params);
  });
}

test("Dirichlet: gradients of logProb (value through a normalisation, so perturbations stay on the simplex), moments, entropy", () => {
  const make = (a: Tensor) => Dirichlet(a);
  const params = {
    a: tensor([
      [0.7, 2, 5],
      [1, 1, 3],
    ]),
  };
  assertGradOk((p: { a: Tensor; y: Tensor }) => weighted(make(p.a).logProb(p.y.div(sum(p.y, -1, true)))), {
    ...params,
    y: tensor([
      [0.2, 0.3, 0.5],
      [0.1, 0.6, 0.3],
    ]),
  });
  assertGradOk((p: Params) => weighted(make(p.a!).mean), params);
  assertGradOk((p: Params) => weighted(make(p.a!).variance), params);
  assertGradOk((p: Params) => weighted(make(p.a!).entropy()), params);
});

test("Poisson cdf gradient in the rate", () => {
  assertGradOk((p: Params) => weighted(Poisson(p.r!).cdf(vec(0, 2, 5, 30))), { r: col(0.5, 3, 20) });
});

test("composites: Independent, MixtureSameFamily, Mixture, TransformedDistribution", () => {
  assertGradOk((p: Params) => weighted(Independent(Normal(p.loc!, p.scale!), 1).logProb(p.x!)), {
    loc: vec(0.5, -1, 2),
    scale: vec(1.5, 0.7, 3),
    x: tensor([
      [0.1, 0.2, 4],
      [1, 2, 3],
    ]),
  });
  assertGradOk(
    (p: Params) => weighted(MixtureSameFamily(Categorical({ logits: p.w! }), Normal(p.loc!, p.scale!)).logProb(p.x!)),
    { w: vec(0.3, -0.2), loc: vec(-1, 2), scale: vec(0.5, 1.5), x: vec(-3, 0, 1.5, 40) },
  );
  assertGradOk(
    (p: Params) => weighted(MixtureSameFamily(Categorical({ logits: p.w! }), Normal(p.loc!, p.scale!)).mean),
    { w: vec(0.3, -0.2), loc: vec(-1, 2), scale: vec(0.5, 1.5) },
  );
  assertGradOk(
    (p: Params) => weighted(MixtureSameFamily(Categorical({ logits: p.w! }), Normal(p.loc!, p.scale!)).variance),
    { w: vec(0.3, -0.2), loc: vec(-1, 2), scale: vec(0.5, 1.5) },
  );
  assertGradOk(
    (p: Params) =>
      weighted(Mixture(vec(0.25, 0.75), [Normal(p.loc!, 1), StudentT(3, p.loc2!, p.scale!)]).logProb(p.x!)),
    { loc: tensor(0.5), loc2: tensor(-1), scale: tensor(2), x: vec(-3, 0, 1.5, 8) },
  );
  assertGradOk((p: Params) => weighted(TransformedDistribution(Normal(p.loc!, p.scale!), expBijector).logProb(p.x!)), {
    loc: tensor(0.3),
    scale: tensor(0.8),
    x: vec(0.2, 1, 3),
  });
  assertGradOk(
    (p: Params) =>
      weighted(TransformedDistribution(Independent(Normal(p.loc!, p.scale!), 1), mixingBijector).logProb(p.x!)),
    {
      loc: vec(0.3, -1, 2),
      scale: vec(0.8, 1, 2),
      x: tensor([
        [0.2, 1, 3],
        [-1, 0.5, 2],
      ]),
    },
  );
});
