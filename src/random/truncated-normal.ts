/**
 * Standard normal samples truncated to an interval, exact far into the tails.
 *
 * Three rejection samplers, chosen per element so that each accepts at least about half of
 * its proposals (Robert 1995, "Simulation of truncated normal variables"):
 * - interval containing 0, wider than √(2π): propose standard normals;
 * - interval containing 0, narrower: propose uniformly, accept with exp(-x²/2);
 * - interval on one side of 0, [a, b] with 0 <= a (the other side is reflected):
 *   if (b² - a²)/2 <= 1 propose uniformly and accept with exp((a² - x²)/2), otherwise propose
 *   a translated exponential with Robert's optimal rate λ = (a + √(a² + 4))/2, truncated at b
 *   by inversion, and accept with exp(-(x - λ)²/2).
 * All tests are done on logarithms and no normal CDF is evaluated, so [8, 9] or [-∞, -10]
 * cost no more than [0, 1].
 * @module
 */
import { type Shape, sizeOf } from "../tensor/shape.js";
import { Tensor, type TensorLike } from "../tensor/tensor.js";
import { checkKey, type Key } from "./key.js";
import { ElementStream } from "./stream.js";
import { checkValues, expandedData, outputShape, paramTensor } from "./params.js";

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** 0 ∈ [a, b]: plain normal proposals when the interval holds at least ~half the mass. */
function straddlingZero(s: ElementStream, a: number, b: number): number {
  if (b - a >= SQRT_2PI) {
    for (;;) {
      const z = s.normal();
      if (z >= a && z <= b) return z;
    }
  }
  for (;;) {
    const x = a + (b - a) * s.uniform();
    if (Math.log(s.openUniform()) <= -0.5 * x * x) return x;
  }
}

/** 0 <= a < b <= ∞. */
function oneSided(s: ElementStream, a: number, b: number): number {
  const width = b - a;
  if (width * (b + a) <= 2) {
    for (;;) {
      const x = a + width * s.uniform();
      if (Math.log(s.openUniform()) <= -0.5 * (x - a) * (x + a)) return x;
    }
  }
  // Here b exceeds λ (shown by squaring), so the acceptance probability reaches 1 inside [a, b].
  const lambda = 0.5 * (a + Math.hypot(a, 2)); // hypot: no overflow for huge a
  const truncation = Math.expm1(-lambda * width); // -(1 - e^{-λ(b-a)}): the exponential's mass on [a, b]
  for (;;) {
    const x = Math.min(b, a - Math.log1p(s.uniform() * truncation) / lambda);
    const t = x - lambda;
    if (Math.log(s.openUniform()) <= -0.5 * t * t) return x;
  }
}

/** One draw of a standard normal truncated to [a, b], a < b. */
function truncatedVariate(s: ElementStream, a: number, b: number): number {
  if (a >= 0) return oneSided(s, a, b);
  if (b <= 0) return -oneSided(s, -b, -a);
  return straddlingZero(s, a, b);
}

/**
 * Samples of a standard normal truncated to [lower, upper] (bounds may be infinite). Exact in
 * distribution however far the interval lies in a tail. Element i uses the counters
 * `(i, 0), (i, 1), …` (see `stream.ts`).
 *
 * @param lower - lower bounds, broadcast to `shape`; -Infinity allowed
 * @param upper - upper bounds, each > lower; Infinity allowed
 * @param shape - sample shape; defaults to the broadcast shape of the bounds
 */
export function truncatedNormal(k: Key, lower: TensorLike, upper: TensorLike, shape?: Shape): Tensor {
  checkKey(k, "truncatedNormal");
  const lo = paramTensor("truncatedNormal", "lower", lower);
  const hi = paramTensor("truncatedNormal", "upper", upper);
  checkValues("truncatedNormal", "lower", lo, (v) => v < Infinity, "< Infinity (and not NaN)");
  checkValues("truncatedNormal", "upper", hi, (v) => v > -Infinity, "> -Infinity (and not NaN)");
  const outShape = outputShape("truncatedNormal", shape, [
    ["lower", lo.shape],
    ["upper", hi.shape],
  ]);
  const a = expandedData(lo, outShape);
  const b = expandedData(hi, outShape);
  const n = sizeOf(outShape);
  const out = new Float64Array(n);
  const s = new ElementStream(k, "truncatedNormal");
  for (let i = 0; i < n; i++) {
    const ai = a[i]!,
      bi = b[i]!;
    if (!(ai < bi))
      throw new Error(
        `truncatedNormal: upper must be > lower, got lower ${ai} and upper ${bi} at index ${i} of the sample`,
      );
    s.start(i);
    out[i] = truncatedVariate(s, ai, bi);
  }
  return new Tensor(out, outShape);
}
