/** MADE: masks from degrees, and the autoregressive property checked on the Jacobian. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { MADE, madeDegrees, madeMasks } from "../../../src/nn/flows/index.js";
import { jacobian, key, random, split } from "../../../src/index.js";

/**
 * Check that output [b, k] depends on input j exactly when degree(j) < degree(k): zero
 * Jacobian entries elsewhere, and (with random weights) non-zero ones where allowed.
 */
function checkAutoregressive(made: MADE, seed: number): void {
  const d = made.features;
  const [kp, kx, kc] = split(key(seed), 3);
  const params = made.init(kp!);
  const context = made.contextFeatures > 0 ? random.normal(kc!, [made.contextFeatures]) : undefined;
  for (const kk of split(kx!, 3)) {
    const x = random.normal(kk, [d]);
    const J = jacobian((v) => made.apply(params, v, context), x); // [(outputs) 2·d, d]
    assert.equal(J.size, made.outputsPerFeature * d * d);
    const deg = made.degrees.input;
    for (let b = 0; b < made.outputsPerFeature; b++)
      for (let k = 0; k < d; k++)
        for (let j = 0; j < d; j++) {
          const v = J.data[(b * d + k) * d + j]!;
          if (deg[j]! >= deg[k]!) assert.equal(v, 0, `output [${b}, ${k}] depends on input ${j}: ${v}`);
          else assert.ok(Math.abs(v) > 1e-8, `output [${b}, ${k}] does not depend on earlier input ${j}`);
        }
  }
}

test("MADE outputs depend only on inputs of lower degree (natural order, d = 5)", () => {
  checkAutoregressive(new MADE({ features: 5, hidden: [16, 16], outputsPerFeature: 2 }), 1);
});

test("MADE autoregressive property with a permuted order, one hidden layer, relu", () => {
  checkAutoregressive(
    new MADE({ features: 4, hidden: [12], outputsPerFeature: 2, inputDegrees: [2, 4, 1, 3], activation: "relu" }),
    2,
  );
});

test("conditional MADE: still autoregressive in x, and the context reaches every output", () => {
  const made = new MADE({ features: 3, hidden: [10, 10], outputsPerFeature: 2, contextFeatures: 2 });
  checkAutoregressive(made, 3);
  const params = made.init(key(4));
  const x = random.normal(key(5), [3]);
  const Jc = jacobian((c) => made.apply(params, x, c), random.normal(key(6), [2]));
  for (let r = 0; r < 6; r++)
    assert.ok(Math.abs(Jc.data[r * 2]!) + Math.abs(Jc.data[r * 2 + 1]!) > 1e-8, `output row ${r} ignores the context`);
});

test("MADE with d = 1: outputs are constant in x and depend on the context", () => {
  const made = new MADE({ features: 1, hidden: [6], outputsPerFeature: 2, contextFeatures: 1 });
  const params = made.init(key(8));
  const c = random.normal(key(9), [1]);
  const Jx = jacobian((v) => made.apply(params, v, c), random.normal(key(10), [1]));
  assert.deepEqual(Array.from(Jx.data), [0, 0]);
  const Jc = jacobian((v) => made.apply(params, random.normal(key(10), [1]), v), c);
  assert.ok(Math.abs(Jc.data[0]!) > 1e-8 && Math.abs(Jc.data[1]!) > 1e-8);
});

test("degrees and masks follow Germain et al. (2015): hidden ≥ input, output > hidden", () => {
  const deg = madeDegrees(3, [4]);
  assert.deepEqual(deg.input, [1, 2, 3]);
  assert.deepEqual(deg.hidden, [[1, 2, 1, 2]]);
  const [m1, m2] = madeMasks(deg, 1);
  assert.deepEqual(m1!.toArray(), [
    [1, 1, 1, 1],
    [0, 1, 0, 1],
    [0, 0, 0, 0],
  ]);
  assert.deepEqual(m2!.toArray(), [
    [0, 1, 1],
    [0, 0, 1],
    [0, 1, 1],
    [0, 0, 1],
  ]);
});

test("MADE rejects bad configurations with messages naming the value", () => {
  assert.throws(() => new MADE({ features: 3, hidden: [] }), /hidden must list at least one/);
  assert.throws(() => new MADE({ features: 0, hidden: [4] }), /features must be a positive integer, got 0/);
  assert.throws(
    () => new MADE({ features: 3, hidden: [4], inputDegrees: [1, 1, 3] }),
    /permutation of 1 … 3, got \[1, 1, 3\]/,
  );
  const made = new MADE({ features: 3, hidden: [4], contextFeatures: 2 });
  const p = made.init(key(0));
  assert.throws(() => made.apply(p, random.normal(key(1), [3])), /needs a context of shape \[\.\.\., 2\]/);
  assert.throws(() => made.apply(p, random.normal(key(1), [2])), /x must have shape \[\.\.\., 3\], got \[2\]/);
});
