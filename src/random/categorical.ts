/**
 * Categorical samples from unnormalised log-probabilities, by inverting each row's CDF.
 * @module
 */
import { type Shape, formatShape, sizeOf } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { checkKey, type Key } from "./key.js";
import { threefryInto } from "./threefry.js";
import { unitFromWords } from "./bits.js";
import { expandedData, outputShape } from "./params.js";

/**
 * Unnormalised cumulative probabilities of every row of `logits` (`[rows, K]` flattened):
 * `exp(logit - rowMax)` summed left to right, so the largest logit contributes exactly 1.
 */
function rowCdfs(logits: Tensor, K: number): Float64Array {
  const d = logits.data;
  const rows = d.length / K;
  const cdf = new Float64Array(d.length);
  for (let r = 0; r < rows; r++) {
    const base = r * K;
    let max = -Infinity;
    for (let j = 0; j < K; j++) {
      const v = d[base + j]!;
      if (Number.isNaN(v) || v === Infinity)
        throw new Error(`categorical: logits must be finite or -Infinity, got ${v} at index ${base + j}`);
      if (v > max) max = v;
    }
    if (max === -Infinity)
      throw new Error(`categorical: row ${r} of logits has no finite value (every category has probability 0)`);
    let total = 0;
    for (let j = 0; j < K; j++) cdf[base + j] = total += Math.exp(d[base + j]! - max);
  }
  return cdf;
}

/** The first j in row `base` with `cdf[base + j] > target`, by bisection; K - 1 if none. */
function searchRow(cdf: Float64Array, base: number, K: number, target: number): number {
  let lo = 0,
    hi = K - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[base + mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The last category of a row with positive probability (where rounding may leave the search). */
function lastPositive(cdf: Float64Array, base: number, K: number): number {
  let j = K - 1;
  while (j > 0 && cdf[base + j] === cdf[base + j - 1]) j--;
  return j;
}

/**
 * Categorical samples: indices (as float64) into the last axis of `logits`, drawn with
 * probabilities `softmax(logits)`. A logit of -Infinity is a category of probability 0.
 * Element i inverts its row's CDF at the [0, 1) uniform of counter `(i, 0)`.
 *
 * @param logits - shape `[..., K]`, K >= 1; values finite or -Infinity
 * @param shape - sample shape (default `logits.shape[:-1]`); the leading axes of `logits`
 *   broadcast to it
 */
export function categorical(k: Key, logits: Tensor, shape?: Shape): Tensor {
  checkKey(k, "categorical");
  if (!(logits instanceof Tensor) || logits.ndim < 1)
    throw new Error(
      `categorical: logits must be a Tensor with at least one axis (the categories), got ${logits instanceof Tensor ? `shape ${formatShape(logits.shape)}` : typeof logits}`,
    );
  const K = logits.shape[logits.ndim - 1]!;
  if (K < 1)
    throw new Error(`categorical: logits must have at least one category, got shape ${formatShape(logits.shape)}`);
  const batch = logits.shape.slice(0, -1);
  const outShape = outputShape("categorical", shape, [["logits' batch part", batch]]);
  const cdf = rowCdfs(logits, K);
  // The row each output element reads, by broadcasting the row numbers like any parameter.
  const rowNumbers = new Tensor(
    Float64Array.from({ length: sizeOf(batch) }, (_, r) => r),
    batch,
  );
  const rowOf = expandedData(rowNumbers, outShape);
  const n = sizeOf(outShape);
  const out = new Float64Array(n);
  const block = new Uint32Array(2);
  const k0 = k[0]!,
    k1 = k[1]!;
  for (let i = 0; i < n; i++) {
    threefryInto(k0, k1, i, 0, block, 0);
    const base = rowOf[i]! * K;
    const target = unitFromWords(block[0]!, block[1]!) * cdf[base + K - 1]!;
    let j = searchRow(cdf, base, K, target);
    if (!(cdf[base + j]! > target)) j = lastPositive(cdf, base, K);
    out[i] = j;
  }
  return new Tensor(out, outShape);
}
