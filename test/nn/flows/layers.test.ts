/**
 * Flow layers: inverse round trips, log-determinants against the numerical Jacobian, and
 * forward/inverse log-determinants as negatives of each other.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Tensor, jacobian, key, random, split, tensor } from "../../../src/index.js";
import {
  AffineCoupling,
  ElementwiseAffine,
  MaskedAutoregressiveFlow,
  Permutation,
  halfMask,
  softClamp,
  standardization,
} from "../../../src/nn/flows/index.js";
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

test("the soft-clamped log-scale keeps every layer's log|det| below the bound, however large the network's output", () => {
  const coupling = new AffineCoupling({ mask: halfMask(4), hidden: [8], identityInit: false, logScaleBound: 2 });
  const made = new MaskedAutoregressiveFlow({ features: 4, hidden: [8], identityInit: false, logScaleBound: 2 });
  const x = random.normal(key(3), [50, 4]);
  for (const layer of [coupling, made]) {
    // Blow the last layer's weights up by 1e3: raw log-scales in the hundreds.
    const p = layer.init(key(4)) as { layers: { weight: Tensor; bias: Tensor }[] };
    const last = p.layers[p.layers.length - 1]!;
    const big = {
      layers: [
        ...p.layers.slice(0, -1),
        {
          ...last,
          weight: new Tensor(
            last.weight.data.map((w) => 1e3 * w),
            last.weight.shape,
          ),
        },
      ],
    };
    const { logDet } = layer.forward(big as never, x);
    const transformed = layer === coupling ? 2 : 4;
    for (const v of logDet.data) assert.ok(Math.abs(v) <= 2 * transformed, `${layer.name}: log|det| ${v}`);
  }
  assertClose(softClamp(tensor([1e-3, -1e-3, 1e6]), 3).data, [1e-3, -1e-3, 3], { atol: 1e-9, rtol: 0 });
});

test("layers reject bad configurations with messages naming the value", () => {
  assert.throws(() => new AffineCoupling({ mask: [1, 1] }), /mask \[1, 1\] transforms no coordinate/);
  assert.throws(() => new AffineCoupling({ mask: [1, 2] }), /mask entries must be 0 or 1, got 2 at index 1/);
  assert.throws(() => new AffineCoupling({ mask: [0] }), /keeps no coordinate and there is no context/);
  assert.throws(
    () => new AffineCoupling({ mask: [1, 0], logScaleBound: -1 }),
    /logScaleBound must be a positive number .*got -1/,
  );
  assert.throws(() => new Permutation([0, 0, 2]), /order must be a permutation of 0 … 2, got \[0, 0, 2\]/);
  assert.throws(() => new ElementwiseAffine([0, 1], [1, 0]), /scale must be positive and finite, got 0 at index 1/);
  assert.throws(
    () =>
      standardization(
        tensor([
          [1, 2],
          [1, 3],
        ]),
      ),
    /column 0 of data is constant/,
  );
  const c = new AffineCoupling({ mask: [1, 0], hidden: [4] });
  assert.throws(() => c.forward(c.init(key(0)), tensor([1, 2, 3])), /x must have shape \[\.\.\., 2\], got \[3\]/);
  assert.throws(
    () => c.forward(c.init(key(0)), tensor([1, 2]), tensor([1])),
    /unconditional but a context of shape \[1\]/,
  );
  const cc = new AffineCoupling({ mask: [1, 0], hidden: [4], contextFeatures: 2 });
  assert.throws(
    () => cc.forward(cc.init(key(0)), random.normal(key(1), [3, 2]), random.normal(key(2), [4, 2])),
    /context of shape \[4, 2\] does not broadcast to the batch \[3, 2\]/,
  );
});
