import { test } from "node:test";
import assert from "node:assert/strict";
import { INITIALIZERS, fans, initVariance, initialize, key } from "../../src/index.js";

/** Sample mean and variance of a tensor's values. */
function moments(data: Float64Array): { mean: number; variance: number } {
  let m = 0;
  for (const v of data) m += v;
  m /= data.length;
  let s = 0;
  for (const v of data) s += (v - m) ** 2;
  return { mean: m, variance: s / data.length };
}

test("fans: dense, vector, scalar and convolution-shaped weights", () => {
  assert.deepEqual(fans([6, 64]), { fanIn: 6, fanOut: 64 });
  assert.deepEqual(fans([5]), { fanIn: 5, fanOut: 5 });
  assert.deepEqual(fans([]), { fanIn: 1, fanOut: 1 });
  // a 3×3 kernel from 4 to 8 channels: receptive field 9
  assert.deepEqual(fans([3, 3, 4, 8]), { fanIn: 36, fanOut: 72 });
});

test("initVariance: the published formulas", () => {
  const shape = [30, 70];
  assert.equal(initVariance("glorotUniform", shape), 2 / 100); // Glorot & Bengio (2010)
  assert.equal(initVariance("glorotNormal", shape), 2 / 100);
  assert.equal(initVariance("heNormal", shape), 2 / 30); // He et al. (2015)
  assert.equal(initVariance("heUniform", shape), 2 / 30);
  assert.equal(initVariance("lecunNormal", shape), 1 / 30); // LeCun et al. (1998)
  assert.equal(initVariance("zeros", shape), 0);
});

test("initialize: sample mean and variance of a 300×500 weight match the formulas within 4 standard errors", () => {
  const shape = [300, 500];
  const n = 300 * 500;
  for (const init of INITIALIZERS) {
    const w = initialize(key(2024), shape, init);
    assert.deepEqual(w.shape, shape);
    if (init === "zeros") {
      assert.ok(w.data.every((v) => v === 0));
      continue;
    }
    const { fanIn, fanOut } = fans(shape);
    const expected =
      init === "glorotUniform" || init === "glorotNormal"
        ? 2 / (fanIn + fanOut)
        : init === "lecunNormal"
          ? 1 / fanIn
          : 2 / fanIn;
    const { mean, variance } = moments(w.data);
    // SE of the mean: σ/√n. SE of the sample variance: σ²·√((κ − 1)/n), κ the kurtosis:
    // 3 for a normal, 9/5 for a uniform.
    const kurtosis = init.endsWith("Uniform") ? 9 / 5 : 3;
    const seMean = Math.sqrt(expected / n);
    const seVar = expected * Math.sqrt((kurtosis - 1) / n);
    assert.ok(Math.abs(mean) < 4 * seMean, `${init}: mean ${mean}, 4 SE = ${4 * seMean}`);
    assert.ok(
      Math.abs(variance - expected) < 4 * seVar,
      `${init}: variance ${variance}, expected ${expected} ± ${4 * seVar}`,
    );
    if (init.endsWith("Uniform")) {
      const limit = Math.sqrt(3 * expected);
      assert.ok(
        w.data.every((v) => Math.abs(v) <= limit),
        `${init}: a value outside ±${limit}`,
      );
    }
  }
});

test("initialize: reproducible from the key; bad names are rejected", () => {
  assert.deepEqual(initialize(key(1), [4, 5], "heNormal").data, initialize(key(1), [4, 5], "heNormal").data);
  assert.throws(() => initialize(key(1), [4, 5], "kaiming" as never), /unknown initialiser "kaiming"/);
  assert.throws(() => initVariance("heNormal", [0, 5]), /heNormal needs a non-zero fan, got shape \[0, 5\]/);
});
