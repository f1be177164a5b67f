// Diagnostics against answers known in closed form or asymptotically, independent of any
// reference implementation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "../helpers/assert.js";
import {
  autocovariance,
  effectiveSampleSize,
  essBulk,
  essMean,
  essTail,
  gelmanRubin,
  mcseMean,
  mcseQuantile,
  rhat,
  splitGelmanRubin,
} from "../../src/infer/diagnostics/index.js";
import { fftInPlace } from "../../src/infer/diagnostics/fft.js";

/** Standard normals from a Park–Miller LCG and Box–Muller: deterministic test data. */
function normals(seed: number, n: number): Float64Array {
  let state = seed;
  const uniform = (): number => {
    state = (16807 * state) % 2147483647;
    return state / 2147483647;
  };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return out;
}

/** A stationary AR(1) chain x_t = φ x_{t−1} + √(1 − φ²) e_t. */
function ar1(seed: number, n: number, phi: number): Float64Array {
  const e = normals(seed, n);
  const x = new Float64Array(n);
  x[0] = e[0]!;
  for (let t = 1; t < n; t++) x[t] = phi * x[t - 1]! + Math.sqrt(1 - phi * phi) * e[t]!;
  return x;
}

const chainsOf = (count: number, make: (c: number) => Float64Array): Float64Array[] =>
  Array.from({ length: count }, (_, c) => make(c));

test("autocovariance by FFT equals the direct biased sum (1/n) Σ (x_i − x̄)(x_{i+t} − x̄)", () => {
  for (const n of [1, 2, 3, 7, 64, 100, 129]) {
    const x = normals(11 + n, n).map((v) => 3 + 2 * v);
    const mean = x.reduce((a, b) => a + b, 0) / n;
    const direct = Array.from({ length: n }, (_, t) => {
      let s = 0;
      for (let i = 0; i + t < n; i++) s += (x[i]! - mean) * (x[i + t]! - mean);
      return s / n;
    });
    assertClose(autocovariance(x), direct, { atol: 1e-13 * Math.max(direct[0]!, 1), rtol: 0, what: `n=${n}` });
  }
});

test("fftInPlace equals the naive DFT", () => {
  const n = 16;
  const re = normals(5, n);
  const im = normals(6, n);
  const want = Array.from({ length: n }, (_, k) => {
    let sr = 0;
    let si = 0;
    for (let j = 0; j < n; j++) {
      const a = (-2 * Math.PI * j * k) / n;
      sr += re[j]! * Math.cos(a) - im[j]! * Math.sin(a);
      si += re[j]! * Math.sin(a) + im[j]! * Math.cos(a);
    }
    return [sr, si] as const;
  });
  fftInPlace(re, im);
  assertClose(
    re,
    want.map((w) => w[0]),
    { atol: 1e-12, rtol: 0, what: "re" },
  );
  assertClose(
    im,
    want.map((w) => w[1]),
    { atol: 1e-12, rtol: 0, what: "im" },
  );
});

test("AR(1) chains: ESS ≈ S(1 − φ)/(1 + φ)", () => {
  for (const phi of [0.5, 0.9]) {
    const x = chainsOf(4, (c) => ar1(1000 + c, 5000, phi));
    const theory = (20000 * (1 - phi)) / (1 + phi);
    for (const [what, ess] of [
      ["effectiveSampleSize", effectiveSampleSize(x)],
      ["essMean", essMean(x)],
      ["essBulk", essBulk(x)],
    ] as const) {
      assert.ok(Math.abs(ess / theory - 1) < 0.15, `${what} φ=${phi}: ${ess} vs theory ${theory}`);
    }
  }
});

