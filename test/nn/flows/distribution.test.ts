/** FlowDistribution and FlowBijector: normalisation, shapes, agreement with TransformedDistribution, errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { FlowDistribution, flowBijector, maf, realNVP, iaf, standardNormalBase } from "../../../src/nn/flows/index.js";
import { Tensor, TransformedDistribution, key, random, tensor } from "../../../src/index.js";
import { assertClose } from "../../helpers/assert.js";

/** Riemann sum of exp(logProb) over [−L, L]² on an n×n grid of cell midpoints. */
function gridMass(logProb: (y: Tensor) => Tensor, L: number, n: number): number {
  const h = (2 * L) / n;
  const pts = new Float64Array(n * n * 2);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      pts[2 * (i * n + j)] = -L + (i + 0.5) * h;
      pts[2 * (i * n + j) + 1] = -L + (j + 0.5) * h;
    }
  const lp = logProb(new Tensor(pts, [n * n, 2]));
  let s = 0;
  for (const v of lp.data) s += Math.exp(v);
  return s * h * h;
}

const random2d = { hidden: [16, 16], identityInit: false, logScaleBound: 1 } as const;

for (const [name, flow] of [
  ["realNVP", realNVP({ features: 2, layers: 4, ...random2d })],
  ["maf", maf({ features: 2, layers: 3, ...random2d })],
  ["iaf", iaf({ features: 2, layers: 2, ...random2d })],
] as const) {
  test(`${name} with random parameters: the density integrates to 1 on [−6, 6]² (200×200 grid) within 1e-2`, () => {
    const dist = FlowDistribution(flow, flow.init(key(40)));
    const mass = gridMass((y) => dist.logProb(y), 6, 200);
    assert.ok(Math.abs(mass - 1) < 1e-2, `mass ${mass}`);
  });
}

test("conditional flow: the density integrates to 1 for each of several contexts", () => {
  const flow = realNVP({ features: 2, layers: 3, contextFeatures: 1, ...random2d });
  const params = flow.init(key(41));
  for (const c of [-1, 0, 2]) {
    const dist = FlowDistribution(flow, params, { context: tensor([c]) });
    const mass = gridMass((y) => dist.logProb(y), 6, 200);
    assert.ok(Math.abs(mass - 1) < 1e-2, `context ${c}: mass ${mass}`);
  }
});

test("shapes: draws are sampleShape + batchShape + [d]; logProb drops the event axis", () => {
  const flow = maf({ features: 3, layers: 2, contextFeatures: 2, hidden: [8], identityInit: false });
  const params = flow.init(key(42));
  const dist = FlowDistribution(flow, params, { context: random.normal(key(43), [4, 2]) });
  assert.deepEqual(dist.batchShape, [4]);
  assert.deepEqual(dist.eventShape, [3]);
  const y = dist.sample(key(44), [5]);
  assert.deepEqual(y.shape, [5, 4, 3]);
  assert.deepEqual(dist.logProb(y).shape, [5, 4]);
  assert.deepEqual(dist.logProb(new Tensor(y.data.slice(0, 3), [3])).shape, [4]);
  const expanded = dist.expand([2, 4]);
  assert.deepEqual(expanded.sample(key(45)).shape, [2, 4, 3]);
  const unconditional = FlowDistribution(
    realNVP({ features: 2, layers: 2 }),
    realNVP({ features: 2, layers: 2 }).init(key(1)),
  );
  assert.deepEqual(unconditional.expand([3]).logProb(tensor([0.1, 0.2])).shape, [3]);
});

test("sample and rsample give the same draws for a key; sample at identity init is the base draw", () => {
  const flow = realNVP({ features: 2, layers: 2, hidden: [8] });
  const dist = FlowDistribution(flow, flow.init(key(46)));
  const a = dist.sample(key(47), [10]);
  assertClose(dist.rsample(key(47), [10]).data, a.data, { atol: 0, rtol: 0 });
  assertClose(a.data, standardNormalBase(2).sample(key(47), [10]).data, { atol: 1e-15, rtol: 0 });
});

