import { test } from "node:test";
import assert from "node:assert/strict";
import { type Key, key, scale, split, square, sub, sum, Tensor, tensor } from "../../src/index.js";
import {
  compose,
  gaussianNoise,
  makePerturbation,
  perturbationFromJSON,
  perturbationToJSON,
  perturbationTypes,
  pgd,
  quantisation,
  sensorDropout,
} from "../../src/perturb/index.js";

const EXAMPLES: Record<string, object> = {
  gaussian: { std: [0.1, 0.2, 0.05] },
  "salt-and-pepper": { rate: 0.2, low: [-1, -2, -3], high: 4 },
  "bounded-uniform": { radius: 0.3 },
  dropout: { rate: 0.3, fill: [9, 8, 7] },
  "bias-drift": { driftStd: 0.05, initialStd: [0.1, 0, 0.2] },
  quantisation: { step: [0.5, 0.25, 1] },
  fgsm: { epsilon: 0.1, norm: "l2" },
  pgd: { epsilon: 0.1, norm: "linf", steps: 5, stepSize: 0.05, randomStart: false },
  compose: {
    parts: [
      { type: "bias-drift", params: { driftStd: 0.01 } },
      { type: "gaussian", params: { std: 0.1 } },
      { type: "quantisation", params: { step: 0.05 } },
    ],
  },
};

const clean = new Tensor(
  Float64Array.from({ length: 60 }, (_, i) => Math.cos(i)),
  [20, 3],
);
const context = {
  episode: Int32Array.from({ length: 20 }, (_, i) => i % 3),
  step: Int32Array.from({ length: 20 }, (_, i) => Math.floor(i / 3)),
  // A policy whose KL is Σ (perturbed − clean)² / 2 per row, enough for the attacks to run.
  policy: {
    actionKind: "continuous" as const,
    act: () => 0,
    klDivergence: (c: Tensor, p: Tensor) => sum(scale(square(sub(p, c)), 0.5), 1),
  },
};

test("registry: every type is registered, builds, and lists the registered names in its error", () => {
  assert.deepEqual([...perturbationTypes].sort(), [
    "bias-drift",
    "bounded-uniform",
    "compose",
    "dropout",
    "fgsm",
    "gaussian",
    "pgd",
    "quantisation",
    "salt-and-pepper",
  ]);
  for (const t of perturbationTypes) assert.equal(makePerturbation(t, EXAMPLES[t]!).type, t);
  assert.throws(() => makePerturbation("gausian", { std: 0.1 }), {
    message:
      'unknown perturbation "gausian"; valid: gaussian, salt-and-pepper, bounded-uniform, dropout, bias-drift, quantisation, fgsm, pgd, compose',
  });
});

test("registry: JSON round trip rebuilds a model that gives identical output for the same key", () => {
  for (const t of perturbationTypes) {
    const p = makePerturbation(t, EXAMPLES[t]!);
    const text = JSON.stringify(p);
    const q = perturbationFromJSON(text);
    assert.deepEqual(perturbationToJSON(q), JSON.parse(text), t);
    assert.deepEqual(JSON.parse(JSON.stringify(q)), JSON.parse(text), t);
    const a = p.apply(key(7), clean, context);
    const b = q.apply(key(7), clean, context);
    assert.deepEqual(Array.from(a.data), Array.from(b.data), t);
    assert.equal(typeof q.logProb, typeof p.logProb, t);
  }
  // The attacks moved the observations (the record did not lose their parameters).
  for (const t of ["fgsm", "pgd"])
    assert.ok(
      makePerturbation(t, EXAMPLES[t]!)
        .apply(key(7), clean, context)
        .data.some((v, i) => v !== clean.data[i]),
    );
  // Defaults are written out, so the record alone determines the model.
  assert.deepEqual(makePerturbation("pgd", { epsilon: 0.2 }).params, {
    epsilon: 0.2,
    norm: "linf",
    steps: 10,
    stepSize: 0.05,
    randomStart: true,
    restarts: 1,
  });
  assert.deepEqual(makePerturbation("dropout", { rate: 0.1 }).params, { rate: 0.1, fill: 0 });
  // ε = 0 gives a zero default step, which must survive the round trip.
  const zero = pgd({ epsilon: 0 });
  assert.deepEqual(perturbationFromJSON(JSON.stringify(zero)).params, zero.params);
});

test("registry: malformed records get clear errors", () => {
  assert.throws(() => perturbationFromJSON("{not json"), /perturbationFromJSON: not valid JSON/);
  assert.throws(() => perturbationFromJSON(JSON.stringify({ params: {} })), /expected an object \{ type: string/);
  assert.throws(() => makePerturbation("compose", { parts: [] }), {
    message: "compose: parts must be a non-empty array of { type, params } records",
  });
  assert.throws(() => makePerturbation("compose", { parts: [{ type: "gaussian", params: { std: -1 } }] }), {
    message: "compose: parts[0]: gaussian: std must be in [0, 1], got -1",
  });
  assert.throws(() => makePerturbation("pgd", { epsilon: 0.1, norm: "l1" }), {
    message: 'pgd: norm must be one of "linf", "l2", got "l1"',
  });
});

test("compose applies its parts in order with split keys; order matters", () => {
  const x = tensor([
    [0.26, -0.74],
    [1.01, 0.49],
  ]);
  const q = quantisation({ step: 0.5 });
  const drop = sensorDropout({ rate: 1, fill: 0.3 });
  // quantise then drop: every coordinate reads the fill 0.3; drop then quantise: 0.3 → 0.5.
  assert.deepEqual(Array.from(compose([q, drop]).apply(key(0), x).data), [0.3, 0.3, 0.3, 0.3]);
  assert.deepEqual(Array.from(compose([drop, q]).apply(key(0), x).data), [0.5, 0.5, 0.5, 0.5]);
  // Noise then quantisation equals applying each by hand with the children of split(key, 2).
  const g = gaussianNoise({ std: 0.2 });
  const k = key(5);
  const [k0, k1] = split(k, 2) as [Key, Key];
  const composed = compose([g, q]).apply(k, x);
  const byHand = q.apply(k1, g.apply(k0, x));
  assert.deepEqual(Array.from(composed.data), Array.from(byHand.data));
  // And it differs from the other order (quantised values are multiples of 0.5; noisy ones are not).
  const other = compose([q, g]).apply(k, x);
  assert.ok(other.data.some((v) => Math.abs(v / 0.5 - Math.round(v / 0.5)) > 1e-9));
  assert.ok(composed.data.every((v) => v / 0.5 === Math.round(v / 0.5)));
});

test("compose: params list each part; logProb only for a single part that has one", () => {
  const g = gaussianNoise({ std: 0.2 });
  const c = compose([g, quantisation({ step: 0.1 })]);
  assert.deepEqual(JSON.parse(c.params.parts as string), [
    { type: "gaussian", params: { std: 0.2 } },
    { type: "quantisation", params: { step: 0.1 } },
  ]);
  assert.equal(c.logProb, undefined);
  const single = compose([g]);
  const y = tensor([[0.1, 0.2]]);
  const x = tensor([[0, 0]]);
  assert.deepEqual(Array.from(single.logProb!(y, x).data), Array.from(g.logProb!(y, x).data));
  assert.equal(compose([quantisation({ step: 0.1 })]).logProb, undefined);
  assert.throws(() => compose([]), { message: "compose: parts must be a non-empty array of perturbation models" });
  assert.throws(() => compose([{} as never]), /compose: parts\[0\] is not a perturbation model/);
});
