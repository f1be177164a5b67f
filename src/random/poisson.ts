/**
 * Poisson samples: inversion for small rates, PTRS (Hörmann 1993, "The transformed rejection
 * method for generating Poisson random variables") for rates >= 10.
 * @module
 */
import { type Shape, sizeOf } from "../tensor/shape.js";
import { Tensor, type TensorLike } from "../tensor/tensor.js";
import { checkKey, type Key } from "./key.js";
import { ElementStream } from "./stream.js";
import { checkValues, expandedData, outputShape, paramTensor } from "./params.js";
import { poissonLogPmf } from "./log-pmf.js";

/** PTRS's constants are fitted for rates from 10 up; below that, inversion is cheap. */
const PTRS_MIN_RATE = 10;

/**
 * Sequential-search inversion: one uniform, walking the CDF from 0 with the pmf recurrence
 * p(x) = p(x - 1)·λ/x. Expected λ + 1 steps. Stops if the pmf underflows, which happens only
 * where the remaining tail mass is below the uniform's resolution.
 */
function byInversion(s: ElementStream, rate: number): number {
  const u = s.uniform();
  let x = 0;
  let p = Math.exp(-rate);
  let cdf = p;
  while (u >= cdf && p > 0) {
    x++;
    p *= rate / x;
    cdf += p;
  }
  return x;
}

/**
 * PTRS: a transformed-rejection sampler with a squeeze that accepts about 89% of the time
 * without evaluating the pmf. The exact test compares against log p(k) in Loader's form, which
 * keeps it exact at any rate (see `log-pmf.ts`).
 */
function ptrs(s: ElementStream, rate: number): number {
  const sqrtRate = Math.sqrt(rate);
  const b = 0.931 + 2.53 * sqrtRate;
  const a = -0.059 + 0.02483 * b;
  const logInvAlpha = Math.log(1.1239 + 1.1328 / (b - 3.4));
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = s.openUniform() - 0.5;
    const v = s.openUniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + rate + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + logInvAlpha - Math.log(a / (us * us) + b) <= poissonLogPmf(k, rate)) return k;
  }
}

/**
 * Poisson samples (as float64) with the given rates, exact for every rate >= 0: inversion
 * below rate 10, Hörmann's PTRS above. Rate 0 gives 0. Element i uses the counters
 * `(i, 0), (i, 1), …` (see `stream.ts`).
 *
 * @param rate - finite rates >= 0, broadcast to `shape`
 * @param shape - sample shape; defaults to the shape of `rate`
 */
export function poisson(k: Key, rate: TensorLike, shape?: Shape): Tensor {
  checkKey(k, "poisson");
  const r = paramTensor("poisson", "rate", rate);
  checkValues("poisson", "rate", r, (v) => v >= 0 && v < Infinity, ">= 0 and finite");
  const outShape = outputShape("poisson", shape, [["rate", r.shape]]);
  const rd = expandedData(r, outShape);
  const n = sizeOf(outShape);
  const out = new Float64Array(n);
  const s = new ElementStream(k, "poisson");
  for (let i = 0; i < n; i++) {
    const lambda = rd[i]!;
    if (lambda === 0) continue;
    s.start(i);
    out[i] = lambda < PTRS_MIN_RATE ? byInversion(s, lambda) : ptrs(s, lambda);
  }
  return new Tensor(out, outShape);
}
