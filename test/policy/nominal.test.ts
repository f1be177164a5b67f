import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "../helpers/assert.js";
import { bfgs } from "../../src/policy/nominal.js";
import { PolicyPosteriorSampler } from "../../src/policy/sampler.js";
import { key } from "../../src/random/index.js";
import { inverse, softmaxData } from "./helpers.js";

test("bfgs minimises the Rosenbrock function from (−1.2, 1) to (1, 1)", () => {
  const rosen = (x: Float64Array, g: Float64Array): number => {
    const [a, b] = [x[0]!, x[1]!];
    g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
    g[1] = 200 * (b - a * a);
    return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
  };
  const r = bfgs(rosen, new Float64Array([-1.2, 1]));
  assert.ok(r.converged, `not converged after ${r.iterations} iterations`);
  assertClose(r.x, [1, 1], { atol: 1e-6 });
  assert.ok(r.value < 1e-12, `f = ${r.value}`);
});

test("bfgs minimises a 4-D quadratic ½xᵀAx − bᵀx at A⁻¹b", () => {
  const a = [4, 1, 0.5, 0, 1, 3, 0.2, 0.1, 0.5, 0.2, 2, -0.3, 0, 0.1, -0.3, 1.5];
  const b = [1, -2, 0.5, 3];
  const f = (x: Float64Array, g: Float64Array): number => {
    let v = 0;
    for (let i = 0; i < 4; i++) {
      let ax = 0;
      for (let j = 0; j < 4; j++) ax += a[i * 4 + j]! * x[j]!;
      g[i] = ax - b[i]!;
      v += 0.5 * x[i]! * ax - b[i]! * x[i]!;
    }
    return v;
  };
  const r = bfgs(f, new Float64Array(4));
  const inv = inverse(a, 4);
  const xStar = Array.from({ length: 4 }, (_, i) => b.reduce((s, bj, j) => s + inv[i * 4 + j]! * bj, 0));
  assert.ok(r.converged);
  assertClose(r.x, xStar, { atol: 1e-7 });
  // On a quadratic BFGS with exact-enough steps needs few iterations.
  assert.ok(r.iterations < 30, `${r.iterations} iterations`);
});

test("bfgs: a non-finite objective at the start is an error", () => {
  assert.throws(() => bfgs(() => NaN, new Float64Array(2)), /bfgs: the objective is NaN at the starting point/);
});

/**
 * The MAP of logistic regression with a N(0, v) prior by Newton's method (an independent
 * reference): p(a = 0 | x) = σ(w₀x + w₁) (action 1 is the reference with logit 0).
 */
function newtonMap(xs: number[], actions: number[], v: number): [number, number] {
  let w = [0, 0];
  for (let it = 0; it < 100; it++) {
    const g = [-w[0]! / v, -w[1]! / v];
    const h = [-1 / v, 0, 0, -1 / v];
    xs.forEach((x, i) => {
      const p = 1 / (1 + Math.exp(-(w[0]! * x + w[1]!)));
      const y = actions[i] === 0 ? 1 : 0;
      const phi = [x, 1];
      for (let a = 0; a < 2; a++) {
        g[a] += (y - p) * phi[a]!;
        for (let b = 0; b < 2; b++) h[a * 2 + b] -= p * (1 - p) * phi[a]! * phi[b]!;
      }
    });
    const hi = inverse(h, 2);
    const step = [hi[0]! * g[0]! + hi[1]! * g[1]!, hi[2]! * g[0]! + hi[3]! * g[1]!];
    w = [w[0]! - step[0]!, w[1]! - step[1]!];
    if (Math.hypot(step[0]!, step[1]!) < 1e-14) break;
  }
  return w as [number, number];
}

test("fitNominal equals the MAP found by Newton's method on a 1-D-state logistic problem", () => {
  for (const v of [0.5, 1, 10]) {
    const data = softmaxData(key(123), 80, [[2], [-0.5]], 0.3);
    const sampler = new PolicyPosteriorSampler({
      family: "linear-softmax",
      numActions: 2,
      policyPriorVariance: v,
      observationNoiseStd: 0.3,
    });
    // The nominal fit ignores the noise: the observations are taken as the states.
    const fit = sampler.fitNominal(data.obs, data.actions);
    assert.ok(fit.converged);
    const ref = newtonMap(
      data.obs.map((o) => o[0]!),
      data.actions,
      v,
    );
    assertClose(fit.weights, ref, { atol: 1e-6, what: `prior variance ${v}` });
    assert.equal(fit.numDraws, 1);
  }
});

test("fitNominal: the 1-D MAP slope is the maximiser of the profile on a fine grid", () => {
  const data = softmaxData(key(124), 60, [[1.5], [0.2]], 0);
  const xs = data.obs.map((o) => o[0]!);
  const fit = new PolicyPosteriorSampler({ family: "linear-softmax", numActions: 2 }).fitNominal(
    data.obs,
    data.actions,
  );
  // Log posterior on a 0.001 grid around the fitted point: the fitted point is at least as good
  // as every grid point, and the best grid point is within one grid step of it.
  const logPost = (w0: number, w1: number): number => {
    let l = -(w0 * w0 + w1 * w1) / 2;
    xs.forEach((x, i) => {
      const eta = w0 * x + w1;
      l += data.actions[i] === 0 ? -Math.log1p(Math.exp(-eta)) : -Math.log1p(Math.exp(eta));
    });
    return l;
  };
  const at = logPost(fit.weights[0]!, fit.weights[1]!);
  let best = -Infinity;
  let arg = [0, 0];
  for (let i = -50; i <= 50; i++)
    for (let j = -50; j <= 50; j++) {
      const w0 = fit.weights[0]! + i * 1e-3;
      const w1 = fit.weights[1]! + j * 1e-3;
      const l = logPost(w0, w1);
      if (l > best) [best, arg] = [l, [w0, w1]];
    }
  assert.ok(at >= best - 1e-12, `fitted ${at} < grid best ${best}`);
  assertClose(arg, fit.weights, { atol: 1e-3 + 1e-12 });
});
