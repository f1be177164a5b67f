import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose, assertGradOk } from "../helpers/assert.js";
import { ksTest } from "../helpers/ks.js";
import { key, special, sum, Tensor, tensor } from "../../src/index.js";
import { gaussianNoise, makePerturbation } from "../../src/perturb/index.js";

const LOG_2PI = Math.log(2 * Math.PI);

/** N rows of a fixed, non-trivial clean batch with D columns. */
function cleanBatch(n: number, d: number): Tensor {
  const x = new Float64Array(n * d);
  for (let i = 0; i < n * d; i++) x[i] = Math.sin(0.7 * i) * 3;
  return new Tensor(x, [n, d]);
}

/** The residuals perturbed − clean of column j. */
function column(perturbed: Tensor, clean: Tensor, j: number): Float64Array {
  const [n, d] = perturbed.shape as [number, number];
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = perturbed.data[i * d + j]! - clean.data[i * d + j]!;
  return out;
}

function meanVar(x: Float64Array): [number, number] {
  let m = 0;
  for (const v of x) m += v;
  m /= x.length;
  let s = 0;
  for (const v of x) s += (v - m) ** 2;
  return [m, s / (x.length - 1)];
}

test("gaussian noise: per-dimension mean 0 and variance σ² within 4 standard errors, KS against Φ(x/σ)", () => {
  const n = 40000;
  const std = [0.1, 0.5, 2, 0];
  const clean = cleanBatch(n, 4);
  const noisy = gaussianNoise({ std }).apply(key(11), clean);
  assert.deepEqual(noisy.shape, [n, 4]);
  for (let j = 0; j < 3; j++) {
    const r = column(noisy, clean, j);
    const [m, v] = meanVar(r);
    const s = std[j]!;
    // s.e. of the mean σ/√N; of the sample variance σ²·√(2/(N − 1)).
    assert.ok(Math.abs(m) < (4 * s) / Math.sqrt(n), `dim ${j}: mean ${m}, s.e. ${s / Math.sqrt(n)}`);
    assert.ok(Math.abs(v - s * s) < 4 * s * s * Math.sqrt(2 / (n - 1)), `dim ${j}: variance ${v} vs ${s * s}`);
    const ks = ksTest(r, (x) => special.ndtr(x / s));
    assert.ok(ks.pValue > 0.01, `dim ${j}: KS p = ${ks.pValue}`);
    // The KS test has power: a 10 % wrong scale is rejected at this N.
    assert.ok(ksTest(r, (x) => special.ndtr(x / (1.1 * s))).pValue < 1e-4, `dim ${j}: KS cannot tell σ from 1.1σ`);
  }
  // σ = 0: the dimension is unchanged.
  assert.ok(column(noisy, clean, 3).every((v) => v === 0));
});

test("gaussian noise: a scalar std applies to every dimension; same key same noise, other key other noise", () => {
  const clean = cleanBatch(5000, 3);
  const p = gaussianNoise({ std: 0.3 });
  const a = p.apply(key(1), clean);
  assert.deepEqual(Array.from(a.data), Array.from(p.apply(key(1), clean).data));
  assert.notDeepEqual(Array.from(a.data), Array.from(p.apply(key(2), clean).data));
  for (let j = 0; j < 3; j++) {
    const [, v] = meanVar(column(a, clean, j));
    assert.ok(Math.abs(v - 0.09) < 4 * 0.09 * Math.sqrt(2 / 4999), `dim ${j}: variance ${v}`);
  }
});

test("gaussian logProb matches the hand-computed Normal log-density summed over dimensions", () => {
  const clean = tensor([
    [0, 1],
    [-2, 0.5],
  ]);
  const perturbed = tensor([
    [0.1, 0.7],
    [-2, 1.5],
  ]);
  const std = [0.2, 0.5];
  const lp = gaussianNoise({ std }).logProb!(perturbed, clean);
  const hand = (x: number, m: number, s: number) => -0.5 * ((x - m) / s) ** 2 - Math.log(s) - 0.5 * LOG_2PI;
  assertClose(lp.data, [hand(0.1, 0, 0.2) + hand(0.7, 1, 0.5), hand(-2, -2, 0.2) + hand(1.5, 0.5, 0.5)], {
    rtol: 1e-14,
    atol: 1e-14,
  });
  // Row 0 by hand: z = (0.5, -0.6) → -0.5·(0.25 + 0.36) - log(0.1) - log(2π).
  assertClose(lp.data[0]!, -0.305 - Math.log(0.1) - LOG_2PI, { rtol: 1e-14 });
});

