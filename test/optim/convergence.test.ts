import { test } from "node:test";
import assert from "node:assert/strict";
import {
  adam,
  adamW,
  exponentialDecay,
  minimize,
  rmsProp,
  scalar,
  sgd,
  tensor,
  zeros,
  type Optimizer,
} from "../../src/index.js";
import { c, maxAbsDiff, quadratic, rosenbrock } from "./problems.js";

// ½(x − c)ᵀA(x − c) from x = 0. Each entry: optimiser, number of steps, tolerance on max |x − c|.
// RMSProp with a constant rate hovers at a distance ~lr from the minimum (its step is
// normalised by the gradient's own RMS), so it is run with a decaying rate.
const cases: [string, Optimizer, number, number][] = [
  ["sgd", sgd({ learningRate: 0.1 }), 300, 1e-10],
  ["sgd + momentum", sgd({ learningRate: 0.05, momentum: 0.9 }), 500, 1e-9],
  ["sgd + Nesterov", sgd({ learningRate: 0.05, momentum: 0.9, nesterov: true }), 300, 1e-10],
  ["adam", adam({ learningRate: 0.05 }), 600, 1e-10],
  ["adamW (weightDecay 0)", adamW({ learningRate: 0.05, weightDecay: 0 }), 600, 1e-10],
  [
    "rmsProp",
    rmsProp({ learningRate: exponentialDecay({ initialValue: 0.05, decayRate: 0.5, decaySteps: 100 }) }),
    1500,
    1e-5,
  ],
  [
    "rmsProp centred + momentum",
    rmsProp({
      learningRate: exponentialDecay({ initialValue: 0.05, decayRate: 0.5, decaySteps: 100 }),
      centered: true,
      momentum: 0.5,
    }),
    1500,
    1e-5,
  ],
];

for (const [name, opt, steps, tol] of cases)
  test(`convergence: ${name} reaches the minimum c of a convex quadratic within ${tol} in ${steps} steps`, () => {
    const { params, losses } = minimize(quadratic, zeros([2]), opt, { steps });
    const err = maxAbsDiff(params.data, c.data);
    assert.ok(err < tol, `${name}: max |x − c| = ${err} after ${steps} steps, tolerance ${tol}`);
    assert.equal(losses.length, steps);
  });

test("convergence: sgd with L2 weight decay λ reaches the closed form (A + λI)⁻¹Ac", () => {
  // A = [[3, 1], [1, 2]], λ = 0.5: (A + λI) = [[3.5, 1], [1, 2.5]], det 7.75; Ac = [1, −3].
  const expected = [(2.5 * 1 - 1 * -3) / 7.75, (-1 * 1 + 3.5 * -3) / 7.75];
  const { params } = minimize(quadratic, zeros([2]), sgd({ learningRate: 0.1, weightDecay: 0.5 }), { steps: 300 });
  assert.ok(maxAbsDiff(params.data, expected) < 1e-10, `got ${params.toString()}, expected ${expected}`);
});

test("convergence: adam reaches the Rosenbrock minimum (1, 1) within 1e-3 in 5000 steps from (−1.2, 1)", () => {
  const { params } = minimize(rosenbrock, { x: scalar(-1.2), y: scalar(1) }, adam({ learningRate: 0.02 }), {
    steps: 5000,
  });
  const err = Math.max(Math.abs(params.x.item() - 1), Math.abs(params.y.item() - 1));
  assert.ok(err < 1e-3, `Rosenbrock: (x, y) = (${params.x.item()}, ${params.y.item()}), error ${err}`);
});

test("convergence: the starting quadratic value is ½cᵀAc", () => {
  // A check on the test objective itself: ½·[1, −2]·[1, −3] = 3.5.
  const { losses } = minimize(quadratic, zeros([2]), sgd({ learningRate: 0.1 }), { steps: 1 });
  assert.equal(losses[0], 3.5);
  assert.equal(quadratic(tensor([1, -2])).item(), 0);
});
