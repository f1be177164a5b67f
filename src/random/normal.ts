/**
 * Standard normal samples.
 * @module
 */
import { type Shape, sizeOf } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { checkKey, type Key } from "./key.js";
import { threefryInto } from "./threefry.js";
import { openUnitFromWords, unitFromWords } from "./bits.js";
import { checkSampleShape } from "./params.js";

const TWO_PI = 2 * Math.PI;

/**
 * Standard normal samples by the Box–Muller transform (Box & Muller 1958). Elements 2m and
 * 2m + 1 are the cosine and sine halves of one transform of the blocks of counters
 * `(2m, 0)` and `(2m + 1, 0)`: one Threefry block per output, one logarithm per pair, and
 * element i does not depend on the sample size. The radius uses an open uniform, so values
 * are finite (|z| < 8.6).
 *
 * @param shape - sample shape (default `[]`, a scalar)
 */
export function normal(k: Key, shape: Shape = []): Tensor {
  checkKey(k, "normal");
  checkSampleShape("normal", shape);
  const n = sizeOf(shape);
  const out = new Float64Array(n);
  const block = new Uint32Array(4);
  const k0 = k[0]!,
    k1 = k[1]!;
  for (let i = 0; i < n; i += 2) {
    threefryInto(k0, k1, i, 0, block, 0);
    threefryInto(k0, k1, i + 1, 0, block, 2);
    const r = Math.sqrt(-2 * Math.log(openUnitFromWords(block[0]!, block[1]!)));
    const theta = TWO_PI * unitFromWords(block[2]!, block[3]!);
    out[i] = r * Math.cos(theta);
    if (i + 1 < n) out[i + 1] = r * Math.sin(theta);
  }
  return new Tensor(out, shape.slice());
}
