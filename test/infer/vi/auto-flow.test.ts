/**
 * AutoFlow's guide against an independent computation of its density: with a non-identity
 * flow, the sum of the guide's site log-densities at a draw must equal
 * log N(x; loc, scale) + log|det ∂x/∂z| − Σ log|det J_T| where x = f⁻¹(z) is recovered by the
 * flow's inverse pass (d passes for IAF: a different computation from the guide's forward
 * pass). Also: parameter names, the sites SVI sees, median and quantiles.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  AutoFlow,
  Gamma,
  Normal,
  SVI,
  TraceELBO,
  adam,
  iaf,
  key,
  sample,
  seed,
  siteLogProb,
  substitute,
  tensor,
  trace,
  treeToNamedTensors,
  type Tensor,
  type Tree,
} from "../../../src/index.js";
import { assertClose } from "../../helpers/assert.js";

// a real scalar and a positive [2]: unconstrained coordinates [a, log b₀, log b₁]
function model(): void {
  sample("a", Normal(0, 1));
  sample("b", Gamma(tensor([2, 3]), 1));
}

const options = { flow: "iaf", numLayers: 2, hidden: [8] } as const;
const flow = iaf({ features: 3, layers: 2, hidden: [8], identityInit: false });
const flowParams = flow.init(key(5));
const params: Record<string, Tensor> = {
  "auto_flow.loc": tensor([0.2, -0.1, 0.4]),
  "auto_flow.scale": tensor([0.7, 1.3, 0.5]),
};
for (const [n, t] of Object.entries(treeToNamedTensors(flowParams as unknown as Tree)))
  params[`auto_flow.layers.${n}`] = t;

test("AutoFlow: log q of a draw is the base density at f⁻¹(z) plus the inverse log-det minus the log-Jacobians", () => {
  const guide = AutoFlow(model, options);
  for (let i = 0; i < 4; i++) {
    const { trace: tr } = trace(
      substitute(seed(guide, key(i)), (m) => (m.type === "param" ? params[m.name] : undefined)),
    )(undefined);
    const a = tr.get("a")!.value!.item();
    const b = Array.from(tr.get("b")!.value!.data);
    const z = [a, Math.log(b[0]!), Math.log(b[1]!)];
    const { x, logDet } = flow.inverse(flowParams, tensor(z));
    const loc = params["auto_flow.loc"]!.data;
    const scale = params["auto_flow.scale"]!.data;
    let base = 0;
    for (let j = 0; j < 3; j++)
      base += -0.5 * ((x.data[j]! - loc[j]!) / scale[j]!) ** 2 - Math.log(scale[j]!) - 0.5 * Math.log(2 * Math.PI);
    const logJacobian = z[1]! + z[2]!; // d exp(u)/du = exp(u)
    const logQ = siteLogProb(tr.get("a")!).item() + siteLogProb(tr.get("b")!).item();
    assertClose(logQ, base + logDet.item() - logJacobian, { atol: 1e-9, what: `log q of draw ${i}` });
  }
});

test("AutoFlow: parameters are named param sites, the guide samples exactly the model's sites, SVI runs", () => {
  const guide = AutoFlow(model, options);
  const svi = new SVI(model, guide, adam({ learningRate: 0.01 }), TraceELBO());
  const state = svi.init(key(0), undefined);
  const names = Object.keys(state.params).sort();
  assert.deepEqual(names, Object.keys(params).sort());
  const { losses } = svi.run(key(0), 20, undefined);
  assert.ok(losses.every(Number.isFinite));
  assert.deepEqual(
    guide.layout().map((s) => s.name),
    ["a", "b"],
  );
});

test("AutoFlow: median is f(loc) pushed through the transforms; quantiles bracket it", () => {
  const guide = AutoFlow(model, options);
  seed(guide, key(0))(undefined); // learn the layout (SVI.init does this too)
  const z = flow.forward(flowParams, params["auto_flow.loc"]!).y.data;
  const med = guide.median(params);
  assertClose(med.a!.data, [z[0]!], { atol: 1e-12, what: "median a" });
  assertClose(med.b!.data, [Math.exp(z[1]!), Math.exp(z[2]!)], { rtol: 1e-12, what: "median b" });
  const q = guide.quantiles(params, [0.05, 0.5, 0.95]);
  assert.deepEqual(q.b!.shape, [3, 2]);
  // the first coordinate in IAF order is affine in x₁, so its median is exact: f(loc)₁
  assertClose(q.a!.data[1]!, z[0]!, { atol: 0.05, what: "empirical median of a" });
  for (let j = 0; j < 2; j++) assert.ok(q.b!.data[j]! < q.b!.data[2 + j]! && q.b!.data[2 + j]! < q.b!.data[4 + j]!);
});

test("AutoFlow: configuration errors name the value", () => {
  assert.throws(
    () => AutoFlow(model, { ...options, flow: "maf" as "iaf" }),
    /flow must be "iaf" or "realNVP", got "maf"/,
  );
  assert.throws(() => AutoFlow(model, { ...options, numLayers: 0 }), /numLayers must be a positive integer, got 0/);
  const one = () => {
    sample("a", Normal(0, 1));
  };
  assert.throws(() => AutoFlow(one, { ...options, flow: "realNVP" })(undefined), /needs at least 2 latent coordinates/);
});
