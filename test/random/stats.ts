/**
 * Assertions on samples for the sampler tests: moments within a few standard errors, and the
 * one-sample KS test and Pearson's chi-square test at a fixed significance level.
 */
import assert from "node:assert/strict";
import { ksTest } from "../helpers/ks.js";
import { gammaincQ } from "../../src/tensor/special/incompleteGamma.js";

/** Significance level of the goodness-of-fit tests. With fixed keys each test is deterministic. */
export const ALPHA = 0.001;

/** Sample mean, variance and fourth central moment. */
export function sampleMoments(xs: ArrayLike<number>): { mean: number; variance: number; m4: number } {
  const n = xs.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += xs[i]!;
  mean /= n;
  let m2 = 0,
    m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = (xs[i]! - mean) ** 2;
    m2 += d;
    m4 += d * d;
  }
  return { mean, variance: m2 / (n - 1), m4: m4 / n };
}

/**
 * Assert the sample mean and variance are within `z` standard errors of the exact values. The
 * standard errors are sqrt(σ²/n) and sqrt((μ4 - σ⁴)/n), estimated from the sample.
 */
export function assertMoments(
  xs: ArrayLike<number>,
  exact: { mean: number; variance: number },
  what: string,
  z = 5,
): void {
  const n = xs.length;
  const { mean, variance, m4 } = sampleMoments(xs);
  const seMean = Math.sqrt(variance / n);
  const seVar = Math.sqrt(Math.max(m4 - variance * variance, 0) / n);
  assert.ok(
    Math.abs(mean - exact.mean) <= z * seMean,
    `${what}: sample mean ${mean} is ${(Math.abs(mean - exact.mean) / seMean).toFixed(1)} standard errors from ${exact.mean}`,
  );
  assert.ok(
    Math.abs(variance - exact.variance) <= z * seVar,
    `${what}: sample variance ${variance} is ${(Math.abs(variance - exact.variance) / seVar).toFixed(1)} standard errors from ${exact.variance}`,
  );
}

/** Assert a KS test against `cdf` does not reject at level {@link ALPHA}. */
export function assertKs(xs: ArrayLike<number>, cdf: (x: number) => number, what: string): void {
  const { statistic, pValue } = ksTest(xs, cdf);
  assert.ok(pValue > ALPHA, `${what}: KS statistic ${statistic} over ${xs.length} samples, p = ${pValue}`);
}

/**
 * Pearson's chi-square test of integer samples against a pmf on the integers `lo … hi`
 * (which must hold all but a negligible part of the mass). Neighbouring values are pooled
 * left to right until each cell expects at least 5 samples; samples outside [lo, hi] count
 * in the end cells. Returns the statistic, degrees of freedom (cells - 1) and p-value.
 */
export function chiSquare(
  xs: ArrayLike<number>,
  pmf: (k: number) => number,
  lo: number,
  hi: number,
): { statistic: number; df: number; pValue: number } {
  const n = xs.length;
  const counts = new Float64Array(hi - lo + 1);
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    if (!Number.isInteger(x)) throw new Error(`chiSquare: sample ${x} at index ${i} is not an integer`);
    counts[Math.min(Math.max(x, lo), hi) - lo]!++;
  }
  const cells: { observed: number; expected: number }[] = [];
  let cell = { observed: 0, expected: 0 };
  for (let k = lo; k <= hi; k++) {
    cell.observed += counts[k - lo]!;
    cell.expected += n * pmf(k);
    if (cell.expected >= 5) {
      cells.push(cell);
      cell = { observed: 0, expected: 0 };
    }
  }
  if (cells.length === 0) throw new Error("chiSquare: fewer than 5 expected samples in total");
  const last = cells[cells.length - 1]!;
  last.observed += cell.observed;
  last.expected += cell.expected;
  let statistic = 0;
  for (const c of cells) statistic += (c.observed - c.expected) ** 2 / c.expected;
  const df = cells.length - 1;
  return { statistic, df, pValue: df === 0 ? 1 : gammaincQ(df / 2, statistic / 2) };
}

/** Assert a chi-square test against `pmf` on [lo, hi] does not reject at level {@link ALPHA}. */
export function assertChiSquare(
  xs: ArrayLike<number>,
  pmf: (k: number) => number,
  lo: number,
  hi: number,
  what: string,
): void {
  const { statistic, df, pValue } = chiSquare(xs, pmf, lo, hi);
  assert.ok(df >= 1, `${what}: the chi-square test needs at least two cells`);
  assert.ok(
    pValue > ALPHA,
    `${what}: chi-square ${statistic.toFixed(2)} on ${df} df over ${xs.length} samples, p = ${pValue}`,
  );
}