test("logProb of the flow's own draws equals base logProb − forward logDet", () => {
  const flow = iaf({ features: 2, layers: 2, hidden: [8], identityInit: false });
  const params = flow.init(key(48));
  const base = standardNormalBase(2);
  const x = base.sample(key(49), [6]);
  const { y, logDet } = flow.forward(params, x);
  const expected = base.logProb(x).data.map((v, i) => v - logDet.data[i]!);
  assertClose(FlowDistribution(flow, params).logProb(y).data, expected, { atol: 1e-10, rtol: 1e-10 });
});

test("FlowBijector: TransformedDistribution over it agrees with FlowDistribution", () => {
  for (const flow of [
    realNVP({ features: 2, layers: 3, hidden: [8], identityInit: false }),
    maf({ features: 2, layers: 2, hidden: [8], identityInit: false }),
  ]) {
    const params = flow.init(key(50));
    const y = random.normal(key(51), [7, 2]);
    const td = TransformedDistribution(standardNormalBase(2), flowBijector(flow, params));
    assertClose(td.logProb(y).data, FlowDistribution(flow, params).logProb(y).data, { atol: 1e-10, rtol: 1e-10 });
    assertClose(td.sample(key(52), [3]).data, FlowDistribution(flow, params).sample(key(52), [3]).data, {
      atol: 1e-12,
      rtol: 0,
    });
  }
});

test("errors name the offending value", () => {
  const flow = realNVP({ features: 2, layers: 2 });
  const cond = realNVP({ features: 2, layers: 2, contextFeatures: 3 });
  const params = flow.init(key(0));
  assert.throws(() => FlowDistribution(cond, cond.init(key(0))), /needs a context of shape \[\.\.\., 3\], got none/);
  assert.throws(
    () => FlowDistribution(flow, params, { context: tensor([1]) }),
    /unconditional but a context of shape \[1\]/,
  );
  assert.throws(
    () => FlowDistribution(flow, params).logProb(tensor([1, 2, 3])),
    /does not end in the event shape \[2\]/,
  );
  assert.throws(
    () => FlowDistribution(flow, params, { base: standardNormalBase(3) }),
    /event shape \[2\], got batch \[\] and event \[3\]/,
  );
  assert.throws(() => flow.forward([params[0]!], tensor([1, 2])), /params must be an array of 2 layer parameter trees/);
  assert.throws(() => flow.forward(params, tensor([1, 2]), tensor([0])), /unconditional but a context of shape \[1\]/);
  assert.throws(
    () => cond.inverse(cond.init(key(0)), tensor([1, 2])),
    /needs a context of shape \[\.\.\., 3\], got none/,
  );
  assert.throws(() => realNVP({ features: 2, layers: 0 }), /layers must be a positive integer, got 0/);
  assert.throws(
    () => flowBijector(cond, cond.init(key(0)), tensor([1, 2])),
    /context must have shape \[\.\.\., 3\], got \[2\]/,
  );
});

test("rsampleAndLogProb: one forward pass gives the draws and logProb's values (IAF, conditional MAF)", () => {
  const cases = [
    [iaf({ features: 3, layers: 2, hidden: [8], identityInit: false }), undefined],
    [maf({ features: 2, layers: 2, hidden: [8], identityInit: false, contextFeatures: 1 }), tensor([0.7])],
  ] as const;
  for (const [flow, context] of cases) {
    const dist = FlowDistribution(flow, flow.init(key(60)), context);
    const { value, logProb } = dist.rsampleAndLogProb(key(61), [4]);
    assertClose(value.data, dist.sample(key(61), [4]).data, { atol: 0, rtol: 0 });
    assertClose(logProb.data, dist.logProb(value).data, { atol: 1e-10, rtol: 1e-10 });
  }
});
