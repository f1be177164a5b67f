/**
 * The autoguides' distributions against hand-computed densities, their draws against their
 * parameters, and their summaries (median, quantiles, posterior draws) against closed forms.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  AutoMultivariateNormal,
  AutoNormal,
  Beta,
  Delta,
  Gamma,
  Independent,
  Normal,
  PushforwardDistribution,
  SVI,
  adam,
  bijectTo,
  deterministic,
  key,
  plate,
  sample,
  seed,
  siteLogProb,
  special,
  substitute,
  tensor,
  trace,
  unitInterval,
} from "../../../src/index.js";
import { assertClose } from "../../helpers/assert.js";
import { meanOf } from "./reference.js";

// a real scalar, b positive [2], c in (0, 1): 4 unconstrained coordinates [a, log b₀, log b₁, logit c]
function model() {
  const a = sample("a", Normal(0, 1));
  const b = plate("k", 2, () => sample("b", Gamma(2, 1)));
  const c = sample("c", Beta(2, 2));
  deterministic("total", a.add(b.sum()).add(c));
}
const loc = [0.3, -0.2, 0.5, 1.1];
const L = [
  [0.5, 0, 0, 0],
  [0.2, 0.4, 0, 0],
  [-0.1, 0.3, 0.6, 0],
  [0.25, -0.2, 0.1, 0.3],
];
const params = { auto_loc: tensor(loc), auto_scale_tril: tensor(L) };

/** log N(u; loc, L Lᵀ) by forward substitution: −½|L⁻¹(u − loc)|² − Σ log L_ii − (d/2) log 2π. */
function gaussianLogDensity(u: number[]): number {
  const e: number[] = [];
  let quad = 0;
  let logDet = 0;
  for (let i = 0; i < 4; i++) {
    let r = u[i]! - loc[i]!;
    for (let j = 0; j < i; j++) r -= L[i]![j]! * e[j]!;
    e.push(r / L[i]![i]!);
    quad += e[i]! ** 2;
    logDet += Math.log(L[i]![i]!);
  }
  return -0.5 * quad - logDet - 2 * Math.log(2 * Math.PI);
}

test("AutoMultivariateNormal: log q of a draw is the joint Gaussian density of its unconstrained values minus the log-Jacobians", () => {
  const guide = AutoMultivariateNormal(model);
  for (let i = 0; i < 5; i++) {
    const { trace: tr } = trace(
      substitute(seed(guide, key(i)), (m) => (m.type === "param" ? params[m.name as keyof typeof params] : undefined)),
    )(undefined);
    const a = tr.get("a")!.value!.item();
    const b = Array.from(tr.get("b")!.value!.data);
    const c = tr.get("c")!.value!.item();
    const u = [a, Math.log(b[0]!), Math.log(b[1]!), Math.log(c / (1 - c))];
    // log|dy/du|: exp → u; sigmoid → log c(1 − c)
    const logJac = u[1]! + u[2]! + Math.log(c * (1 - c));
    const logQ = ["a", "b", "c"].reduce((t, n) => t + siteLogProb(tr.get(n)!).item(), 0);
    assertClose(logQ, gaussianLogDensity(u) - logJac, { atol: 1e-10, what: `log q of draw ${i}` });
  }
});

test("AutoMultivariateNormal: draws have mean loc and covariance L Lᵀ on the unconstrained scale; deterministic sites replayed", () => {
  const guide = AutoMultivariateNormal(model);
  const N = 3000;
  const draws = guide.samplePosterior(key(9), params, N);
  const u = (n: number) => [
    draws.a!.data[n]!,
    Math.log(draws.b!.data[2 * n]!),
    Math.log(draws.b!.data[2 * n + 1]!),
    Math.log(draws.c!.data[n]! / (1 - draws.c!.data[n]!)),
  ];
  const rows = Array.from({ length: N }, (_, n) => u(n));
  const cov = (i: number, j: number) => L[i]!.reduce((t, v, k) => t + v * L[j]![k]!, 0);
  for (let i = 0; i < 4; i++) {
    const m = meanOf(rows.map((r) => r[i]!));
    // 4 standard errors of a mean of N draws
    assert.ok(Math.abs(m - loc[i]!) < 4 * Math.sqrt(cov(i, i) / N), `mean[${i}] ${m} vs ${loc[i]}`);
    for (let j = 0; j <= i; j++) {
      const c = rows.reduce((t, r) => t + (r[i]! - loc[i]!) * (r[j]! - loc[j]!), 0) / N;
      // the sample covariance (known mean) has variance (Σ_ii Σ_jj + Σ_ij²)/N
      const se = Math.sqrt((cov(i, i) * cov(j, j) + cov(i, j) ** 2) / N);
      assert.ok(Math.abs(c - cov(i, j)) < 4 * se, `cov[${i}][${j}] ${c} vs ${cov(i, j)}`);
    }
  }
  for (let n = 0; n < N; n += 97)
    assertClose(
      draws.total!.data[n]!,
      draws.a!.data[n]! + draws.b!.data[2 * n]! + draws.b!.data[2 * n + 1]! + draws.c!.data[n]!,
      {
        atol: 1e-12,
        what: "deterministic site",
      },
    );
});

