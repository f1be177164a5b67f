// Bad arguments give errors naming the sampler, the argument, the value and the place.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as Random from "../../src/random/index.js";
import * as T from "../../src/tensor/index.js";

const R = { ...Random, ...T };

const k = R.key(0);

test("shape arguments are validated", () => {
  assert.throws(() => R.normal(k, [2, -1]), /normal: shape must contain non-negative integers, got -1 at index 1/);
  assert.throws(() => R.exponential(k, [1.5]), /exponential: shape must contain non-negative integers, got 1.5/);
  assert.throws(
    () => R.gamma(k, R.tensor([1, 2, 3]), [2]),
    /gamma: concentration of shape \[3\] does not broadcast to the sample shape \[2\]/,
  );
  assert.throws(
    () => R.beta(k, R.tensor([1, 2]), R.tensor([1, 2, 3])),
    /beta: b of shape \[3\] does not broadcast with shape \[2\] of the other parameters/,
  );
  assert.deepEqual(R.normal(k, [0, 3]).shape, [0, 3]);
});

test("continuous parameters are validated", () => {
  assert.throws(() => R.uniform(k, [2], 0, Infinity), /uniform: high must be finite, got Infinity/);
  assert.throws(() => R.uniform(k, [2], 1, 1), /uniform: high must be > low, got low 1 and high 1 at index 0/);
  assert.throws(
    () => R.gamma(k, R.tensor([1, 2, 3, -1])),
    /gamma: concentration must be > 0 and finite, got -1 at index 3/,
  );
  assert.throws(() => R.gamma(k, 0), /gamma: concentration must be > 0 and finite, got 0$/);
  assert.throws(() => R.gamma(k, NaN), /gamma: concentration must be > 0 and finite, got NaN/);
  assert.throws(() => R.beta(k, 1, R.tensor([2, Infinity])), /beta: b must be > 0 and finite, got Infinity at index 1/);
  assert.throws(() => R.studentT(k, -2), /studentT: df must be > 0, got -2/);
  assert.throws(
    () => R.truncatedNormal(k, 2, 1),
    /truncatedNormal: upper must be > lower, got lower 2 and upper 1 at index 0/,
  );
  assert.throws(() => R.truncatedNormal(k, Infinity, Infinity), /truncatedNormal: lower must be < Infinity/);
  assert.throws(
    () => R.truncatedNormal(k, NaN, 1),
    /truncatedNormal: lower must be < Infinity \(and not NaN\), got NaN/,
  );
  assert.throws(
    () => R.gamma(k, "2" as unknown as number),
    /gamma: concentration must be a Tensor or a number, got string/,
  );
});

test("dirichlet and categorical need a category axis", () => {
  assert.throws(() => R.dirichlet(k, R.scalar(1)), /dirichlet: concentration must be a Tensor with at least one axis/);
  assert.throws(
    () => R.dirichlet(k, R.tensor([1, 0, 2])),
    /dirichlet: concentration must be > 0 and finite, got 0 at index 1/,
  );
  assert.throws(
    () =>
      R.dirichlet(
        k,
        R.tensor([
          [1, 2],
          [3, 4],
        ]),
        [3],
      ),
    /dirichlet: concentration's batch part of shape \[2\] does not broadcast to the sample shape \[3\]/,
  );
  assert.throws(() => R.categorical(k, R.scalar(0)), /categorical: logits must be a Tensor with at least one axis/);
  assert.throws(() => R.categorical(k, R.zeros([2, 0])), /categorical: logits must have at least one category/);
  assert.throws(
    () =>
      R.categorical(
        k,
        R.tensor([
          [0, 1],
          [-Infinity, -Infinity],
        ]),
      ),
    /categorical: row 1 of logits has no finite value/,
  );
  assert.throws(
    () => R.categorical(k, R.tensor([0, NaN])),
    /categorical: logits must be finite or -Infinity, got NaN at index 1/,
  );
});

test("discrete parameters are validated", () => {
  assert.throws(() => R.bernoulli(k, R.tensor([0.5, 1.5])), /bernoulli: probs must be in \[0, 1\], got 1.5 at index 1/);
  assert.throws(() => R.poisson(k, -1), /poisson: rate must be >= 0 and finite, got -1/);
  assert.throws(() => R.poisson(k, Infinity), /poisson: rate must be >= 0 and finite, got Infinity/);
  assert.throws(() => R.binomial(k, 2.5, 0.5), /binomial: totalCount must be an integer >= 0 \(below 2\^53\), got 2.5/);
  assert.throws(
    () => R.binomial(k, 10, R.tensor([0.1, -0.1])),
    /binomial: probs must be in \[0, 1\], got -0.1 at index 1/,
  );
  assert.throws(() => R.permutation(k, -3), /permutation: n must be an integer in \[0, 2\^31\), got -3/);
  assert.throws(() => R.split(k, 1.5), /split: n must be an integer in \[0, 2\^32\), got 1.5/);
});
