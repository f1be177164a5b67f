import { test } from "node:test";
import assert from "node:assert/strict";
import {
  type Tensor,
  add,
  broadcastTo,
  customGrad,
  exp,
  grad,
  jacobian,
  mul,
  reshape,
  sin,
  stopGradient,
  sum,
  tensor,
  valueAndGrad,
  vjp,
} from "../../src/index.js";
import { assertClose, assertGradOk } from "../helpers/assert.js";
import { sample } from "./probe.js";

const x0 = tensor([0.5, -1.2, 2]);
const y0 = tensor([1.5, 0.3, -0.7]);

test("the same tensor twice as an input of one op gets both contributions", () => {
  const [v, g] = valueAndGrad((x: Tensor) => sum(mul(x, x)))(x0);
  assertClose(v.item(), 0.25 + 1.44 + 4);
  assertClose(g.data, [1, -2.4, 4]);
});

test("a leaf used in several places accumulates every path", () => {
  // f = Σ (2x + sin x + x·Σx)  ⇒  ∂f/∂x_i = 2 + cos x_i + 2Σx
  const f = (x: Tensor) => sum(add(add(mul(x, 2), sin(x)), mul(x, sum(x))));
  const [, g] = valueAndGrad(f)(x0);
  const s = 0.5 - 1.2 + 2;
  assertClose(
    g.data,
    Array.from(x0.data, (xi) => 2 + Math.cos(xi) + s + s),
    { rtol: 1e-14 },
  );
  assertGradOk(f, x0);
});

test("a function that ignores its input, or returns a number, has zero gradient", () => {
  const [v, g] = valueAndGrad((_x: Tensor) => tensor(3))(x0);
  assert.equal(v.item(), 3);
  assert.deepEqual(g.toFlatArray(), [0, 0, 0]);
  const g2 = grad((_p: { a: Tensor; b: Tensor[] }) => 1)({ a: x0, b: [y0, tensor(1)] });
  assert.deepEqual(g2.a.toFlatArray(), [0, 0, 0]);
  assert.deepEqual(g2.b[1]!.shape, []);
  // a parameter left unused while another is used
  const g3 = grad((p: { a: Tensor; b: Tensor }) => sum(p.a))({ a: x0, b: y0 });
  assert.deepEqual(g3.a.toFlatArray(), [1, 1, 1]);
  assert.deepEqual(g3.b.toFlatArray(), [0, 0, 0]);
});

test("returning the parameter itself gives gradient one", () => {
  const [v, g] = valueAndGrad((x: Tensor) => x)(tensor(2.5));
  assert.equal(v.item(), 2.5);
  assert.deepEqual(g.toFlatArray(), [1]);
});

test("the same tensor object twice in a parameter tree gets a gradient per position", () => {
  const g = grad((p: Tensor[]) => sum(mul(p[0]!, 2)).add(sum(mul(p[1]!, 3))))([x0, x0]);
  assert.deepEqual(g[0]!.toFlatArray(), [2, 2, 2]);
  assert.deepEqual(g[1]!.toFlatArray(), [3, 3, 3]);
});

test("non-scalar and non-tensor outputs are reported clearly", () => {
  assert.throws(
    () => valueAndGrad((x: Tensor) => mul(x, 2))(x0),
    /valueAndGrad: the function must return a scalar, got a tensor of shape \[3\]/,
  );
  assert.throws(
    () => valueAndGrad(((_x: Tensor) => undefined) as unknown as (x: Tensor) => Tensor)(x0),
    /valueAndGrad: the function must return a Tensor or a number, got undefined/,
  );
  // a one-element tensor of any rank is a scalar
  const [, g] = valueAndGrad((x: Tensor) => reshape(sum(x), [1, 1]))(x0);
  assert.deepEqual(g.toFlatArray(), [1, 1, 1]);
});

test("vjp can pull back several cotangents, each independently", () => {
  const f = (x: Tensor) => mul(exp(x), tensor([1, 2, 3]));
  const [out, pullback] = vjp(f, x0);
  assertClose(
    out.data,
    Array.from(x0.data, (v, i) => Math.exp(v) * (i + 1)),
  );
  const d = Array.from(x0.data, (v, i) => Math.exp(v) * (i + 1));
  const c1 = tensor([1, 0, 2]);
  const c2 = tensor([-1, 3, 0.5]);
  const a1 = pullback(c1);
  const a2 = pullback(c2);
  const a1again = pullback(c1);
  assertClose(
    a1.data,
    d.map((di, i) => di * c1.data[i]!),
    { rtol: 1e-15 },
  );
  assertClose(
    a2.data,
    d.map((di, i) => di * c2.data[i]!),
    { rtol: 1e-15 },
  );
  assert.deepEqual(a1again.toFlatArray(), a1.toFlatArray());
  assert.throws(() => pullback(tensor([1, 2])), /vjp: cotangent has shape \[2\], the output has shape \[3\]/);
});

test("jacobian of a small map against the closed form", () => {
  const J = jacobian((x: Tensor) => mul(x, sum(x)), tensor([1, 2]));
  // ∂(x_i Σx)/∂x_j = δ_ij Σx + x_i
  assert.deepEqual(J.shape, [2, 2]);
  assertClose(J.data, [3 + 1, 1, 2, 3 + 2]);
});

