import { test } from "node:test";
import assert from "node:assert/strict";
import {
  adam,
  optimizerStateFromJSON,
  optimizerStateToJSON,
  rmsProp,
  tensor,
  valueAndGrad,
  zeros,
  type Optimizer,
  type OptimizerState,
  type StateValue,
  type Tensor,
} from "../../src/index.js";
import { quadratic } from "./problems.js";

function run<S extends OptimizerState>(opt: Optimizer<S>, params: Tensor, state: S, steps: number): [Tensor, S] {
  const vg = valueAndGrad(quadratic);
  for (let i = 0; i < steps; i++) ({ params, state } = opt.update(vg(params)[1], state, params));
  return [params, state];
}

for (const opt of [adam({ learningRate: 0.05 }), rmsProp({ learningRate: 0.01, centered: true, momentum: 0.9 })])
  test(`state JSON: ${opt.name} saved after 5 steps and restored continues bit for bit`, () => {
    const x0 = zeros([2]);
    const [straight] = run(opt, x0, opt.init(x0), 10);
    const [mid, midState] = run(opt, x0, opt.init(x0), 5);
    const text = JSON.stringify(optimizerStateToJSON(midState as StateValue));
    const restored = optimizerStateFromJSON<typeof midState & StateValue>(JSON.parse(text));
    assert.equal(restored.step, 5);
    const [resumed] = run(opt, mid, restored, 5);
    assert.deepEqual(Array.from(resumed.data), Array.from(straight.data));
  });

test("state JSON: tensors keep shape; NaN and ±Infinity survive", () => {
  const state = {
    step: 3,
    m: {
      w: tensor([
        [1, NaN],
        [Infinity, -Infinity],
      ]),
    },
    extra: null,
  };
  const json = JSON.parse(JSON.stringify(optimizerStateToJSON(state)));
  assert.deepEqual(json.m.w.$tensor, { shape: [2, 2], data: [1, "NaN", "Infinity", "-Infinity"] });
  const back = optimizerStateFromJSON<typeof state>(json);
  assert.deepEqual(back.m.w.shape, [2, 2]);
  assert.deepEqual(Array.from(back.m.w.data), [1, NaN, Infinity, -Infinity]);
  assert.equal(back.extra, null);
  assert.throws(
    () => optimizerStateFromJSON({ step: "three" }),
    /optimizerStateFromJSON: expected a number at state.step, got "three"/,
  );
});
