/**
 * Beta samples as a ratio of gamma draws, formed in log space.
 * @module
 */
import { type Shape, sizeOf } from "../tensor/shape.js";
import { Tensor, type TensorLike } from "../tensor/tensor.js";
import { checkKey, type Key } from "./key.js";
import { ElementStream } from "./stream.js";
import { checkPositive, expandedData, outputShape, paramTensor } from "./params.js";
import { logGammaVariate } from "./gamma.js";

/** `Ga / (Ga + Gb)` from the logarithms of the two draws, without overflow or 0/0. */
function ratioFromLogs(la: number, lb: number): number {
  if (la >= lb) return 1 / (1 + Math.exp(lb - la));
  const e = Math.exp(la - lb);
  return e / (1 + e);
}

/**
 * Beta(a, b) samples as X/(X + Y) with X ~ Gamma(a), Y ~ Gamma(b). The ratio is taken from
 * the log-gamma draws, so small parameters (a, b well below 1, where both gamma draws can
 * underflow) still give correct values instead of 0/0. Element i draws X, then Y, from the
 * counters `(i, 0), (i, 1), …`.
 *
 * @param a - first concentration, finite and > 0
 * @param b - second concentration, finite and > 0
 * @param shape - sample shape; defaults to the broadcast shape of `a` and `b`
 */
export function beta(k: Key, a: TensorLike, b: TensorLike, shape?: Shape): Tensor {
  checkKey(k, "beta");
  const ta = paramTensor("beta", "a", a);
  const tb = paramTensor("beta", "b", b);
  checkPositive("beta", "a", ta);
  checkPositive("beta", "b", tb);
  const outShape = outputShape("beta", shape, [
    ["a", ta.shape],
    ["b", tb.shape],
  ]);
  const ad = expandedData(ta, outShape);
  const bd = expandedData(tb, outShape);
  const n = sizeOf(outShape);
  const out = new Float64Array(n);
  const s = new ElementStream(k, "beta");
  for (let i = 0; i < n; i++) {
    s.start(i);
    const la = logGammaVariate(s, ad[i]!);
    out[i] = ratioFromLogs(la, logGammaVariate(s, bd[i]!));
  }
  return new Tensor(out, outShape);
}
