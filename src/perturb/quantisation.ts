/**
 * Quantisation: a sensor that reports readings on a grid (an analogue-to-digital converter).
 * @module
 */
import { roundHalfEven } from "../autodiff/index.js";
import { Tensor } from "../tensor/tensor.js";
import { definePerturbation, type PerturbationModel } from "./define.js";
import { checkApply, checkKnownKeys, checkScalarOrPerDim, perDim, type ScalarOrPerDim } from "./validate.js";

/** Parameters of {@link quantisation}. */
export interface QuantisationOptions {
  /** Grid spacing > 0: one number, or one per dimension. */
  readonly step: ScalarOrPerDim;
}

const WHERE = "quantisation";

/**
 * Round every coordinate to the nearest multiple of its `step`: x ↦ step · round(x / step),
 * ties to the even multiple (so rounding error has no systematic sign, as in IEEE 754's
 * default rounding). The error is at most step/2 per coordinate. Deterministic (the key is
 * checked but not used) and without a density, so there is no `logProb`.
 */
export function quantisation(options: QuantisationOptions): PerturbationModel {
  const o = checkKnownKeys(WHERE, options, ["step"]);
  const step = checkScalarOrPerDim(WHERE, "step", o.step, { min: 0, minExclusive: true });
  return definePerturbation(WHERE, { step }, (k, clean) => {
    const [n, d] = checkApply(WHERE, k, clean);
    const s = perDim(WHERE, "step", step, d);
    const x = clean.data;
    const out = new Float64Array(n * d);
    for (let i = 0; i < n * d; i++) {
      const h = s[i % d]!;
      const q = x[i]! / h;
      // |x / step| ≥ 2^53 means x is already a multiple of step as far as doubles can tell.
      out[i] = Math.abs(q) < 9007199254740992 ? h * roundHalfEven(q) : x[i]!;
    }
    return new Tensor(out, [n, d]);
  });
}
