/**
 * AutoDelta: MAP estimation by SVI. The guide is deterministic, so each step is an exact
 * gradient step on the log joint and the optimum is reached to optimiser precision.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  AutoDelta,
  Gamma,
  Poisson,
  SVI,
  type Tensor,
  TraceELBO,
  Normal,
  adam,
  exponentialDecay,
  key,
  plate,
  positive,
  sample,
  param,
  special,
  tensor,
} from "../../../src/index.js";

// λ ~ Gamma(3, 1), y_i ~ Poisson(λ) → posterior Gamma(a = 21, b = 7).
const y = [2, 4, 3, 5, 1, 3];
const [a, b] = [3 + y.reduce((s, v) => s + v), 1 + y.length];
const data = { y: tensor(y) };
function model({ y }: { y: Tensor }) {
  const lambda = sample("lambda", Gamma(3, 1));
  plate("data", y.shape[0]!, () => sample("y", Poisson(lambda), { obs: y }));
}
/** log p(y, λ) in closed form: Gamma(3, 1) prior and Poisson likelihoods. */
function logJoint(lambda: number): number {
  const prior = 2 * Math.log(lambda) - lambda - special.lgamma(3);
  return y.reduce((t, k) => t + k * Math.log(lambda) - lambda - special.lgamma(k + 1), prior);
}

function fitMap(jacobian: boolean) {
  const steps = 600;
  const learningRate = exponentialDecay({ initialValue: 0.1, decayRate: 0.01, decaySteps: steps });
  const guide = AutoDelta(model, { jacobian });
  const svi = new SVI(model, guide, adam({ learningRate }), TraceELBO());
  return { guide, svi, ...svi.run(key(0), steps, data) };
}

test("AutoDelta finds the constrained-space MAP (NumPyro's convention): mode (a − 1)/b of Gamma(a, b)", () => {
  const { guide, params, svi, state } = fitMap(false);
  const mode = (a - 1) / b;
  const lambda = guide.median(params).lambda!.item();
  // Deterministic gradients: Adam's final steps are ≤ 1e-3 in log λ; 1e-3 relative.
  assert.ok(Math.abs(lambda / mode - 1) < 1e-3, `MAP ${lambda} vs mode ${mode}`);
  // The loss is exactly −log p(y, λ) at the point (a point mass contributes log q = 0).
  assert.ok(Math.abs(svi.evaluate(state, data) - -logJoint(lambda)) < 1e-9, "loss is the negative log joint");
  assert.deepEqual(Object.keys(params), ["lambda_auto_loc"]);
});

test("AutoDelta with jacobian: true finds the mode on the unconstrained scale: a/b for log λ", () => {
  // the density of u = log λ is ∝ exp(a u − b eᵘ), maximal at eᵘ = a/b
  const { guide, params, svi, state } = fitMap(true);
  const lambda = guide.median(params).lambda!.item();
  assert.ok(Math.abs(lambda / (a / b) - 1) < 1e-3, `MAP ${lambda} vs ${a / b}`);
  // the loss now includes the log-Jacobian log λ of λ = exp(u)
  assert.ok(Math.abs(svi.evaluate(state, data) - -(logJoint(lambda) + Math.log(lambda))) < 1e-9);
  const q = guide.quantiles(params, [0.1, 0.9]).lambda!;
  assert.deepEqual(Array.from(q.data), [lambda, lambda]);
});

test("a model's own param is fitted too: with no latent sites and an empty guide, SVI is maximum likelihood", () => {
  // y_i ~ N(m, s) with m real and s > 0 params of the model: the MLE is the sample mean and
  // the root mean squared deviation (divisor n). s is optimised as log s by SVI.
  const obs = [1.2, 0.4, 2.1, 1.5, 0.9];
  const gaussian = ({ y }: { y: Tensor }) => {
    const m = param("m", 0);
    const s = param("s", 1, { constraint: positive });
    plate("data", y.shape[0]!, () => sample("y", Normal(m, s), { obs: y }));
  };
  const steps = 800;
  const learningRate = exponentialDecay({ initialValue: 0.1, decayRate: 0.01, decaySteps: steps });
  const { params } = new SVI(gaussian, () => undefined, adam({ learningRate }), TraceELBO()).run(key(0), steps, {
    y: tensor(obs),
  });
  const mean = obs.reduce((t, v) => t + v) / obs.length;
  const rms = Math.sqrt(obs.reduce((t, v) => t + (v - mean) ** 2, 0) / obs.length);
  // deterministic gradients, as for AutoDelta: 1e-3 relative
  assert.ok(Math.abs(params.m!.item() / mean - 1) < 1e-3, `m ${params.m!.item()} vs ${mean}`);
  assert.ok(Math.abs(params.s!.item() / rms - 1) < 1e-3, `s ${params.s!.item()} vs ${rms}`);
});
