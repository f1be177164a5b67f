import assert from "node:assert/strict";
import { test } from "node:test";
import { mul, valueAndGrad } from "../../src/autodiff/index.js";
import { gaussHermiteProduct } from "../../src/policy/cubature.js";
import { logisticNormalLogLik } from "../../src/policy/logistic-normal-table.js";
import { mixtureSoftmaxLogLik } from "../../src/policy/mixture-softmax.js";
import { Tensor } from "../../src/tensor/tensor.js";

const cub = gaussHermiteProduct(16, 1);
const n = 2000;
const mu = new Tensor(
  Float64Array.from({ length: n }, (_, i) => 9 * Math.sin(i * 1.7)),
  [n, 1],
);
const actions = Float64Array.from({ length: n }, (_, i) => (Math.cos(i * 0.3) > 0 ? 0 : 1));

const table = valueAndGrad((p: { m: Tensor; s: Tensor }) =>
  logisticNormalLogLik(p.m, p.s, actions, cub.nodes, cub.logWeights),
);
// Reference: the same Gauss–Hermite rule applied to every row (no interpolation).
const direct = valueAndGrad((p: { m: Tensor; s: Tensor }) =>
  mixtureSoftmaxLogLik(p.m, mul(new Tensor(cub.nodes, [16, 1]), p.s), actions, cub.logWeights),
);

for (const sd of [0.3, 1.7, 3]) {
  test(`interpolated two-action likelihood equals per-row cubature (logit sd ${sd})`, () => {
    const s = new Tensor(new Float64Array([sd]), []);
    const [vt, gt] = table({ m: mu, s });
    const [vd, gd] = direct({ m: mu, s });
    // h⁴/384·max|f⁗| ≲ 3e-8 per row: 2000 rows → ≤ 6e-5 in the sum (observed ~1e-7).
    assert.ok(Math.abs(vt.item() - vd.item()) < 6e-5, `value ${vt.item()} vs ${vd.item()}`);
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(gt.m.data[i]! - gd.m.data[i]!));
    assert.ok(worst < 1e-5, `∂/∂μ worst difference ${worst}`);
    assert.ok(
      Math.abs(gt.s.item() - gd.s.item()) < 1e-4 * Math.max(1, Math.abs(gd.s.item())),
      `∂/∂s ${gt.s.item()} vs ${gd.s.item()}`,
    );
  });
}

test("the interpolated likelihood's gradient is the exact gradient of its value (finite differences)", () => {
  const s0 = 1.3;
  const f = (m: Tensor, s: number) =>
    logisticNormalLogLik(m, new Tensor(new Float64Array([s]), []), actions, cub.nodes, cub.logWeights).item();
  const [, g] = table({ m: mu, s: new Tensor(new Float64Array([s0]), []) });
  const h = 1e-5;
  assert.ok(Math.abs((f(mu, s0 + h) - f(mu, s0 - h)) / (2 * h) - g.s.item()) < 1e-5 * Math.abs(g.s.item()));
  for (const i of [0, 17, 1234]) {
    const up = Float64Array.from(mu.data);
    const down = Float64Array.from(mu.data);
    up[i] += h;
    down[i] -= h;
    const fd = (f(new Tensor(up, [n, 1]), s0) - f(new Tensor(down, [n, 1]), s0)) / (2 * h);
    assert.ok(Math.abs(fd - g.m.data[i]!) < 1e-6, `row ${i}: ${fd} vs ${g.m.data[i]}`);
  }
});

test("an absurdly wide logit range is refused rather than tabulated", () => {
  const wide = new Tensor(Float64Array.of(-1e6, 1e6), [2, 1]);
  assert.throws(
    () =>
      logisticNormalLogLik(
        wide,
        new Tensor(new Float64Array([1]), []),
        Float64Array.of(0, 1),
        cub.nodes,
        cub.logWeights,
      ),
    /too wide to tabulate/,
  );
});
