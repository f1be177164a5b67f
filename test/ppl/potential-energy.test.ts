/**
 * potentialEnergy: the sampler's potential(q, grad) against the tensor path, a hand-written
 * log-density and finite differences, and the checks a run of the model must pass.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  type Tensor,
  HalfCauchy,
  Normal,
  add,
  exp,
  handlers,
  key,
  logDensity,
  mul,
  plate,
  potentialEnergy,
  sample,
  sum,
  tensor,
  trace,
  valueAndGrad,
} from "../../src/index.js";
import { assertClose, assertGradOk } from "../helpers/assert.js";
import { eightSchoolsNoncentered } from "../infer/models/posteriordb-models.js";

const data = { y: tensor([28, 8, -3, 7, -1, 1, 18, 12]), sigma: tensor([15, 10, 16, 11, 9, 11, 10, 18]) };
const points = [
  [1.2, 0.7, -0.3, 0.5, 1.1, -0.8, 0.2, 0.4, -1.3, 0.9],
  [-3, -2, 1, 0, 0, 2, -1, 0.5, 0.25, -0.5],
  [10, 3, 0, 0, 0, 0, 0, 0, 0, 0],
];

// mu ~ N(0, 5); tau = exp(logTau) ~ HalfCauchy(5) with log-Jacobian logTau;
// theta_tilde ~ N(0, 1); y ~ N(mu + tau · theta_tilde, sigma).
function logJoint(q: Tensor): Tensor {
  const mu = q.slice([{ start: 0, stop: 1 }]).reshape([]);
  const logTau = q.slice([{ start: 1, stop: 2 }]).reshape([]);
  const thetaTilde = q.slice([{ start: 2 }]);
  const tau = exp(logTau);
  const prior = add(add(Normal(0, 5).logProb(mu), HalfCauchy(5).logProb(tau)), logTau);
  const likelihood = sum(Normal(add(mu, mul(tau, thetaTilde)), data.sigma).logProb(data.y));
  return add(add(prior, sum(Normal(0, 1).logProb(thetaTilde))), likelihood);
}

test("eight schools: potential(q, grad) is minus the log joint density and its gradient", () => {
  const mp = potentialEnergy(eightSchoolsNoncentered, data, key(0));
  assert.equal(mp.dim, 10);
  assert.deepEqual(
    mp.sites.map((s) => [s.name, s.offset, s.size]),
    [
      ["mu", 0, 1],
      ["tau", 1, 1],
      ["theta_tilde", 2, 8],
    ],
  );
  const vg = valueAndGrad(logJoint);
  for (const p of points) {
    const q = Float64Array.from(p);
    const grad = new Float64Array(10);
    const u = mp.potential(q, grad);
    const [lp, g] = vg(tensor(p));
    assertClose(u, -lp.item(), { rtol: 1e-13 });
    assertClose(
      grad,
      Array.from(g.data, (x) => -x),
      { rtol: 1e-12, atol: 1e-13 },
    );
    assert.deepEqual(Array.from(q), p, "q is left as it was");
  }
});

test("eight schools: potential agrees bit for bit with potentialTensor and its gradient", () => {
  const mp = potentialEnergy(eightSchoolsNoncentered, data, key(0));
  const vg = valueAndGrad((q: Tensor) => mp.potentialTensor(q));
  for (const p of points) {
    const grad = new Float64Array(10);
    const u = mp.potential(Float64Array.from(p), grad);
    const [v, g] = vg(tensor(p));
    assert.equal(u, v.item());
    assert.deepEqual(Array.from(grad), Array.from(g.data));
    assertGradOk((q: Tensor) => mp.potentialTensor(q), tensor(p), { rtol: 1e-6 });
  }
});

test("potential rejects an invalid parameter (ParameterError) and a NaN density with Infinity and a zero gradient", () => {
  const model = () => {
    const s = sample("s", Normal(0, 1));
    sample("y", Normal(0, exp(s)), { obs: 1 });
  };
  const mp = potentialEnergy(model, undefined, key(1));
  const grad = new Float64Array(1).fill(7);
  assert.equal(mp.potential(Float64Array.of(1000), grad), Infinity); // exp(1000) = ∞ is no scale
  assert.deepEqual(Array.from(grad), [0]);
  assert.ok(Number.isFinite(mp.potential(Float64Array.of(0.5), grad)));
  const nanModel = () => {
    const s = sample("s", Normal(0, 1));
    sample("y", Normal(s, 1, { validateArgs: false }), { obs: NaN });
  };
  grad.fill(7);
  assert.equal(potentialEnergy(nanModel, undefined, key(1)).potential(Float64Array.of(0.5), grad), Infinity);
  assert.deepEqual(Array.from(grad), [0]);
  assert.throws(() => mp.potential(new Float64Array(2), grad), /expected a flat vector of length 1, got 2/);
});

test("a site name used twice in one run is an error, as under trace", () => {
  let runs = 0;
  const model = () => {
    sample("a", Normal(0, 1));
    // the first run (site discovery) is fine; later runs repeat an observed site's name
    sample("y", Normal(0, 1), { obs: 0 });
    if (++runs > 1) sample("y", Normal(0, 1), { obs: 1 });
  };
  const mp = potentialEnergy(model, undefined, key(2));
  assert.throws(() => mp.potential(new Float64Array(1), new Float64Array(1)), /site name 'y' is used twice/);
  let n = 0;
  const unknownTwice = () => {
    sample("a", Normal(0, 1));
    if (++n > 1) for (let i = 0; i < 2; i++) sample("extra", Normal(0, 1), { obs: i });
  };
  const mp2 = potentialEnergy(unknownTwice, undefined, key(2));
  assert.throws(() => mp2.potential(new Float64Array(1), new Float64Array(1)), /site name 'extra' is used twice/);
});

test("a latent site that was not in the first run is an error; new observed sites are scored", () => {
  let runs = 0;
  const model = () => {
    sample("a", Normal(0, 1));
    // a site with a key of its own, so that it gets a value and reaches the check
    if (++runs > 1) handlers.seed(() => sample("b", Normal(0, 1)), key(9))(undefined);
  };
  const mp = potentialEnergy(model, undefined, key(3));
  assert.throws(
    () => mp.potential(new Float64Array(1), new Float64Array(1)),
    /site 'b' appeared that was not in the model's first run/,
  );

  let m = 0;
  const observedLater = () => {
    sample("a", Normal(0, 1));
    if (++m > 1) sample("z", Normal(0, 1), { obs: 2 });
  };
  const mp2 = potentialEnergy(observedLater, undefined, key(3));
  const grad = new Float64Array(1);
  const u = mp2.potential(Float64Array.of(0.5), grad);
  const expected = -(Normal(0, 1).logProb(0.5).item() + Normal(0, 1).logProb(2).item());
  assertClose(u, expected, { rtol: 1e-14 });
  assertClose(grad, [0.5], { rtol: 1e-14 });
});

test("handlers inside the model (scale, mask) and plates are honoured by the potential", () => {
  const y = tensor([0.5, -1, 2]);
  const inner = () => {
    const mu = sample("mu", Normal(0, 1));
    const observe = () => sample("y", Normal(mu, 1), { obs: y });
    plate("data", 3, () => handlers.mask(observe, tensor([1, 0, 1]))(undefined));
  };
  const model = () => handlers.scale(inner, 2)(undefined);
  const mp = potentialEnergy(model, undefined, key(4));
  const grad = new Float64Array(1);
  const u = mp.potential(Float64Array.of(0.3), grad);
  const { trace: tr } = trace(handlers.substitute(model, { mu: tensor(0.3) }))(undefined);
  assertClose(u, -logDensity(tr).item(), { rtol: 1e-14 });
  // d/dmu of −2[log N(mu|0,1) + log N(0.5|mu,1) + log N(2|mu,1)] = 2[mu − (0.5 − mu) − (2 − mu)]
  assertClose(grad, [2 * (0.3 - (0.5 - 0.3) - (2 - 0.3))], { rtol: 1e-13 });
});

test("a plate of size 1 gives its sites a batch axis of extent 1", () => {
  const model = () => plate("one", 1, () => sample("x", Normal(0, 1)));
  const { trace: tr } = trace(handlers.seed(model, key(5)))(undefined);
  assert.deepEqual(tr.get("x")!.fn!.batchShape, [1]);
  assert.deepEqual(tr.get("x")!.value!.shape, [1]);
  const nested = () => plate("outer", 2, () => plate("inner", 3, () => sample("x", Normal(tensor([[0, 1]]), 1))));
  const { trace: tr2 } = trace(handlers.seed(nested, key(5)))(undefined);
  assert.deepEqual(tr2.get("x")!.fn!.batchShape, [3, 2]); // the inner plate takes dim −2
  assert.throws(
    () => trace(handlers.seed(() => plate("p", 3, () => sample("x", Normal(tensor([0, 1]), 1))), key(5)))(undefined),
    /batch shape \[2\] has extent 2 on that axis/,
  );
});
