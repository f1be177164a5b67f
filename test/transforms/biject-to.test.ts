import { test } from "node:test";
import assert from "node:assert/strict";
import { bijectTo } from "../../src/transforms/index.js";
import {
  type Constraint,
  boolean,
  corrCholesky,
  greaterThan,
  integer,
  integerInterval,
  interval,
  lessThan,
  lowerCholesky,
  nonnegative,
  nonnegativeInteger,
  orderedVector,
  positive,
  positiveDefinite,
  real,
  realVector,
  simplex,
  unitInterval,
} from "../../src/distributions/constraints.js";
import { type Tensor, full, tensor } from "../../src/tensor/tensor.js";
import { mul, sum, valueAndGrad } from "../../src/autodiff/index.js";
import { assertClose } from "../helpers/assert.js";
import {
  assertLogDetMatchesJacobian,
  assertRoundTrip,
  assertTransformGradients,
  fixedPoints,
  lowerEntries,
} from "./support.js";

/** Inputs of the given event shape: moderate random points, all ±30, and alternating ±30. */
function probes(eventShape: number[], seed: number): Tensor[] {
  const n = eventShape.reduce((a, b) => a * b, 1);
  const alternating = tensor(
    Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 30 : -30)),
    eventShape,
  );
  return [
    fixedPoints(eventShape, seed, 3),
    fixedPoints([4, ...eventShape], seed + 1, 8),
    full(eventShape, 30),
    full(eventShape, -30),
    alternating,
  ];
}

const elementwise: [Constraint, string][] = [
  [real, "identity"],
  [positive, "exp"],
  [nonnegative, "exp"],
  [greaterThan(-2.5), "compose(exp, affine)"],
  [lessThan(4), "compose(exp, affine)"],
  [interval(-3, 7), "compose(sigmoid, affine)"],
  [unitInterval, "sigmoid"],
  [interval(0, 1), "sigmoid"],
];

test("bijectTo: elementwise constraints map every input, extremes included, into the set", () => {
  for (const [c, name] of elementwise) {
    const t = bijectTo(c);
    assert.equal(t.name, name, `${c}`);
    assert.equal(t.domainEventDim, 0);
    // nonnegative maps onto its interior; interval(0, 1) is the unit interval under another name
    const image =
      c.kind === "nonnegative" ? "positive" : c.toString() === "interval(0, 1)" ? "unitInterval" : c.toString();
    assert.equal(t.codomain.toString(), image);
    for (const x of probes([5], 1))
      assert.ok(c.check(t.forward(x)), `${c}: forward(${x.toString()}) = ${t.forward(x).toString()}`);
    const x = fixedPoints([5], 2, 3);
    assertRoundTrip(t, x, t.forward(fixedPoints([5], 3, 3)), 1e-9);
    assertLogDetMatchesJacobian(t, x);
    assertTransformGradients(t, x);
  }
});

test("bijectTo: the bounded transforms are Stan's", () => {
  const x = tensor([-1.5, 0, 2]);
  const ex = x.toFlatArray().map(Math.exp);
  const sig = x.toFlatArray().map((v) => 1 / (1 + Math.exp(-v)));
  assertClose(
    bijectTo(greaterThan(-2.5)).forward(x).data,
    ex.map((e) => -2.5 + e),
    { rtol: 1e-14 },
  );
  assertClose(
    bijectTo(lessThan(4)).forward(x).data,
    ex.map((e) => 4 - e),
    { rtol: 1e-14 },
  );
  assertClose(
    bijectTo(interval(-3, 7)).forward(x).data,
    sig.map((s) => -3 + 10 * s),
    { rtol: 1e-14 },
  );
  const lb = bijectTo(greaterThan(-2.5));
  assertClose(lb.logAbsDetJacobian(x, lb.forward(x)).data, x.data);
  const iv = bijectTo(interval(-3, 7));
  assertClose(
    iv.logAbsDetJacobian(x, iv.forward(x)).data,
    sig.map((s) => Math.log(10 * s * (1 - s))),
    { rtol: 1e-13 },
  );
});

test("bijectTo: vector and matrix constraints map every input, extremes included, into the set", () => {
  const cases: [Constraint, number[], string][] = [
    [realVector, [4], "identity"],
    [simplex, [4], "stickBreaking"],
    [lowerCholesky, [6], "lowerCholesky"],
    [corrCholesky, [6], "corrCholesky"],
  ];
  for (const [c, shape, name] of cases) {
    const t = bijectTo(c);
    assert.equal(t.name, name);
    assert.equal(t.codomain, c);
    for (const x of probes(shape, 4)) assert.ok(c.check(t.forward(x)), `${c}: forward(${x.toString()})`);
  }
  // realVector's identity has event rank 1: one (zero) log-det per vector
  assert.deepEqual(bijectTo(realVector).logAbsDetJacobian(fixedPoints([3, 4], 1), fixedPoints([3, 4], 1)).shape, [3]);
});

