import { test } from "node:test";
import assert from "node:assert/strict";
import { log, minimize, sgd, sum, tensor, zeros } from "../../src/index.js";
import { quadratic } from "./problems.js";

test("minimize: losses[i] is the loss before update i and decreases for gradient descent", () => {
  const { losses, state } = minimize(quadratic, zeros([2]), sgd({ learningRate: 0.1 }), { steps: 20 });
  assert.equal(losses.length, 20);
  assert.equal(losses[0], 3.5);
  for (let i = 1; i < losses.length; i++) assert.ok(losses[i]! < losses[i - 1]!, `loss rose at step ${i}`);
  assert.equal(state.step, 20);
});

test("minimize: onStep sees each update and can stop early", () => {
  const seen: number[] = [];
  const { losses } = minimize(quadratic, zeros([2]), sgd({ learningRate: 0.1 }), {
    steps: 100,
    onStep: ({ step }) => {
      seen.push(step);
      return step < 4;
    },
  });
  assert.deepEqual(seen, [0, 1, 2, 3, 4]);
  assert.equal(losses.length, 5);
});

test("minimize: resuming from a returned state equals one longer run", () => {
  const opt = sgd({ learningRate: 0.05, momentum: 0.9 });
  const whole = minimize(quadratic, zeros([2]), opt, { steps: 30 });
  const first = minimize(quadratic, zeros([2]), opt, { steps: 12 });
  const second = minimize(quadratic, first.params, opt, { steps: 18, state: first.state });
  assert.deepEqual(Array.from(second.params.data), Array.from(whole.params.data));
  assert.deepEqual([...first.losses, ...second.losses], whole.losses);
});

test("minimize: a non-finite loss stops with the step named", () => {
  // log of a negative number is NaN from the start.
  assert.throws(
    () => minimize((x) => sum(log(x)), tensor([-1]), sgd({ learningRate: 0.1 }), { steps: 3 }),
    /minimize: the loss is NaN at step 0/,
  );
  assert.throws(
    () => minimize(quadratic, zeros([2]), sgd({ learningRate: 0.1 }), { steps: -1 }),
    /minimize: steps must be an integer >= 0, got -1/,
  );
});
