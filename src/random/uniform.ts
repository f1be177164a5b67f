/**
 * Uniform doubles on [low, high).
 * @module
 */
import { type Shape, sizeOf } from "../tensor/shape.js";
import { Tensor, type TensorLike } from "../tensor/tensor.js";
import { checkKey, type Key } from "./key.js";
import { threefryInto } from "./threefry.js";
import { unitFromWords } from "./bits.js";
import { checkValues, expandedData, outputShape, paramTensor } from "./params.js";

/** The largest double below a finite x. */
function nextDown(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  const f = new Float64Array([x]);
  const bits = new BigInt64Array(f.buffer);
  bits[0] = x > 0 ? bits[0]! - 1n : bits[0]! + 1n;
  return f[0]!;
}

/**
 * Uniform samples on the half-open interval [low, high). The unit draws are the 2^53
 * equally likely values k·2^-53, k = 0 … 2^53 - 1, so with the defaults the result lies in
 * [0, 1) and is exactly 0 with probability 2^-53; take `1 - u` or use {@link exponential}
 * when a logarithm must be finite. A value that rounds up to `high` is replaced by the
 * largest double below it, so `high` itself never appears. Element i uses the block of
 * counter `(i, 0)`.
 *
 * @param shape - sample shape; defaults to the broadcast shape of `low` and `high`
 * @param low - finite lower bounds (default 0), broadcast to `shape`
 * @param high - finite upper bounds (default 1), each > low, broadcast to `shape`
 */
export function uniform(k: Key, shape?: Shape, low: TensorLike = 0, high: TensorLike = 1): Tensor {
  checkKey(k, "uniform");
  const lo = paramTensor("uniform", "low", low);
  const hi = paramTensor("uniform", "high", high);
  checkValues("uniform", "low", lo, Number.isFinite, "finite");
  checkValues("uniform", "high", hi, Number.isFinite, "finite");
  const outShape = outputShape("uniform", shape, [
    ["low", lo.shape],
    ["high", hi.shape],
  ]);
  const n = sizeOf(outShape);
  const a = expandedData(lo, outShape);
  const b = expandedData(hi, outShape);
  for (let i = 0; i < n; i++)
    if (!(a[i]! < b[i]!))
      throw new Error(`uniform: high must be > low, got low ${a[i]} and high ${b[i]} at index ${i} of the sample`);
  const out = new Float64Array(n);
  const block = new Uint32Array(2);
  const k0 = k[0]!,
    k1 = k[1]!;
  for (let i = 0; i < n; i++) {
    threefryInto(k0, k1, i, 0, block, 0);
    const u = unitFromWords(block[0]!, block[1]!);
    const l = a[i]!,
      h = b[i]!;
    const width = h - l;
    // Write the interpolation so that a width overflowing to infinity cannot produce inf·0.
    let x = Number.isFinite(width) ? l + width * u : l * (1 - u) + h * u;
    if (x >= h) x = nextDown(h);
    out[i] = x;
  }
  return new Tensor(out, outShape);
}
