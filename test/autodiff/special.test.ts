/**
 * Differentiable special functions: values equal the scalar kernels, gradients match central
 * finite differences (including in the tails and with broadcasting), and the zero conventions
 * of xlogy carry over to its gradient.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  type Tensor,
  digamma,
  erf,
  erfc,
  erfinv,
  expm1,
  lgamma,
  log1p,
  logBeta,
  logit,
  logNdtr,
  logSigmoid,
  mul,
  ndtr,
  ndtri,
  softplus,
  sum,
  tensor,
  valueAndGrad,
  xlog1py,
  xlogy,
} from "../../src/index.js";
import * as scalar from "../../src/tensor/special.js";
import { assertClose, assertGradOk } from "../helpers/assert.js";

type Unary = (a: Tensor) => Tensor;

/** Each op with its scalar kernel and inputs covering its hard regions. */
const unaryCases: [string, Unary, (x: number) => number, number[]][] = [
  ["softplus", softplus, scalar.softplus, [-30, -3, -0.2, 0, 0.4, 5, 30]],
  ["logSigmoid", logSigmoid, scalar.logSigmoid, [-30, -3, -0.2, 0, 0.4, 5, 30]],
  ["logit", logit, scalar.logit, [0.02, 0.1, 0.3, 0.5, 0.8, 0.98]],
  ["log1p", log1p, Math.log1p, [-0.9, -1e-3, 0, 1e-5, 0.7, 40]],
  ["expm1", expm1, Math.expm1, [-20, -1, -1e-6, 0, 1e-4, 2, 12]],
  ["erf", erf, scalar.erf, [-3, -0.8, -1e-3, 0, 0.2, 1.1, 2.5]],
  ["erfc", erfc, scalar.erfc, [-2.5, -0.7, 0, 0.3, 1.5, 4, 9]],
  ["erfinv", erfinv, scalar.erfinv, [-0.999, -0.5, 0, 0.1, 0.84, 0.99]],
  ["ndtr", ndtr, scalar.ndtr, [-9, -3, -1, 0, 0.6, 2, 5]],
  ["ndtri", ndtri, scalar.ndtri, [0.005, 0.05, 0.2, 0.5, 0.7, 0.99]],
  ["logNdtr", logNdtr, scalar.logNdtr, [-300, -40, -8, -1.5, -1, -0.3, 0, 2, 7]],
  ["lgamma", lgamma, scalar.lgamma, [0.05, 0.5, 1, 1.46, 2, 3.3, 11, 150, -0.5, -2.3]],
  ["digamma", digamma, scalar.digamma, [0.05, 0.5, 1, 1.46, 2, 3.3, 11, 150, -0.5, -2.3]],
];

test("unary special ops compute the scalar kernels elementwise", () => {
  for (const [name, op, f, xs] of unaryCases) {
    const t = tensor(xs);
    const y = op(t);
    assert.deepEqual(y.shape, t.shape, name);
    assert.deepEqual(Array.from(y.data), xs.map(f), name);
  }
});

test("unary special ops: gradients match central finite differences", () => {
  for (const [name, op, , xs] of unaryCases) {
    // One point at a time, so each difference quotient is only as large as its own value.
    for (const x of xs) {
      try {
        assertGradOk((u: Tensor) => sum(op(u)), tensor([x]), { rtol: 1e-6, atol: 1e-8 });
      } catch (e) {
        throw new Error(`${name}(${x}): ${(e as Error).message}`);
      }
    }
  }
});

test("unary special ops: the cotangent is applied elementwise", () => {
  const xs = [0.2, 0.45, 0.7];
  const w = tensor([2, -1, 0.5]);
  for (const [name, op, f] of unaryCases) {
    if (name === "ndtri" || name === "erfinv" || name === "logit") continue; // inputs outside their domain below
    const [, g] = valueAndGrad((u: Tensor) => sum(mul(op(u), w)))(tensor(xs));
    const h = 1e-6;
    const numeric = xs.map((x, i) => ((f(x + h) - f(x - h)) / (2 * h)) * w.data[i]!);
    assertClose(g.data, numeric, { rtol: 1e-6, atol: 1e-9, what: name });
  }
});

