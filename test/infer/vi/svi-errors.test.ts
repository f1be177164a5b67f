/**
 * SVI's contract: a run is a pure function of its key, and mistakes (a guide that does not
 * match the model, a parameter outside its constraint, a loss that is not finite) stop with a
 * message naming the site, parameter or step.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  AutoNormal,
  Gamma,
  LogNormal,
  Normal,
  SVI,
  TraceELBO,
  Uniform,
  adam,
  elbo,
  key,
  log,
  param,
  plate,
  positive,
  sample,
  unitInterval,
} from "../../../src/index.js";

function model() {
  const mu = sample("mu", Normal(0, 1));
  const tau = sample("tau", Gamma(2, 2));
  sample("y", Normal(mu, tau), { obs: 0.3 });
}
const optimizer = adam({ learningRate: 0.01 });

test("same key, same losses and parameters, bit for bit; another key, other losses", () => {
  const run = (seed: number) =>
    new SVI(model, AutoNormal(model), optimizer, TraceELBO({ numParticles: 2 })).run(key(seed), 30, undefined);
  const [a, b, c] = [run(5), run(5), run(6)];
  assert.deepEqual(a.losses, b.losses);
  assert.deepEqual(
    Object.fromEntries(Object.entries(a.params).map(([k, v]) => [k, Array.from(v.data)])),
    Object.fromEntries(Object.entries(b.params).map(([k, v]) => [k, Array.from(v.data)])),
  );
  assert.notDeepEqual(a.losses, c.losses);
  // stepping by hand from init gives the same trajectory as run
  const svi = new SVI(model, AutoNormal(model), optimizer, TraceELBO({ numParticles: 2 }));
  let state = svi.init(key(5), undefined);
  const losses: number[] = [];
  for (let i = 0; i < 30; i++) {
    const r = svi.update(state, undefined);
    state = r.state;
    losses.push(r.loss);
  }
  assert.deepEqual(Float64Array.from(losses), a.losses);
  assert.equal(state.step, 30);
});

test("a guide missing a latent site, with an extra site, or sampling an observed site is rejected by name", () => {
  const missing = () => {
    sample("mu", Normal(param("m", 0), 1));
  };
  assert.throws(
    () => new SVI(model, missing, optimizer).init(key(0), undefined),
    /the guide has no sample site for the model's latent site 'tau'/,
  );
  const extra = () => {
    sample("mu", Normal(0, 1));
    sample("tau", Gamma(2, 2));
    sample("sigma", Gamma(2, 2));
  };
  assert.throws(
    () => new SVI(model, extra, optimizer).init(key(0), undefined),
    /the guide samples site 'sigma', which is not a sample site of the model/,
  );
  const observed = () => {
    sample("mu", Normal(0, 1));
    sample("tau", Gamma(2, 2));
    sample("y", Normal(0, 1));
  };
  assert.throws(
    () => new SVI(model, observed, optimizer).init(key(0), undefined),
    /the guide samples site 'y', which the model observes/,
  );
});

test("parameters: a value outside its constraint, a missing value, and an unknown initial value are errors", () => {
  const badInit = () => {
    sample("mu", Normal(param("m", 0), param("s", 2, { constraint: unitInterval })));
    sample("tau", Gamma(2, 2));
  };
  assert.throws(
    () => new SVI(model, badInit, optimizer).init(key(0), undefined),
    /param 's' has initial value 2.*not in its constraint unitInterval/,
  );
  const guide = () => {
    sample("mu", Normal(param("m", 0), 1));
    sample("tau", Gamma(2, 2));
  };
  assert.throws(
    () => elbo(model, guide)(key(0), {}, undefined),
    /param 'm' has no value among the parameters \(none\)/,
  );
  assert.throws(
    () => new SVI(model, guide, optimizer).init(key(0), undefined, { initParams: { mm: 1 } }),
    /initial value given for 'mm', which is not a param site.*\(params: m\)/,
  );
});

// y = 5 is outside Uniform(0, s) for every s the guide draws (s ≈ 1, log-sd 0.1): log p = −∞.
function impossible() {
  const s = sample("s", Gamma(2, 1));
  sample("y", Uniform(0, s), { obs: 5 });
}
function smallS() {
  sample("s", LogNormal(log(param("s_loc", 1, { constraint: positive })), 0.1));
}

test("an infinite loss names the step and the site; stable updates skip such steps", () => {
  const svi = new SVI(impossible, smallS, optimizer);
  assert.throws(
    () => svi.run(key(0), 5, undefined),
    /SVI: at step 0, the loss is Infinity: model site 'y' has log-density -Infinity/,
  );
  const { losses, params } = svi.run(key(0), 3, undefined, { stableUpdate: true });
  assert.deepEqual(Array.from(losses), [Infinity, Infinity, Infinity]);
  assert.equal(params.s_loc!.item(), 1);
});

test("autoguides explain what they need: a first run before summaries, no subsampled local latents", () => {
  const guide = AutoNormal(model);
  assert.throws(() => guide.median({}), /AutoNormal: the guide has not been run yet/);
  const state = new SVI(model, guide, optimizer).init(key(0), undefined);
  assert.throws(() => guide.median({}), /AutoNormal: no parameter 'mu_auto_loc' among none/);
  assert.throws(
    () => guide.quantiles(new SVI(model, guide, optimizer).getParams(state), [0.5, 1]),
    /levels must be in \(0, 1\), got 1 at index 1/,
  );
  const local = () => plate("n", 10, () => sample("z", Normal(0, 1)), { subsample: [0, 1, 2] });
  assert.throws(() => AutoNormal(local)(undefined), /latent site 'z' is in plate 'n' with subsampling \(3 of 10\)/);
  assert.throws(
    () => new SVI(model, AutoNormal(model), optimizer).run(key(0), -1, undefined),
    /numSteps must be a non-negative integer, got -1/,
  );
});
