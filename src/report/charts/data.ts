/**
 * Data preparation shared by the charts: input checks, histograms computed here (so a chart
 * carries a few dozen bars, not every draw), and deterministic thinning.
 * @module
 */
import type { PosteriorDraws } from "../types.js";

/** Throw unless `x` is a finite number; `what` names the value in the message. */
export function checkFinite(where: string, what: string, x: unknown): number {
  if (typeof x !== "number" || !Number.isFinite(x)) {
    throw new Error(`${where}: ${what} must be a finite number, got ${String(x)}`);
  }
  return x;
}

/** Throw unless `xs` is a non-empty array of finite numbers. */
export function checkFiniteArray(where: string, what: string, xs: unknown): number[] {
  if (!Array.isArray(xs) || xs.length === 0) {
    throw new Error(`${where}: ${what} must be a non-empty array of numbers, got ${describe(xs)}`);
  }
  for (let i = 0; i < xs.length; i++) checkFinite(where, `${what}[${i}]`, xs[i]);
  return xs as number[];
}

/** A short description of a value for error messages. */
function describe(x: unknown): string {
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  return x === null ? "null" : typeof x;
}

/**
 * Check the layout of posterior draws: unique names, equally long chains, one value per name in
 * every draw, finite values, and a truth vector of the right length. Returns the draws per chain.
 */
export function checkPosterior(where: string, posterior: PosteriorDraws): number {
  const { names, draws, truth } = posterior ?? ({} as PosteriorDraws);
  if (!Array.isArray(names) || names.length === 0 || names.some((n) => typeof n !== "string")) {
    throw new Error(`${where}: posterior.names must be a non-empty array of strings, got ${describe(names)}`);
  }
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new Error(`${where}: posterior.names must be unique, but "${n}" appears twice`);
    seen.add(n);
  }
  if (!Array.isArray(draws) || draws.length === 0) {
    throw new Error(`${where}: posterior.draws must be a non-empty array of chains, got ${describe(draws)}`);
  }
  const numDraws = Array.isArray(draws[0]) ? draws[0].length : -1;
  if (numDraws < 1) throw new Error(`${where}: posterior.draws[0] must be a non-empty array of draws`);
  draws.forEach((chain, c) => {
    if (!Array.isArray(chain) || chain.length !== numDraws) {
      throw new Error(
        `${where}: chains must have equal length, but chain 0 has ${numDraws} draws and chain ${c} has ${describe(chain)}`,
      );
    }
    chain.forEach((draw, d) => {
      if (!Array.isArray(draw) || draw.length !== names.length) {
        throw new Error(
          `${where}: posterior.draws[${c}][${d}] must hold ${names.length} values (one per name), got ${describe(draw)}`,
        );
      }
      draw.forEach((v, j) => checkFinite(where, `posterior.draws[${c}][${d}][${j}]`, v));
    });
  });
  if (truth !== undefined) {
    if (!Array.isArray(truth) || truth.length !== names.length) {
      throw new Error(
        `${where}: posterior.truth must hold ${names.length} values (one per name), got ${describe(truth)}`,
      );
    }
    truth.forEach((v, j) => checkFinite(where, `posterior.truth[${j}]`, v));
  }
  return numDraws;
}

/** All draws of parameter `j`, chains concatenated in order. */
export function pooledColumn(posterior: PosteriorDraws, j: number): number[] {
  const out: number[] = [];
  for (const chain of posterior.draws) for (const draw of chain) out.push(draw[j]!);
  return out;
}

/**
 * Indices of the parameters to show: the named ones in the given order, or the first `max`.
 * @throws if a requested name is not a parameter.
 */
export function selectParameters(
  where: string,
  names: readonly string[],
  chosen?: readonly string[],
  max = Infinity,
): number[] {
  if (chosen === undefined) return names.slice(0, max).map((_, j) => j);
  if (!Array.isArray(chosen) || chosen.length === 0) {
    throw new Error(`${where}: parameters must be a non-empty array of names, got ${describe(chosen)}`);
  }
  return chosen.slice(0, max).map((n) => {
    const j = names.indexOf(n);
    if (j < 0) throw new Error(`${where}: unknown parameter "${n}"; the parameters are ${names.join(", ")}`);
    return j;
  });
}

/**
 * `min(n, max)` indices spread evenly over 0 … n − 1: index `floor(i · n / max)` for i < max.
 * Deterministic (no randomness), increasing, starting at 0 — every chain and every stretch of
 * the run keeps its share of points.
 */
export function thinIndices(n: number, max: number): number[] {
  if (!Number.isInteger(n) || n < 0) throw new Error(`thinIndices: n must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(max) || max < 1) throw new Error(`thinIndices: max must be a positive integer, got ${max}`);
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: max }, (_, i) => Math.floor((i * n) / max));
}

/** One histogram bin: [lo, hi) (the last one closed), its count and its density count / (n · width). */
export interface HistogramBin {
  lo: number;
  hi: number;
  count: number;
  density: number;
}

/** The Rice rule, 2 n^(1/3) bins, clamped to [5, 50]: a little finer than Sturges for large n. */
export function defaultNumBins(n: number): number {
  return Math.min(50, Math.max(5, Math.ceil(2 * Math.cbrt(n))));
}

/** The [lo, hi] extent of some values, widened to a unit interval around a constant. */
export function extent(values: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi];
}

/**
 * Histogram of `values` over `numBins` equal-width bins spanning `range` (default: the values'
 * extent). Values outside the range are not counted; densities still divide by all n, so
 * histograms of different samples on one range are comparable.
 */
export function histogram(values: readonly number[], numBins: number, range = extent(values)): HistogramBin[] {
  if (!Number.isInteger(numBins) || numBins < 1) {
    throw new Error(`histogram: numBins must be a positive integer, got ${numBins}`);
  }
  const [lo, hi] = range;
  const width = (hi - lo) / numBins;
  const counts = new Array<number>(numBins).fill(0);
  for (const v of values) {
    if (v < lo || v > hi) continue;
    counts[Math.min(numBins - 1, Math.floor((v - lo) / width))]!++;
  }
  const n = values.length;
  return counts.map((count, i) => ({
    lo: lo + i * width,
    hi: i === numBins - 1 ? hi : lo + (i + 1) * width,
    count,
    density: count / (n * width),
  }));
}
