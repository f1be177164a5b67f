/**
 * Flow layers: inverse round trips, log-determinants against the numerical Jacobian, and
 * forward/inverse log-determinants as negatives of each other.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { jacobian, key, random, split, tensor } from "../../../src/index.js";
import { assertClose } from "../../helpers/assert.js";
import { layerCases, logAbsDet } from "./cases.js";

const cases = layerCases();

for (const c of cases) {
  const d = c.layer.features;
  test(`${c.name}: inverse(forward(x)) = x and forward(inverse(y)) = y to 1e-10, batched`, () => {
    const [kx, kc] = split(key(7), 2);
    const x = random.normal(kx!, [5, 3, d]);
    // A per-example context broadcasts against the batch; the shared one from the case too.
    const ctx = c.layer.contextFeatures > 0 ? random.normal(kc!, [5, 3, c.layer.contextFeatures]) : undefined;
    for (const context of ctx === undefined ? [undefined] : [ctx, c.context]) {
      const f = c.layer.forward(c.params, x, context);
      assert.deepEqual(f.y.shape, [5, 3, d]);
      assert.deepEqual(f.logDet.shape, [5, 3]);
      const back = c.layer.inverse(c.params, f.y, context);
      assertClose(back.x.data, x.data, { atol: 1e-10, rtol: 0, what: "inverse(forward(x))" });
      assertClose(
        back.logDet.data,
        f.logDet.data.map((v) => -v),
        { atol: 1e-10, rtol: 0, what: "logDet sum" },
      );
      const y = random.normal(kc!, [5, 3, d]);
      const inv = c.layer.inverse(c.params, y, context);
      const fwd = c.layer.forward(c.params, inv.x, context);
      assertClose(fwd.y.data, y.data, { atol: 1e-10, rtol: 0, what: "forward(inverse(y))" });
    }
  });

  test(`${c.name}: log|det ∂y/∂x| equals log|det| of the Jacobian, both directions`, () => {
    const keys = split(key(11), 3);
    for (const k of keys) {
      const x = random.normal(k, [d]);
      const f = c.layer.forward(c.params, x, c.context);
      const J = jacobian((v) => c.layer.forward(c.params, v, c.context).y, x);
      assertClose(f.logDet.item(), logAbsDet(J.data, d), { atol: 1e-9, rtol: 1e-9, what: "forward logDet" });
      const y = f.y;
      const Ji = jacobian((v) => c.layer.inverse(c.params, v, c.context).x, y);
      const i = c.layer.inverse(c.params, y, c.context);
      assertClose(i.logDet.item(), logAbsDet(Ji.data, d), { atol: 1e-9, rtol: 1e-9, what: "inverse logDet" });
    }
  });
}

test("random parameters make non-trivial maps (the tests above are not about the identity)", () => {
  for (const c of cases) {
    if (c.name.startsWith("random permutation")) continue;
    const x = tensor([0.3, -0.7, 1.1, 0.5, -0.2].slice(0, c.layer.features));
    const f = c.layer.forward(c.params, x, c.context);
    assert.ok(Math.abs(f.logDet.item()) > 1e-3, `${c.name}: logDet ${f.logDet.item()}`);
  }
});
