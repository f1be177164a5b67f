/**
 * Argument validation (errors naming the parameter, value and index), shape errors, and the
 * support convention: logProb outside the support is -Infinity with a zero gradient.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  Bernoulli,
  Beta,
  Binomial,
  Categorical,
  Dirichlet,
  Exponential,
  Gamma,
  HalfNormal,
  ImproperUniform,
  ParameterError,
  enableValidation,
  MultivariateNormal,
  Normal,
  Poisson,
  StudentT,
  type Tensor,
  TruncatedNormal,
  Uniform,
  key,
  positive,
  real,
  sum,
  tensor,
  valueAndGrad,
} from "../../src/index.js";

test("parameter errors name the distribution, parameter, value and index", () => {
  assert.throws(() => Normal(0, -1), /^ParameterError: Normal: scale must be > 0, got -1$/);
  assert.throws(() => Normal(0, tensor([1, 2, 3, -1])), /Normal: scale must be > 0, got -1 at index 3/);
  assert.throws(
    () =>
      HalfNormal(
        tensor([
          [1, 2],
          [3, 0],
        ]),
      ),
    /HalfNormal: scale must be > 0, got 0 at index \[1, 1\]/,
  );
  assert.throws(() => Normal(NaN, 1), /Normal: loc must be a finite number, got NaN/);
  assert.throws(() => Normal(0, Infinity), /Normal: scale must be > 0 and finite, got Infinity/);
  assert.throws(
    () => Uniform(tensor([0, 2]), tensor([1, 1])),
    /Uniform: low must be < high, got low 2 and high 1 at index 1/,
  );
  assert.throws(() => Bernoulli(1.5), /Bernoulli: probs must be in \[0, 1\], got 1.5/);
  assert.throws(() => Bernoulli({} as never), /Bernoulli: give exactly one of probs and logits, got neither/);
  assert.throws(() => Bernoulli({ probs: 0.5, logits: 0 } as never), /got both/);
  assert.throws(
    () =>
      Categorical(
        tensor([
          [0.5, 0.5],
          [0.5, 0.6],
        ]),
      ),
    /Categorical: probs must be a probability vector .* at batch index 1/,
  );
  assert.throws(() => Categorical({ logits: tensor([0, NaN]) }), /Categorical: logits must be finite or -Infinity/);
  assert.throws(() => Binomial(2.5, 0.5), /Binomial: totalCount must be a non-negative integer, got 2.5/);
  assert.throws(() => Poisson(-1), /Poisson: rate must be >= 0, got -1/);
  assert.throws(() => Gamma(tensor([1, -2]), 1), /Gamma: concentration must be > 0, got -2 at index 1/);
  assert.throws(() => Beta(1, 0), /Beta: concentration0 must be > 0, got 0/);
  assert.throws(() => StudentT(0, 0, 1), /StudentT: df must be > 0, got 0/);
  assert.throws(() => Exponential(tensor([1, 2, 0])), /Exponential: rate must be > 0, got 0 at index 2/);
  assert.throws(() => Dirichlet(tensor([1, -1, 2])), /Dirichlet: concentration must be > 0, got -1 at index 1/);
  assert.throws(() => Dirichlet(tensor([1])), /Dirichlet: concentration must have a last axis of at least 2/);
  assert.throws(() => TruncatedNormal(0, 1, 2, 1), /TruncatedNormal: low must be < high, got low 2 and high 1/);
  assert.throws(
    () =>
      MultivariateNormal(tensor([0, 0]), {
        scaleTril: tensor([
          [1, 0.5],
          [0, 1],
        ]),
      }),
    /MultivariateNormal: scaleTril must be lower-triangular with a positive diagonal/,
  );
  assert.throws(
    () =>
      MultivariateNormal(tensor([0, 0, 0]), {
        scaleTril: tensor([
          [1, 0],
          [0, 1],
        ]),
      }),
    /must have shape \[\.\.\., 3, 3\] to match loc \[3\], got \[2, 2\]/,
  );
  assert.throws(
    () =>
      MultivariateNormal(tensor([0, 0]), {
        covarianceMatrix: tensor([
          [1, 2],
          [2, 1],
        ]),
      }),
    /covarianceMatrix must be a symmetric positive-definite matrix/,
  );
  assert.throws(
    () => Normal(tensor([1, 2, 3]), tensor([1, 2])),
    /Normal: parameter shapes do not broadcast: loc \[3\], scale \[2\]/,
  );
});

test("parameter errors are ParameterErrors (samplers reject such proposals; other errors stop the run)", () => {
  assert.throws(() => Gamma(1, -1), ParameterError);
  assert.throws(() => Uniform(1, 0), ParameterError);
  assert.throws(() => TruncatedNormal(0, 1, 1, 0), ParameterError);
  assert.throws(
    () => Normal(tensor([1, 2]), tensor([1, 2, 3])),
    (e: Error) => !(e instanceof ParameterError),
  );
});

test("validateArgs: false skips the parameter checks", () => {
  assert.doesNotThrow(() => Normal(0, -1, { validateArgs: false }));
  assert.equal(Normal(0, -1, { validateArgs: false }).validateArgs, false);
});

test("value shape errors and NaN values", () => {
  assert.throws(
    () => Normal(tensor([1, 2, 3]), 1).logProb(tensor([1, 2])),
    /Normal.logProb: value of shape \[2\] does not broadcast with batch shape \[3\]/,
  );
  const mvn = MultivariateNormal(tensor([0, 0]), {
    scaleTril: tensor([
      [1, 0],
      [0, 1],
    ]),
  });
  assert.throws(
    () => mvn.logProb(tensor([1, 2, 3])),
    /MultivariateNormal.logProb: value of shape \[3\] does not end in the event shape \[2\]/,
  );
  assert.throws(
    () => Normal(0, 1).logProb(tensor([0, NaN])),
    /Normal: logProb value must not be NaN, got NaN at index 1/,
  );
  assert.throws(() => Normal(0, 1).icdf(1.5), /Normal.icdf: q must be in \[0, 1\], got 1.5/);
  assert.throws(() => Normal(0, 1).sample(key(0), [-1]), /sampleShape must contain non-negative integers/);
  assert.throws(() => Normal(tensor([1, 2]), 1).expand([3]), /Normal.expand: cannot expand batch shape \[2\] to \[3\]/);
});

test("values outside the support: -Infinity with a zero gradient", () => {
  const cases: [string, () => Tensor][] = [
    ["HalfNormal", () => HalfNormal(1).logProb(-1)],
    ["Exponential", () => Exponential(2).logProb(-0.5)],
    ["Gamma", () => Gamma(2, 1).logProb(-1)],
    ["Beta", () => Beta(2, 2).logProb(1.5)],
    ["Uniform", () => Uniform(0, 1).logProb(2)],
    ["TruncatedNormal", () => TruncatedNormal(0, 1, -1, 1).logProb(1.01)],
    ["Bernoulli", () => Bernoulli(0.3).logProb(0.5)],
    ["Binomial", () => Binomial(5, 0.3).logProb(6)],
    ["Poisson", () => Poisson(2).logProb(1.5)],
    ["Categorical", () => Categorical(tensor([0.5, 0.5])).logProb(2)],
    ["Dirichlet", () => Dirichlet(tensor([1, 2])).logProb(tensor([0.5, 0.6]))],
  ];
  for (const [name, f] of cases) assert.equal(f().item(), -Infinity, name);
  const [v, g] = valueAndGrad((p: { s: Tensor; x: Tensor }) => sum(HalfNormal(p.s).logProb(p.x)))({
    s: tensor(2),
    x: tensor([-1, 1]),
  });
  assert.equal(v.item(), -Infinity);
  assert.deepEqual(g.x.toFlatArray(), [0, -0.25]);
});

test("not reparameterisable, and cdf gradients that are not available, say so", () => {
  assert.throws(
    () => Bernoulli(0.5).rsample(key(0)),
    /Bernoulli: rsample is not available: the distribution is not reparameterisable/,
  );
  assert.throws(() => Poisson(2).rsample(key(0)), /Poisson: rsample is not available/);
  assert.throws(
    () => valueAndGrad((p: { df: Tensor }) => sum(StudentT(p.df, 0, 1).cdf(0.5)))({ df: tensor(3) }),
    /StudentT.cdf: the gradient with respect to df is not available/,
  );
  assert.throws(
    () => valueAndGrad((p: { a: Tensor }) => sum(Gamma(p.a, 1).cdf(0.5)))({ a: tensor(3) }),
    /Gamma.cdf: the gradient with respect to concentration is not available/,
  );
  assert.throws(() => Poisson(2).entropy(), /Poisson: entropy is not available in closed form/);
});

test("supports, enumerateSupport and expand", () => {
  assert.equal(Normal(0, 1).support.kind, "real");
  assert.equal(Gamma(1, 1).support.kind, "positive");
  assert.equal(Beta(1, 1).support.kind, "unitInterval");
  assert.equal(Dirichlet(tensor([1, 1])).support.kind, "simplex");
  assert.equal(TruncatedNormal(0, 1, 0, Infinity).support.kind, "greaterThan");
  assert.equal(Categorical(tensor([0.5, 0.5])).support.toString(), "integerInterval(0, 1)");
  const b = Bernoulli(tensor([0.2, 0.4, 0.6]));
  assert.deepEqual(b.enumerateSupport().shape, [2, 3]);
  assert.deepEqual(b.enumerateSupport(false).shape, [2, 1]);
  assert.deepEqual(
    Categorical(
      tensor([
        [0.2, 0.8],
        [0.5, 0.5],
      ]),
    )
      .enumerateSupport()
      .toArray(),
    [
      [0, 0],
      [1, 1],
    ],
  );
  assert.deepEqual(Binomial(3, 0.5).enumerateSupport().toFlatArray(), [0, 1, 2, 3]);
  const e = Normal(tensor([[0], [1]]), 1).expand([2, 3]);
  assert.deepEqual(e.batchShape, [2, 3]);
  assert.deepEqual(e.sample(key(1), [5]).shape, [5, 2, 3]);
  const draws = e.sample(key(1)).toArray() as number[][];
  assert.notEqual(draws[0]![0], draws[0]![1], "expanded axes draw independently");
});

test("ImproperUniform: zero log-density on the support, -Infinity off it, no draws", () => {
  const flat = ImproperUniform(real, [], [2]);
  assert.deepEqual(
    flat
      .logProb(
        tensor([
          [1, 2],
          [3, 4],
          [5, 6],
        ]),
      )
      .toFlatArray(),
    [0, 0, 0],
  );
  const pos = ImproperUniform(positive, [3]);
  assert.deepEqual(pos.logProb(tensor([1, -1, 2])).toFlatArray(), [0, -Infinity, 0]);
  assert.throws(() => pos.sample(key(0)), /ImproperUniform: cannot sample/);
});

test("enableValidation(false) turns the default off and returns the previous setting", () => {
  const previous = enableValidation(false);
  try {
    assert.equal(previous, true);
    const d = Normal(0, Infinity);
    assert.equal(d.validateArgs, false);
    assert.equal(d.logProb(1).item(), -Infinity);
    assert.equal(Normal(0, 1, { validateArgs: true }).validateArgs, true);
  } finally {
    enableValidation(previous);
  }
  assert.throws(() => Normal(0, Infinity), /scale must be > 0 and finite/);
});
