import { test } from "node:test";
import assert from "node:assert/strict";
import { adam, adamW, rmsProp, sgd, tensor, type AdamOptions } from "../../src/index.js";

test("bad learning rates are named with the value", () => {
  assert.throws(() => adam({ learningRate: -0.1 }), { message: "Adam: learningRate must be > 0, got -0.1" });
  assert.throws(() => sgd({ learningRate: 0 }), /SGD: learningRate must be > 0, got 0/);
  assert.throws(
    () => adamW({ learningRate: Infinity }),
    /AdamW: learningRate must be a finite number > 0, got Infinity/,
  );
  assert.throws(
    () => rmsProp({ learningRate: "0.1" as unknown as number }),
    /RMSProp: learningRate must be a number > 0 or a schedule \(step\) => number, got 0.1/,
  );
  assert.throws(() => adam({} as AdamOptions), /Adam: learningRate must be a number > 0 or a schedule/);
});

test("bad moment and momentum coefficients", () => {
  assert.throws(() => adam({ learningRate: 0.1, beta1: 1 }), /Adam: beta1 must be in \[0, 1\), got 1/);
  assert.throws(() => adam({ learningRate: 0.1, beta2: -0.5 }), /Adam: beta2 must be in \[0, 1\), got -0.5/);
  assert.throws(() => adam({ learningRate: 0.1, eps: 0 }), /Adam: eps must be > 0, got 0/);
  assert.throws(() => adamW({ learningRate: 0.1, weightDecay: -0.01 }), /AdamW: weightDecay must be >= 0, got -0.01/);
  assert.throws(() => sgd({ learningRate: 0.1, momentum: 1.5 }), /SGD: momentum must be in \[0, 1\), got 1.5/);
  assert.throws(() => sgd({ learningRate: 0.1, nesterov: true }), /SGD: nesterov needs momentum > 0, got momentum 0/);
  assert.throws(() => rmsProp({ learningRate: 0.1, decay: 1 }), /RMSProp: decay must be in \[0, 1\), got 1/);
  assert.throws(
    () => rmsProp({ learningRate: 0.1, centered: 1 as unknown as boolean }),
    /RMSProp: centered must be true or false, got 1/,
  );
  assert.throws(() => adam({ learningRate: 0.1, clipNorm: 0 }), /Adam: clipNorm must be > 0, got 0/);
});

test("unknown options are rejected, naming the known ones", () => {
  assert.throws(
    () => adam({ learningRate: 0.1, lr: 0.1 } as AdamOptions),
    /Adam: unknown option "lr", expected one of learningRate, beta1, beta2, eps, weightDecay, clipNorm/,
  );
  assert.throws(() => sgd(undefined as never), /SGD: options must be an object/);
});

test("a schedule returning a negative or non-finite learning rate fails at that step", () => {
  const opt = sgd({ learningRate: (step) => 0.1 - 0.1 * step });
  const p = tensor([1]);
  const g = tensor([1]);
  const r1 = opt.update(g, opt.init(p), p);
  const r2 = opt.update(g, r1.state, r1.params); // lr 0 is allowed
  assert.throws(
    () => opt.update(g, r2.state, r2.params),
    /SGD: the learningRate schedule returned -0.1 at step 2, expected a finite number >= 0/,
  );
});

test("gradients and states that do not match the parameters are rejected", () => {
  const opt = adam({ learningRate: 0.1 });
  const p = { a: tensor([1, 2]), b: tensor([3]) };
  const state = opt.init(p);
  assert.throws(
    () => opt.update({ a: tensor([1, 2]), b: tensor([1, 2]) }, state, p),
    /Adam: the gradient leaf 1 has shape \[2\] but the parameter has shape \[1\]/,
  );
  assert.throws(
    () => opt.update(p, opt.init({ a: tensor([1, 2]) }) as typeof state, p),
    /Adam: state.m has 1 leaves but the parameters have 2/,
  );
  assert.throws(() => opt.update(p, { ...state, step: -1 }, p), /Adam: state.step must be an integer >= 0, got -1/);
  const momentum = sgd({ learningRate: 0.1, momentum: 0.9 });
  assert.throws(() => momentum.update(p, { step: 0, velocity: null }, p), /SGD: the state has no velocity/);
});