test("state does not leak: an exception inside f leaves no tape active", () => {
  assert.throws(() =>
    valueAndGrad((_x: Tensor) => {
      throw new Error("boom");
    })(x0),
  );
  let leaked: Tensor | null = null;
  valueAndGrad((x: Tensor) => {
    leaked = mul(x, 2);
    return sum(leaked);
  })(x0);
  // the leaked intermediate is a plain constant to a later gradient computation
  const [, g] = valueAndGrad((y: Tensor) => sum(mul(y, leaked!)))(y0);
  assertClose(g.data, [1, -2.4, 4]);
});

test("an op whose kernel returns its input object does not corrupt the tape", () => {
  // broadcastTo to the same shape hands back the same tensor from its kernel
  const [, g] = valueAndGrad((x: Tensor) => sum(broadcastTo(x, [3])).add(sum(mul(x, x))))(x0);
  assertClose(g.data, [2, -1.4, 5]);
});

test("customGrad: hand-written backward, cotangents reshaped to the input's shape", () => {
  const flatSquare = customGrad(
    (a) => mul(a, a),
    (g, _out, a) => [reshape(mul(mul(g, a), 2), [a.size])],
  );
  const m = sample([2, 2]);
  const [, g] = valueAndGrad((a: Tensor) => sum(flatSquare(a)).add(sum(mul(a, 3))))(m);
  assertClose(
    g.data,
    Array.from(m.data, (v) => 2 * v + 3),
  );
  const bad = customGrad(
    (a) => a,
    (g) => [reshape(g, [g.size]).take([0])],
  );
  assert.throws(
    () => grad((a: Tensor) => sum(bad(a)))(m),
    /customGrad: cotangent 0 has shape \[1\], input has shape \[2, 2\]/,
  );
});

test("nested: an inner valueAndGrad's value stays differentiable in outer-tracked tensors it closes over", () => {
  // inner value Σ y0·x  ⇒  d/dx = y0; the inner gradient is x, with x a constant inside
  let innerGrad: Tensor | null = null;
  const [v, g] = valueAndGrad((x: Tensor) => {
    const [iv, ig] = valueAndGrad((y: Tensor) => sum(mul(y, x)))(y0);
    innerGrad = stopGradient(ig);
    return iv;
  })(x0);
  assertClose(v.item(), 0.75 - 0.36 - 1.4, { rtol: 1e-15 });
  assertClose(g.data, y0.data);
  assertClose(innerGrad!.data, x0.data);
});

test("nested: parameters that are outer-tracked carry the inner value's gradient", () => {
  // inner f(y) = Σ y³ evaluated at y = x  ⇒  outer gradient 3x²
  const [, g] = valueAndGrad((x: Tensor) => valueAndGrad((y: Tensor) => sum(mul(mul(y, y), y)))(x)[0])(x0);
  assertClose(
    g.data,
    Array.from(x0.data, (v) => 3 * v * v),
    { rtol: 1e-15 },
  );
  // both routes at once: Σ y²x at y = x is Σ x³
  const [, g2] = valueAndGrad((x: Tensor) => valueAndGrad((y: Tensor) => sum(mul(mul(y, y), x)))(x)[0])(x0);
  assertClose(
    g2.data,
    Array.from(x0.data, (v) => 3 * v * v),
    { rtol: 1e-15 },
  );
});

test("nested: three levels, and plain ops of the middle level on outer tensors", () => {
  const z0 = tensor([2, -1, 0.5]);
  const f = (x: Tensor) =>
    valueAndGrad((y: Tensor) => {
      const inner = valueAndGrad((z: Tensor) => sum(mul(mul(z, x), y)))(z0)[0];
      return add(inner, sum(mul(mul(x, x), y)));
    })(y0)[0];
  // f = Σ z0·x·y0 + Σ x²·y0
  const [, g] = valueAndGrad(f)(x0);
  assertClose(
    g.data,
    Array.from(x0.data, (xv, i) => z0.data[i]! * y0.data[i]! + 2 * xv * y0.data[i]!),
    { rtol: 1e-14 },
  );
  assertGradOk(f, x0);
});

test("nested: vjp inside valueAndGrad, checked against finite differences", () => {
  const f = (x: Tensor) => sum(vjp((y: Tensor) => sin(mul(y, x)), y0)[0]).add(sum(mul(x, x)));
  assertGradOk(f, x0);
});

test("nested: differentiating an inner gradient is refused, not silently zero", () => {
  const f = (x: Tensor) => sum(grad((y: Tensor) => sum(mul(mul(y, y), y)))(x));
  assert.throws(() => valueAndGrad(f)(x0), /higher-order derivatives are not supported \(wrap it in stopGradient\(\)/);
  const h = (x: Tensor) => sum(mul(x, vjp((y: Tensor) => mul(y, x), y0)[1](tensor([1, 1, 1]))));
  assert.throws(() => valueAndGrad(h)(x0), /vjp: a gradient computed inside another gradient computation/);
  const j = (x: Tensor) => sum(jacobian((y: Tensor) => mul(y, x), y0));
  assert.throws(() => valueAndGrad(j)(x0), /jacobian: a gradient computed inside/);
  // an inner gradient of a function that touches nothing outside is a plain constant
  const k = (x: Tensor) => sum(mul(x, grad((y: Tensor) => sum(mul(y, y)))(y0)));
  const [, gk] = valueAndGrad(k)(x0);
  assertClose(
    gk.data,
    Array.from(y0.data, (v) => 2 * v),
  );
});
