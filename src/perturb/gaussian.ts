/**
 * Additive Gaussian sensor noise: perturbed = clean + σ ⊙ ε, ε ~ N(0, I).
 * @module
 */
import { add, mul, sum } from "../autodiff/index.js";
import { Normal } from "../distributions/index.js";
import { normal } from "../random/index.js";
import { Tensor } from "../tensor/tensor.js";
import { definePerturbation, type PerturbationModel } from "./define.js";
import {
  checkApply,
  checkKnownKeys,
  checkLogProb,
  checkScalarOrPerDim,
  perDim,
  type ScalarOrPerDim,
} from "./validate.js";

/** Parameters of {@link gaussianNoise}. */
export interface GaussianOptions {
  /**
   * Noise standard deviation: one number in [0, 1] for every dimension (the data-set generator's
   * `observation_noise_std`, for observations scaled to unit range), or one value ≥ 0 per
   * dimension (`scales`, in the observation's own units).
   */
  readonly std: ScalarOrPerDim;
}

const WHERE = "gaussian";

/**
 * Independent Gaussian noise on every coordinate. `apply` is built from autodiff ops, so it is
 * pathwise (reparameterised) differentiable in `clean`. `logProb` is the sum over dimensions of
 * the Normal log-density N(perturbed | clean, σ²), differentiable in `clean` and `perturbed`.
 *
 * A dimension with σ = 0 is left unchanged by `apply`, but then the noise has no density with
 * respect to Lebesgue measure, so `logProb` throws for such a model rather than return ±∞.
 *
 * @example
 * const noisy = gaussianNoise({ std: 0.1 }).apply(key(0), clean);
 */
export function gaussianNoise(options: GaussianOptions): PerturbationModel {
  const o = checkKnownKeys(WHERE, options, ["std"]);
  const std = checkScalarOrPerDim(WHERE, "std", o.std, { min: 0, max: 1 }, { min: 0 });
  return definePerturbation(
    WHERE,
    { std },
    (k, clean) => {
      const [n, d] = checkApply(WHERE, k, clean);
      const s = new Tensor(perDim(WHERE, "std", std, d), [d]);
      return add(clean, mul(s, normal(k, [n, d])));
    },
    (perturbed, clean) => {
      const [, d] = checkLogProb(WHERE, perturbed, clean);
      const s = perDim(WHERE, "std", std, d);
      const zero = s.indexOf(0);
      if (zero >= 0)
        throw new Error(
          `${WHERE}.logProb: std${typeof std === "number" ? "" : `[${zero}]`} is 0, so the noise has no density; ` +
            "use std > 0 in every dimension to get a log-density",
        );
      return sum(Normal(clean, new Tensor(s, [d]), { validateArgs: false }).logProb(perturbed), 1);
    },
  );
}
