/**
 * Salt-and-pepper (impulse) noise: a coordinate is replaced, with probability `rate`, by the
 * sensor's low or high reading, with equal probability.
 * @module
 */
import { split, uniform } from "../random/index.js";
import { Tensor } from "../tensor/tensor.js";
import { definePerturbation, type PerturbationModel } from "./define.js";
import {
  checkApply,
  checkKnownKeys,
  checkNumber,
  checkScalarOrPerDim,
  perDim,
  type ScalarOrPerDim,
} from "./validate.js";

/** Parameters of {@link saltAndPepper}. */
export interface SaltAndPepperOptions {
  /** Probability in [0, 1] that a coordinate is replaced. */
  readonly rate: number;
  /** The "pepper" value: one number, or one per dimension (e.g. the observation space's lower bounds). */
  readonly low: ScalarOrPerDim;
  /** The "salt" value: one number, or one per dimension (e.g. the observation space's upper bounds). */
  readonly high: ScalarOrPerDim;
}

const WHERE = "salt-and-pepper";

/**
 * Impulse noise on every coordinate independently: with probability `rate` the reading is
 * replaced by `low` or by `high` (½ each), otherwise it is kept. The result is a mixture of a
 * point mass and the clean value, with no density with respect to Lebesgue measure, so the
 * model has no `logProb`.
 *
 * Key use: the first child of `split(key)` decides which coordinates are hit, the second
 * whether each hit reads low or high.
 */
export function saltAndPepper(options: SaltAndPepperOptions): PerturbationModel {
  const o = checkKnownKeys(WHERE, options, ["rate", "low", "high"]);
  const rate = checkNumber(WHERE, "rate", o.rate, { min: 0, max: 1 });
  const low = checkScalarOrPerDim(WHERE, "low", o.low, {});
  const high = checkScalarOrPerDim(WHERE, "high", o.high, {});
  return definePerturbation(WHERE, { rate, low, high }, (k, clean) => {
    const [n, d] = checkApply(WHERE, k, clean);
    const lo = perDim(WHERE, "low", low, d);
    const hi = perDim(WHERE, "high", high, d);
    const [kHit, kSide] = split(k, 2) as [Uint32Array, Uint32Array];
    const hit = uniform(kHit, [n, d]).data;
    const side = uniform(kSide, [n, d]).data;
    const x = clean.data;
    const out = new Float64Array(n * d);
    for (let i = 0; i < n * d; i++) {
      const j = i % d;
      out[i] = hit[i]! < rate ? (side[i]! < 0.5 ? lo[j]! : hi[j]!) : x[i]!;
    }
    return new Tensor(out, [n, d]);
  });
}
