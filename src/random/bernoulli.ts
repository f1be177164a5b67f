/**
 * Bernoulli (0/1) samples.
 * @module
 */
import { type Shape, sizeOf } from "../tensor/shape.js";
import { Tensor, type TensorLike } from "../tensor/tensor.js";
import { checkKey, type Key } from "./key.js";
import { threefryInto } from "./threefry.js";
import { unitFromWords } from "./bits.js";
import { checkValues, expandedData, outputShape, paramTensor } from "./params.js";

/**
 * Bernoulli samples: 1 with probability `probs`, else 0, as float64. Element i is
 * `u < p` with u the [0, 1) uniform of counter `(i, 0)`, so p = 0 never gives 1 and p = 1
 * always does.
 *
 * @param probs - success probabilities in [0, 1], broadcast to `shape`
 * @param shape - sample shape; defaults to the shape of `probs`
 */
export function bernoulli(k: Key, probs: TensorLike, shape?: Shape): Tensor {
  checkKey(k, "bernoulli");
  const p = paramTensor("bernoulli", "probs", probs);
  checkValues("bernoulli", "probs", p, (v) => v >= 0 && v <= 1, "in [0, 1]");
  const outShape = outputShape("bernoulli", shape, [["probs", p.shape]]);
  const pd = expandedData(p, outShape);
  const n = sizeOf(outShape);
  const out = new Float64Array(n);
  const block = new Uint32Array(2);
  const k0 = k[0]!,
    k1 = k[1]!;
  for (let i = 0; i < n; i++) {
    threefryInto(k0, k1, i, 0, block, 0);
    out[i] = unitFromWords(block[0]!, block[1]!) < pd[i]! ? 1 : 0;
  }
  return new Tensor(out, outShape);
}
