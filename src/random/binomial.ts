/**
 * Binomial samples: inversion when the mean is small, BTRS (Hörmann 1993, "The generation
 * of binomial random variates") otherwise.
 * @module
 */
import { type Shape, sizeOf } from "../tensor/shape.js";
import { Tensor, type TensorLike } from "../tensor/tensor.js";
import { checkKey, type Key } from "./key.js";
import { ElementStream } from "./stream.js";
import { checkValues, expandedData, outputShape, paramTensor } from "./params.js";
import { binomialLogPmf } from "./log-pmf.js";

/** BTRS's constants are fitted for n·p >= 10; below that, inversion takes few steps. */
const BTRS_MIN_MEAN = 10;

/**
 * Inversion by sequential search (Kachitvichyanukul & Schmeiser 1988, BINV), p <= 1/2 and
 * n·p < 10: one uniform, the pmf recurrence f(x + 1) = f(x)·(n - x)/(x + 1)·p/q. Expected
 * n·p + 1 steps; f(0) = q^n >= e^{-14} here, so it cannot underflow.
 */
function byInversion(s: ElementStream, n: number, p: number): number {
  const q = 1 - p;
  const ratio = p / q;
  let f = Math.exp(n * Math.log1p(-p));
  let u = s.uniform();
  let x = 0;
  while (u >= f && x < n) {
    u -= f;
    f *= ((n - x) / (x + 1)) * ratio;
    x++;
    if (f === 0) break;
  }
  return x;
}

/**
 * BTRS, p <= 1/2 and n·p >= 10: transformed rejection with a squeeze that accepts most
 * proposals without evaluating the pmf; the exact test compares log f(k) - log f(mode), both
 * in Loader's form so it stays exact for any n (see `log-pmf.ts`).
 */
function btrs(s: ElementStream, n: number, p: number): number {
  const q = 1 - p;
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const alpha = (2.83 + 5.1 / b) * spq;
  const vr = 0.92 - 4.2 / b;
  const m = Math.floor((n + 1) * p);
  const logPmfAtMode = binomialLogPmf(m, n, p);
  for (;;) {
    const u = s.openUniform() - 0.5;
    const v = s.openUniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= vr) return k;
    const logV = Math.log((v * alpha) / (a / (us * us) + b));
    if (logV <= binomialLogPmf(k, n, p) - logPmfAtMode) return k;
  }
}

/** One Binomial(n, p) draw; p > 1/2 is sampled as n minus a Binomial(n, 1 - p) draw. */
function binomialVariate(s: ElementStream, n: number, p: number): number {
  if (n === 0 || p === 0) return 0;
  if (p === 1) return n;
  const flip = p > 0.5;
  const pp = flip ? 1 - p : p; // exact for p in (1/2, 1]
  const x = n * pp < BTRS_MIN_MEAN ? byInversion(s, n, pp) : btrs(s, n, pp);
  return flip ? n - x : x;
}

/**
 * Binomial samples (as float64): successes in `totalCount` trials with success probability
 * `probs`, exact for any count: inversion when the mean min(p, 1-p)·n is below 10, Hörmann's
 * BTRS otherwise. Element i uses the counters `(i, 0), (i, 1), …` (see `stream.ts`).
 *
 * @param totalCount - numbers of trials: integers >= 0 (below 2^53)
 * @param probs - success probabilities in [0, 1]
 * @param shape - sample shape; defaults to the broadcast shape of the parameters
 */
export function binomial(k: Key, totalCount: TensorLike, probs: TensorLike, shape?: Shape): Tensor {
  checkKey(k, "binomial");
  const tn = paramTensor("binomial", "totalCount", totalCount);
  const tp = paramTensor("binomial", "probs", probs);
  checkValues("binomial", "totalCount", tn, (v) => Number.isSafeInteger(v) && v >= 0, "an integer >= 0 (below 2^53)");
  checkValues("binomial", "probs", tp, (v) => v >= 0 && v <= 1, "in [0, 1]");
  const outShape = outputShape("binomial", shape, [
    ["totalCount", tn.shape],
    ["probs", tp.shape],
  ]);
  const nd = expandedData(tn, outShape);
  const pd = expandedData(tp, outShape);
  const size = sizeOf(outShape);
  const out = new Float64Array(size);
  const s = new ElementStream(k, "binomial");
  for (let i = 0; i < size; i++) {
    s.start(i);
    out[i] = binomialVariate(s, nd[i]!, pd[i]!);
  }
  return new Tensor(out, outShape);
}
