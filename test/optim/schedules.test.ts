import { test } from "node:test";
import assert from "node:assert/strict";
import {
  constant,
  cosineDecay,
  exponentialDecay,
  linearWarmup,
  piecewiseConstant,
  polynomialDecay,
  stepDecay,
} from "../../src/index.js";
import { assertClose } from "../helpers/assert.js";

const close = (a: number, b: number) => assertClose(a, b, { rtol: 1e-14, atol: 1e-16 });

test("constant", () => {
  const s = constant(0.3);
  assert.equal(s(0), 0.3);
  assert.equal(s(1e6), 0.3);
});

test("exponentialDecay: v0·r^(t/T), floored exponent with staircase", () => {
  const s = exponentialDecay({ initialValue: 0.1, decayRate: 0.5, decaySteps: 10 });
  close(s(0), 0.1);
  close(s(10), 0.05);
  close(s(25), 0.1 * 0.5 ** 2.5);
  const stairs = exponentialDecay({ initialValue: 0.1, decayRate: 0.5, decaySteps: 10, staircase: true });
  close(stairs(9), 0.1);
  close(stairs(10), 0.05);
  close(stairs(25), 0.025);
});

test("stepDecay: multiplied by factor at each boundary reached", () => {
  const s = stepDecay({ initialValue: 1, boundaries: [10, 20], factor: 0.1 });
  assert.deepEqual([0, 9, 10, 19, 20, 1000].map(s), [1, 1, 0.1, 0.1, 1 * 0.1 ** 2, 1 * 0.1 ** 2]);
});

test("piecewiseConstant: values[k] after k boundaries", () => {
  const s = piecewiseConstant({ boundaries: [5, 8], values: [3, 2, 1] });
  assert.deepEqual([0, 4, 5, 7, 8, 99].map(s), [3, 3, 2, 2, 1, 1]);
});

test("polynomialDecay: (v0 − v1)(1 − t/T)^p + v1, then held at v1", () => {
  const s = polynomialDecay({ initialValue: 1, endValue: 0.1, power: 2, decaySteps: 100 });
  close(s(0), 1);
  close(s(50), 0.9 * 0.25 + 0.1);
  close(s(75), 0.9 * 0.0625 + 0.1);
  close(s(100), 0.1);
  close(s(500), 0.1);
  const ramp = polynomialDecay({ initialValue: 0, endValue: 2, decaySteps: 4 }); // power 1: linear up
  assert.deepEqual([0, 1, 2, 4, 9].map(ramp), [0, 0.5, 1, 2, 2]);
});

test("cosineDecay: v0·((1 − α)·½(1 + cos(πt/T)) + α)", () => {
  const s = cosineDecay({ initialValue: 2, decaySteps: 100, alpha: 0.1 });
  close(s(0), 2);
  close(s(50), 2 * (0.9 * 0.5 + 0.1));
  close(s(25), 2 * (0.9 * 0.5 * (1 + Math.SQRT1_2) + 0.1));
  close(s(100), 0.2);
  close(s(1000), 0.2);
});

test("cosineDecay with warm-up: linear from 0 to the peak, then the cosine", () => {
  const s = cosineDecay({ initialValue: 1, decaySteps: 10, warmupSteps: 4 });
  assert.deepEqual([0, 1, 2, 3].map(s), [0, 0.25, 0.5, 0.75]);
  close(s(4), 1);
  close(s(9), 0.5); // halfway through the cosine phase
  assertClose(s(14), 0, { atol: 1e-16 });
});

test("linearWarmup: from startValue to schedule(0), then the schedule shifted", () => {
  const inner = exponentialDecay({ initialValue: 0.1, decayRate: 0.5, decaySteps: 1 });
  const s = linearWarmup(inner, { warmupSteps: 5, startValue: 0.01 });
  close(s(0), 0.01);
  close(s(2), 0.01 + 0.09 * 0.4);
  close(s(5), 0.1);
  close(s(7), 0.025);
});

test("schedules reject bad configuration and bad steps", () => {
  assert.throws(
    () => exponentialDecay({ initialValue: 1, decayRate: 0, decaySteps: 10 }),
    /exponentialDecay: decayRate must be > 0, got 0/,
  );
  assert.throws(
    () => stepDecay({ initialValue: 1, boundaries: [10, 5] }),
    /stepDecay: boundaries must be strictly increasing, got 10 then 5/,
  );
  assert.throws(
    () => piecewiseConstant({ boundaries: [1], values: [1] }),
    /piecewiseConstant: values must have boundaries.length \+ 1 = 2 entries, got 1/,
  );
  assert.throws(
    () => cosineDecay({ initialValue: 1, decaySteps: 0 }),
    /cosineDecay: decaySteps must be an integer > 0, got 0/,
  );
  assert.throws(
    () => polynomialDecay({ initialValue: 1, decaySteps: 10, power: -1 }),
    /polynomialDecay: power must be > 0, got -1/,
  );
  assert.throws(() => constant(NaN), /constant: value must be a finite number, got NaN/);
  assert.throws(
    () => cosineDecay({ initialValue: 1, decaySteps: 10 })(-1),
    /cosineDecay: step must be a finite number >= 0, got -1/,
  );
});