test("gaussian logProb integrates to 1 in 1-D and 2-D (midpoint rule over ±10σ)", () => {
  // 1-D: σ = 0.3 around 0.7, 4000 cells.
  {
    const s = 0.3,
      c = 0.7,
      m = 4000,
      lo = c - 10 * s,
      h = (20 * s) / m;
    const x = new Float64Array(m).map((_, i) => lo + (i + 0.5) * h);
    const lp = gaussianNoise({ std: s }).logProb!(
      new Tensor(x, [m, 1]),
      new Tensor(new Float64Array(m).fill(c), [m, 1]),
    );
    let z = 0;
    for (const v of lp.data) z += Math.exp(v) * h;
    assertClose(z, 1, { atol: 1e-10 });
  }
  // 2-D: σ = (0.2, 1.5), 400 × 400 cells.
  {
    const s = [0.2, 1.5],
      c = [-1, 2],
      m = 400;
    const h = s.map((v) => (20 * v) / m);
    const pts = new Float64Array(m * m * 2);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < m; j++) {
        pts[(i * m + j) * 2] = c[0]! - 10 * s[0]! + (i + 0.5) * h[0]!;
        pts[(i * m + j) * 2 + 1] = c[1]! - 10 * s[1]! + (j + 0.5) * h[1]!;
      }
    const cl = new Float64Array(m * m * 2);
    for (let i = 0; i < m * m; i++) cl.set(c, i * 2);
    const lp = gaussianNoise({ std: s }).logProb!(new Tensor(pts, [m * m, 2]), new Tensor(cl, [m * m, 2]));
    let z = 0;
    for (const v of lp.data) z += Math.exp(v) * h[0]! * h[1]!;
    assertClose(z, 1, { atol: 1e-9 });
  }
});

test("gaussian logProb: gradient with respect to clean matches central finite differences", () => {
  const perturbed = tensor([
    [0.3, -1.2, 2],
    [1, 0, -0.4],
  ]);
  const model = gaussianNoise({ std: [0.4, 1.1, 0.7] });
  assertGradOk(
    (clean: Tensor) => sum(model.logProb!(perturbed, clean)),
    tensor([
      [0.1, -1, 2.5],
      [0.2, 0.3, -0.1],
    ]),
  );
  // ∂/∂clean of log N(x | c, σ²) is (x − c)/σ², computed by hand for one entry.
  const model1 = gaussianNoise({ std: 0.5 });
  assertGradOk(
    (clean: Tensor) => sum(model1.logProb!(perturbed, clean)),
    tensor([
      [0, 0, 0],
      [1, 1, 1],
    ]),
  );
});

test("gaussian: std 0 is allowed in apply but logProb throws; bad parameters are named", () => {
  const clean = cleanBatch(3, 2);
  assert.throws(
    () => gaussianNoise({ std: [0.1, 0] }).logProb!(clean, clean),
    /^Error: gaussian\.logProb: std\[1\] is 0, so the noise has no density/,
  );
  assert.throws(() => gaussianNoise({ std: -1 }), { message: "gaussian: std must be in [0, 1], got -1" });
  assert.throws(() => gaussianNoise({ std: 1.5 }), { message: "gaussian: std must be in [0, 1], got 1.5" });
  assert.throws(() => gaussianNoise({ std: [0.1, -2] }), { message: "gaussian: std[1] must be >= 0, got -2" });
  assert.throws(() => gaussianNoise({ std: [0.1, 0.2, 0.3] }).apply(key(0), clean), {
    message: "gaussian: std has 3 entries but the observations have 2 dimensions",
  });
  assert.throws(() => makePerturbation("gaussian", { sd: 0.1 }), {
    message: 'gaussian: unknown parameter "sd"; valid: std',
  });
  assert.throws(() => makePerturbation("gaussian", { std: "0.1" }), /gaussian: std must be a number or an array/);
  assert.throws(
    () => gaussianNoise({ std: 0.1 }).apply(key(0), tensor([1, 2])),
    /gaussian: clean observations must have shape \[N, D\], got \[2\]/,
  );
  // logProb: perturbed data must be finite; a non-finite latent clean state gives NaN (a divergence), not an exception.
  assert.throws(() => gaussianNoise({ std: 0.1 }).logProb!(tensor([[1, Infinity]]), tensor([[1, 2]])), {
    message: "gaussian.logProb: perturbed observations must be finite, got Infinity at row 0, column 1",
  });
  assert.ok(Number.isNaN(gaussianNoise({ std: 0.1 }).logProb!(tensor([[1, 2]]), tensor([[1, NaN]])).data[0]));
  assert.throws(() => gaussianNoise({ std: 0.1 }).apply(key(0), tensor([[1, NaN]])), {
    message: "gaussian: clean observations must be finite, got NaN at row 0, column 1",
  });
});
