/**
 * Student-t samples as a normal over the root of a scaled chi-square (gamma) draw.
 * @module
 */
import { type Shape, sizeOf } from "../tensor/shape.js";
import { Tensor, type TensorLike } from "../tensor/tensor.js";
import { checkKey, type Key } from "./key.js";
import { ElementStream } from "./stream.js";
import { checkValues, expandedData, outputShape, paramTensor } from "./params.js";
import { logGammaVariate } from "./gamma.js";

/**
 * Standard Student-t samples with `df` degrees of freedom: Z·sqrt(ν / χ²_ν) with
 * χ²_ν = 2·Gamma(ν/2). The scale is formed from the log-gamma draw, so very small ν (heavy
 * tails, gamma draws that underflow) gives large finite values rather than Z/0. `df = Infinity`
 * gives standard normals. Element i draws Z, then the gamma, from counters `(i, 0), (i, 1), …`.
 *
 * @param df - degrees of freedom ν > 0 (Infinity allowed)
 * @param shape - sample shape; defaults to the shape of `df`
 */
export function studentT(k: Key, df: TensorLike, shape?: Shape): Tensor {
  checkKey(k, "studentT");
  const t = paramTensor("studentT", "df", df);
  checkValues("studentT", "df", t, (v) => v > 0, "> 0");
  const outShape = outputShape("studentT", shape, [["df", t.shape]]);
  const nu = expandedData(t, outShape);
  const n = sizeOf(outShape);
  const out = new Float64Array(n);
  const s = new ElementStream(k, "studentT");
  for (let i = 0; i < n; i++) {
    s.start(i);
    const z = s.normal();
    const v = nu[i]!;
    out[i] = v === Infinity ? z : z * Math.exp(0.5 * (Math.log(v / 2) - logGammaVariate(s, v / 2)));
  }
  return new Tensor(out, outShape);
}
