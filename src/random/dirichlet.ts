/**
 * Dirichlet samples as normalised gamma draws, normalised in log space.
 * @module
 */
import { type Shape, formatShape, sizeOf } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { checkKey, type Key } from "./key.js";
import { ElementStream } from "./stream.js";
import { checkPositive, expandedData, outputShape } from "./params.js";
import { logGammaVariate } from "./gamma.js";

/**
 * Dirichlet samples: independent Gamma(α_j) draws divided by their sum. The division is a
 * softmax of the log-gamma draws, so tiny concentrations (all draws underflowing) still give
 * a point on the simplex. Row r of the result draws its K gammas in order from the counters
 * `(r, 0), (r, 1), …`.
 *
 * @param concentration - shape `[..., K]`, K >= 1, every value finite and > 0
 * @param batchShape - leading shape of the result (default `concentration.shape[:-1]`);
 *   the leading axes of `concentration` broadcast to it
 * @returns samples of shape `[...batchShape, K]`
 */
export function dirichlet(k: Key, concentration: Tensor, batchShape?: Shape): Tensor {
  checkKey(k, "dirichlet");
  if (!(concentration instanceof Tensor) || concentration.ndim < 1)
    throw new Error(
      `dirichlet: concentration must be a Tensor with at least one axis (the K categories), got ${concentration instanceof Tensor ? `shape ${formatShape(concentration.shape)}` : typeof concentration}`,
    );
  const K = concentration.shape[concentration.ndim - 1]!;
  if (K < 1)
    throw new Error(
      `dirichlet: concentration must have at least one category, got shape ${formatShape(concentration.shape)}`,
    );
  checkPositive("dirichlet", "concentration", concentration);
  const batch = outputShape("dirichlet", batchShape, [
    ["concentration's batch part", concentration.shape.slice(0, -1)],
  ]);
  const alpha = expandedData(concentration, [...batch, K]);
  const nRows = sizeOf(batch);
  const out = new Float64Array(nRows * K);
  const draws = new Float64Array(K); // log-gamma draws, then their exponentials relative to the largest
  const s = new ElementStream(k, "dirichlet");
  for (let r = 0; r < nRows; r++) {
    s.start(r);
    let max = -Infinity;
    for (let j = 0; j < K; j++) {
      const l = logGammaVariate(s, alpha[r * K + j]!);
      draws[j] = l;
      if (l > max) max = l;
    }
    let total = 0;
    for (let j = 0; j < K; j++) total += draws[j] = Math.exp(draws[j]! - max);
    for (let j = 0; j < K; j++) out[r * K + j] = draws[j]! / total;
  }
  return new Tensor(out, [...batch, K]);
}