test("independent draws: ESS ≈ S and MCSE of the mean ≈ sd/√S", () => {
  const x = chainsOf(4, (c) => normals(77 + c, 1000));
  for (const ess of [effectiveSampleSize(x), essMean(x), essBulk(x), essTail(x)]) {
    assert.ok(Math.abs(ess / 4000 - 1) < 0.15, `ESS ${ess} vs 4000`);
  }
  assert.ok(Math.abs(mcseMean(x) / (1 / Math.sqrt(4000)) - 1) < 0.1, `mcseMean ${mcseMean(x)}`);
  // asymptotic sd of the sample median of N(0, 1): √(p(1 − p)/S) / φ(0)
  const medianSe = Math.sqrt(0.25 / 4000) * Math.sqrt(2 * Math.PI);
  assert.ok(Math.abs(mcseQuantile(x, 0.5) / medianSe - 1) < 0.2, `mcseQuantile ${mcseQuantile(x, 0.5)} vs ${medianSe}`);
});

test("identical chains: B = 0, so R-hat = √((N − 1)/N)", () => {
  const chain = ar1(3, 200, 0.3);
  assertClose(gelmanRubin([chain, chain, chain]), Math.sqrt(199 / 200), { what: "gelmanRubin" });
});

test("mixed chains give R-hat ≈ 1; a chain with a shifted mean gives R-hat ≫ 1.01", () => {
  const mixed = chainsOf(4, (c) => ar1(40 + c, 1000, 0.5));
  for (const r of [rhat(mixed), splitGelmanRubin(mixed)]) assert.ok(Math.abs(r - 1) < 0.01, `R-hat ${r}`);
  const shifted = mixed.map((chain, c) => (c === 0 ? chain.map((v) => v + 3) : chain));
  for (const r of [rhat(shifted), splitGelmanRubin(shifted), gelmanRubin(shifted)]) assert.ok(r > 1.3, `R-hat ${r}`);
});

test("a chain with a trend is caught by splitting", () => {
  const trend = chainsOf(4, (c) => ar1(60 + c, 1000, 0.3).map((v, i) => v + (3 * i) / 1000));
  assert.ok(gelmanRubin(trend) < 1.01, `whole-chain R-hat ${gelmanRubin(trend)} misses the trend`);
  assert.ok(splitGelmanRubin(trend) > 1.1, `split R-hat ${splitGelmanRubin(trend)}`);
});

test("a chain with a larger scale is caught by folding (tail R-hat), not by location R-hat", () => {
  const scaled = chainsOf(4, (c) => ar1(80 + c, 1000, 0.3).map((v) => (c === 0 ? 3 * v : v)));
  assert.ok(splitGelmanRubin(scaled) < 1.01, `split R-hat ${splitGelmanRubin(scaled)}`);
  assert.ok(rhat(scaled) > 1.05, `rank-normalised R-hat ${rhat(scaled)}`);
});

test("rank-normalised diagnostics are invariant under monotone transformations", () => {
  const x = chainsOf(4, (c) => ar1(90 + c, 300, 0.6));
  const transformed = x.map((chain) => chain.map((v) => Math.exp(2 * v) + 5));
  assert.equal(rhat(transformed), rhat(x));
  assert.equal(essBulk(transformed), essBulk(x));
  assert.equal(essTail(transformed), essTail(x));
});

test("ESS is capped at S·log10(S) for strongly antithetic chains", () => {
  const x = chainsOf(4, (c) => ar1(120 + c, 100, -0.9));
  // NumPyro's estimator has no such guard: with ρ̂_1 ≈ −0.9 its τ̂ = −1 + 2(ρ̂_0 + ρ̂_1) + … < 0
  assert.ok(effectiveSampleSize(x) < 0, `unguarded (NumPyro) ESS ${effectiveSampleSize(x)}`);
  assertClose(essMean(x), 400 * Math.log10(400), { what: "essMean" });
});

test("with fewer than 6 draws per split chain Stan's ESS is S/2 (τ̂ = 2, as the posterior package)", () => {
  const x = [
    Float64Array.from([0.3, -1.2, 0.8, 2.1, -0.4, 0.9, 1.5, -0.2]),
    Float64Array.from([1.1, 0.2, -0.7, 0.4, -1.9, 0.6, 0.1, 1.3]),
  ];
  assert.equal(essMean(x), 8);
});