test("analytic derivatives in the tails, where finite differences cannot reach", () => {
  // d/dx log Φ(x) = φ(x)/Φ(x) ~ -x - 1/x as x → -∞ (Mills ratio)
  const [, g] = valueAndGrad((x: Tensor) => sum(logNdtr(x)))(tensor([-1e5, -50, 40]));
  assertClose(g.data, [1e5 + 1e-5 - 2e-15, 50 + 1 / 50 - 2 / 125000, 0], { rtol: 1e-9, atol: 1e-300 });
  // d/dp Φ⁻¹(p) = 1/φ(Φ⁻¹(p)) at p = 1e-300
  const p = 1e-300;
  const [, gq] = valueAndGrad((u: Tensor) => sum(ndtri(u)))(tensor([p]));
  const z = scalar.ndtri(p);
  assertClose(gq.data, [Math.sqrt(2 * Math.PI) * Math.exp(0.5 * z * z)], { rtol: 1e-12 });
  // lgamma' = digamma, digamma' = trigamma, exactly the scalar kernels
  const xs = [0.3, 1.4616321449683622, 7, 1e6];
  assertClose(valueAndGrad((x: Tensor) => sum(lgamma(x)))(tensor(xs))[1].data, xs.map(scalar.digamma), {
    rtol: 0,
    atol: 0,
  });
  assertClose(valueAndGrad((x: Tensor) => sum(digamma(x)))(tensor(xs))[1].data, xs.map(scalar.trigamma), {
    rtol: 0,
    atol: 0,
  });
});

test("logBeta: values, broadcasting, gradients in both arguments", () => {
  const a = tensor([
    [0.3, 2, 15],
    [40, 0.9, 7],
  ]);
  const b = tensor([1.5, 0.05, 300]);
  const y = logBeta(a, b);
  assert.deepEqual(y.shape, [2, 3]);
  assertClose(
    y.data,
    [0.3, 2, 15, 40, 0.9, 7].map((ai, i) => scalar.logBeta(ai, [1.5, 0.05, 300][i % 3]!)),
    { rtol: 0, atol: 0 },
  );
  const w = tensor([
    [1, -0.5, 2],
    [0.7, 1.3, -1],
  ]);
  assertGradOk((p: { a: Tensor; b: Tensor }) => sum(mul(logBeta(p.a, p.b), w)), { a, b }, { rtol: 1e-6, atol: 1e-7 });
  // a scalar broadcast against a matrix: its gradient is the sum over all elements
  assertGradOk(
    (p: { a: Tensor; b: Tensor }) => sum(mul(logBeta(p.a, p.b), w)),
    { a: tensor(2.5), b: a },
    { rtol: 1e-6, atol: 1e-7 },
  );
  // ∂/∂a log B(a, b) = ψ(a) - ψ(a + b)
  const [, g] = valueAndGrad((p: { a: Tensor; b: Tensor }) => sum(logBeta(p.a, p.b)))({
    a: tensor([3]),
    b: tensor([4]),
  });
  assertClose(g.a.data, [scalar.digamma(3) - scalar.digamma(7)], { rtol: 1e-15 });
  assertClose(g.b.data, [scalar.digamma(4) - scalar.digamma(7)], { rtol: 1e-15 });
});

test("xlogy and xlog1py: broadcasting, gradients, and zero weight contributing no gradient", () => {
  const x = tensor([
    [0.5, -2, 3],
    [1.5, 4, 0.25],
  ]);
  const y = tensor([[0.2], [7]]);
  const w = tensor([
    [1, 2, -1],
    [0.5, -0.3, 1.1],
  ]);
  assertClose(
    xlogy(x, y).data,
    [0.5, -2, 3, 1.5, 4, 0.25].map((xi, i) => xi * Math.log(i < 3 ? 0.2 : 7)),
    { rtol: 1e-15 },
  );
  assertGradOk((p: { x: Tensor; y: Tensor }) => sum(mul(xlogy(p.x, p.y), w)), { x, y }, { rtol: 1e-6, atol: 1e-7 });
  assertGradOk(
    (p: { x: Tensor; y: Tensor }) => sum(mul(xlog1py(p.x, p.y), w)),
    { x, y: tensor([-0.6, 0.01, 9]) },
    { rtol: 1e-6, atol: 1e-7 },
  );
  // 0 · log 0 = 0, and the y-gradient of a zero-weight term is 0 (not NaN)
  const [v, g] = valueAndGrad((p: { x: Tensor; y: Tensor }) => sum(xlogy(p.x, p.y)))({
    x: tensor([0, 2]),
    y: tensor([0, 4]),
  });
  assert.equal(v.item(), 2 * Math.log(4));
  assert.deepEqual(Array.from(g.y.data), [0, 0.5]);
  assert.deepEqual(Array.from(g.x.data), [-Infinity, Math.log(4)]);
  const [v1, g1] = valueAndGrad((p: { x: Tensor; y: Tensor }) => sum(xlog1py(p.x, p.y)))({
    x: tensor([0]),
    y: tensor([-1]),
  });
  assert.equal(v1.item(), 0);
  assert.deepEqual(Array.from(g1.y.data), [0]);
});

test("untracked inputs get no gradient and record nothing", () => {
  const c = tensor([2, 3]);
  const [, g] = valueAndGrad((a: Tensor) => sum(logBeta(a, c)))(tensor([1, 1]));
  assertClose(g.data, [scalar.digamma(1) - scalar.digamma(3), scalar.digamma(1) - scalar.digamma(4)], { rtol: 1e-15 });
  // outside any gradient call the ops are plain kernels
  assert.equal(lgamma(tensor([4])).node, null);
});
