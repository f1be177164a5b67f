/**
 * Samplers for distributions with a closed-form inverse CDF: one open uniform u in (0, 1)
 * per element (the block of counter `(i, 0)`), pushed through the quantile function.
 * Because u is never 0 or 1, every result is finite.
 * @module
 */
import { type Shape, sizeOf } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { checkKey, type Key } from "./key.js";
import { threefryInto } from "./threefry.js";
import { openUnitFromWords } from "./bits.js";
import { checkSampleShape } from "./params.js";

function byInversion(where: string, k: Key, shape: Shape, quantile: (u: number) => number): Tensor {
  checkKey(k, where);
  checkSampleShape(where, shape);
  const n = sizeOf(shape);
  const out = new Float64Array(n);
  const block = new Uint32Array(2);
  const k0 = k[0]!,
    k1 = k[1]!;
  for (let i = 0; i < n; i++) {
    threefryInto(k0, k1, i, 0, block, 0);
    out[i] = quantile(openUnitFromWords(block[0]!, block[1]!));
  }
  return new Tensor(out, shape.slice());
}

/** Exponential samples with rate 1: `-log(u)`. */
export function exponential(k: Key, shape: Shape = []): Tensor {
  return byInversion("exponential", k, shape, (u) => -Math.log(u));
}

/** Standard Gumbel (location 0, scale 1) samples: `-log(-log(u))`. */
export function gumbel(k: Key, shape: Shape = []): Tensor {
  return byInversion("gumbel", k, shape, (u) => -Math.log(-Math.log(u)));
}

/**
 * Laplace samples with location 0 and scale 1. Each half of the quantile function takes the
 * logarithm of the smaller tail probability, which keeps both tails accurate.
 */
export function laplace(k: Key, shape: Shape = []): Tensor {
  return byInversion("laplace", k, shape, (u) => (u < 0.5 ? Math.log(2 * u) : -Math.log(2 * (1 - u))));
}

/**
 * Standard Cauchy quantile `tan(π(u - 1/2))`. In the tails it is evaluated as `∓cot(π·p)`
 * with p the smaller tail probability, because π(u - 1/2) near ±π/2 has lost the digits
 * that set the size of the result.
 */
function cauchyQuantile(u: number): number {
  if (u < 0.25) return -1 / Math.tan(Math.PI * u);
  if (u > 0.75) return 1 / Math.tan(Math.PI * (1 - u));
  return Math.tan(Math.PI * (u - 0.5));
}

/** Standard Cauchy samples (location 0, scale 1). */
export function cauchy(k: Key, shape: Shape = []): Tensor {
  return byInversion("cauchy", k, shape, cauchyQuantile);
}

/** Standard logistic (location 0, scale 1) samples: `log(u / (1 - u))`. */
export function logistic(k: Key, shape: Shape = []): Tensor {
  return byInversion("logistic", k, shape, (u) => Math.log(u / (1 - u)));
}
