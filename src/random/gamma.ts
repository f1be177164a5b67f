/**
 * Gamma samples (rate 1), by Marsaglia & Tsang (2000), "A simple method for generating gamma
 * variables", with the boost G(α) = G(α + 1)·U^(1/α) for α < 1 carried out in log space.
 * @module
 */
import { type Shape, sizeOf } from "../tensor/shape.js";
import { Tensor, type TensorLike } from "../tensor/tensor.js";
import { checkKey, type Key } from "./key.js";
import { ElementStream } from "./stream.js";
import { checkPositive, expandedData, outputShape, paramTensor } from "./params.js";

/**
 * Marsaglia–Tsang for α >= 1: a normal x is accepted as d·(1 + c·x)^3 with the cheap squeeze
 * `u < 1 - 0.0331·x^4` first and the exact log test second. At least 95% of proposals are
 * accepted for α >= 1, so a sample costs about three draws (a Box–Muller pair and a uniform).
 */
function marsagliaTsang(s: ElementStream, alpha: number): number {
  const d = alpha - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = s.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = s.openUniform();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

/**
 * The logarithm of one Gamma(α, 1) draw from stream `s`. For α < 1 the boost factor U^(1/α)
 * is applied as `log(U)/α`: for tiny α the draw itself underflows (Gamma(0.001) is below
 * 1e-308 about half the time) while its logarithm stays exact, which Dirichlet, beta and
 * Student-t samples rely on.
 * @internal
 */
export function logGammaVariate(s: ElementStream, alpha: number): number {
  if (alpha >= 1) return Math.log(marsagliaTsang(s, alpha));
  const boosted = marsagliaTsang(s, alpha + 1);
  return Math.log(boosted) + Math.log(s.openUniform()) / alpha;
}

/** One Gamma(α, 1) draw from stream `s` (0 when the draw underflows, see {@link logGammaVariate}). */
export function gammaVariate(s: ElementStream, alpha: number): number {
  return alpha >= 1 ? marsagliaTsang(s, alpha) : Math.exp(logGammaVariate(s, alpha));
}

/**
 * Gamma samples with rate 1 and the given concentration (shape parameter) α > 0, any size:
 * α = 1e-3 works, with results that underflow to 0 where the exact value is below the
 * smallest double. Element i uses the counters `(i, 0), (i, 1), …` (see `stream.ts`).
 *
 * @param concentration - α, finite and > 0, broadcast to `shape`
 * @param shape - sample shape; defaults to the shape of `concentration`
 */
export function gamma(k: Key, concentration: TensorLike, shape?: Shape): Tensor {
  checkKey(k, "gamma");
  const conc = paramTensor("gamma", "concentration", concentration);
  checkPositive("gamma", "concentration", conc);
  const outShape = outputShape("gamma", shape, [["concentration", conc.shape]]);
  const alpha = expandedData(conc, outShape);
  const n = sizeOf(outShape);
  const out = new Float64Array(n);
  const s = new ElementStream(k, "gamma");
  for (let i = 0; i < n; i++) {
    s.start(i);
    out[i] = gammaVariate(s, alpha[i]!);
  }
  return new Tensor(out, outShape);
}