test("bijectTo: ordered vectors, extremes included where doubles can hold the increments", () => {
  const t = bijectTo(orderedVector);
  // An increment of e^-30 after a jump of e^30 is below the spacing of doubles near 1e13 and
  // is lost (documented on OrderedTransform): the probes avoid a -30 after a +30.
  const xs = [
    fixedPoints([4], 5, 3),
    fixedPoints([4, 4], 6, 8),
    full([4], 30),
    full([4], -30),
    tensor([-30, -30, 30, 30]),
  ];
  for (const x of xs) assert.ok(orderedVector.check(t.forward(x)), `forward(${x.toString()})`);
});

test("bijectTo(positiveDefinite): lower-Cholesky then L Lᵀ, with Stan's log-det", () => {
  const t = bijectTo(positiveDefinite);
  assert.equal(t.name, "compose(lowerCholesky, choleskyOuterProduct)");
  assert.equal(t.domainEventDim, 1);
  assert.equal(t.codomainEventDim, 2);
  const x = fixedPoints([6], 7, 1.5);
  assertRoundTrip(t, x, t.forward(fixedPoints([6], 8, 1.5)), 1e-10);
  // Σ is symmetric: its n(n+1)/2 free coordinates are its lower entries.
  assertLogDetMatchesJacobian(t, x, { restrict: (S) => lowerEntries(S) });
  // Stan: log|J| = K log 2 + Σ_k (K - k + 2) log L_kk (1-based k), with log L_kk = x_kk
  const d = [x.data[0]!, x.data[2]!, x.data[5]!];
  assertClose(t.logAbsDetJacobian(x, t.forward(x)).item(), 3 * Math.LN2 + 4 * d[0]! + 3 * d[1]! + 2 * d[2]!, {
    rtol: 1e-13,
  });
  assertTransformGradients(t, x);
  for (const p of [fixedPoints([6], 9, 3), fixedPoints([4, 6], 10, 3), full([6], 30), tensor([-30, 0, -30, 0, 0, -30])])
    assert.ok(positiveDefinite.check(t.forward(p)), `forward(${p.toString()})`);
  // Not probed: a diagonal of e^-30 beside O(1) off-diagonal entries gives a Σ whose condition
  // number (~1e26) exceeds 1/ε, so no float64 Cholesky of it succeeds: a limit of the number format.
});

test("bijectTo: gradients of forward and log-det stay finite at extreme inputs (what samplers differentiate)", () => {
  const cases: [Constraint, number[]][] = [
    [positive, [3]],
    [greaterThan(1), [3]],
    [lessThan(1), [3]],
    [interval(-3, 7), [3]],
    [unitInterval, [3]],
    [simplex, [4]],
    [orderedVector, [4]],
    [lowerCholesky, [6]],
    [corrCholesky, [6]],
  ];
  for (const [c, shape] of cases) {
    const t = bijectTo(c);
    const w = fixedPoints(t.forwardShape(shape), 11, 1);
    for (const x of probes(shape, 12)) {
      const [, g] = valueAndGrad((u: Tensor) =>
        sum(t.logAbsDetJacobian(u, t.forward(u))).add(sum(mul(w, t.forward(u)))),
      )(x);
      assert.ok(g.toFlatArray().every(Number.isFinite), `${c}: gradient at ${x.toString()}: ${g.toString()}`);
    }
  }
});

test("bijectTo: discrete constraints have no bijection", () => {
  for (const c of [boolean, integer, nonnegativeInteger, integerInterval(0, 3)])
    assert.throws(() => bijectTo(c), /is discrete; no bijection from the reals/);
});

test("bijectTo: infinite bounds fall back to one-sided or unconstrained maps", () => {
  assert.equal(bijectTo(greaterThan(-Infinity)).name, "identity");
  assert.equal(bijectTo(lessThan(Infinity)).name, "identity");
  assert.equal(bijectTo(interval(-Infinity, 2)).codomain.toString(), "lessThan(2)");
  assert.equal(bijectTo(interval(1, Infinity)).codomain.toString(), "greaterThan(1)");
});