test("AutoMultivariateNormal: median and quantiles use the marginals N(loc_i, Σ_j L_ij²), pushed through each transform", () => {
  const guide = AutoMultivariateNormal(model);
  new SVI(model, guide, adam({ learningRate: 0.01 })).init(key(0), undefined);
  const med = guide.median(params);
  assertClose(med.b!.data, [Math.exp(-0.2), Math.exp(0.5)], { rtol: 1e-14 });
  const z = special.ndtri(0.9);
  const sd = (i: number) => Math.sqrt(L[i]!.reduce((t, v) => t + v * v, 0));
  const q = guide.quantiles(params, [0.9]);
  assertClose(q.a!.data, [0.3 + sd(0) * z], { rtol: 1e-14 });
  assertClose(q.b!.data, [Math.exp(-0.2 + sd(1) * z), Math.exp(0.5 + sd(2) * z)], { rtol: 1e-14 });
  assertClose(q.c!.data, [1 / (1 + Math.exp(-(1.1 + sd(3) * z)))], { rtol: 1e-14 });
});

test("AutoNormal: median and quantiles are the Gaussian's pushed through each site's transform", () => {
  const guide = AutoNormal(model);
  const state = new SVI(model, guide, adam({ learningRate: 0.01 })).init(key(0), undefined);
  assert.deepEqual(Object.keys(state.params).sort(), [
    "a_auto_loc",
    "a_auto_scale",
    "b_auto_loc",
    "b_auto_scale",
    "c_auto_loc",
    "c_auto_scale",
  ]);
  // the init scale is NumPyro's 0.1
  const fitted = new SVI(model, guide, adam({ learningRate: 0.01 })).getParams(state);
  assertClose(fitted.b_auto_scale!.data, [0.1, 0.1], { rtol: 1e-15 });
  const p = {
    ...fitted,
    a_auto_loc: tensor(0.4),
    a_auto_scale: tensor(0.5),
    b_auto_loc: tensor([0.1, -0.3]),
    b_auto_scale: tensor([0.2, 0.7]),
    c_auto_loc: tensor(-0.5),
    c_auto_scale: tensor(0.3),
  };
  const med = guide.median(p);
  assertClose(med.b!.data, [Math.exp(0.1), Math.exp(-0.3)], { rtol: 1e-14 });
  assertClose(med.c!.item(), 1 / (1 + Math.exp(0.5)), { rtol: 1e-14 });
  const q = guide.quantiles(p, [0.05, 0.975]);
  assert.deepEqual(q.b!.shape, [2, 2]);
  const z = [special.ndtri(0.05), special.ndtri(0.975)];
  assertClose(q.a!.data, [0.4 + 0.5 * z[0]!, 0.4 + 0.5 * z[1]!], { rtol: 1e-14 });
  assertClose(
    q.b!.data,
    [
      Math.exp(0.1 + 0.2 * z[0]!),
      Math.exp(-0.3 + 0.7 * z[0]!),
      Math.exp(0.1 + 0.2 * z[1]!),
      Math.exp(-0.3 + 0.7 * z[1]!),
    ],
    { rtol: 1e-14 },
  );
});

test("a guide draw keeps its unconstrained value: log q stays finite where the sigmoid saturates", () => {
  // u ~ N(40, 0.1²) pushed through the sigmoid: σ(40) rounds to 1, whose logit is +∞; the
  // density of the draw is still log N(u; 40, 0.1) − log σ'(u), with log σ'(u) = −u − 2 log(1 + e^−u).
  const q = new PushforwardDistribution(
    Independent(Normal(tensor([40]), tensor([0.1])), 1),
    [],
    bijectTo(unitInterval),
    "p",
  );
  const y = q.rsample(key(0));
  assert.equal(y.item(), 1);
  const u = q.unconstrainedOf(y)!.item();
  const expected =
    -0.5 * ((u - 40) / 0.1) ** 2 - Math.log(0.1 * Math.sqrt(2 * Math.PI)) - (-u - 2 * Math.log1p(Math.exp(-u)));
  assertClose(q.logProb(y).item(), expected, { rtol: 1e-12 });
});

test("Delta: log-density logDensity at its point, −∞ elsewhere, draws are the point", () => {
  const d = Delta(tensor([1, 2]), 0.25, 1);
  assert.equal(d.logProb(tensor([1, 2])).item(), 0.25);
  assert.equal(d.logProb(tensor([1, 2.5])).item(), -Infinity);
  assert.deepEqual(Array.from(d.rsample(key(0), [2]).data), [1, 2, 1, 2]);
});
