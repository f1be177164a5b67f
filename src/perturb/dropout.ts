/**
 * Sensor dropout: a reading is lost, with probability `rate`, and the agent sees a fill value.
 * @module
 */
import { uniform } from "../random/index.js";
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

/** Parameters of {@link sensorDropout}. */
export interface DropoutOptions {
  /** Probability in [0, 1] that a sensor reading is lost. */
  readonly rate: number;
  /** What a lost reading reads: one number or one per dimension (default 0). */
  readonly fill?: ScalarOrPerDim;
}

const WHERE = "dropout";

/**
 * Each sensor (dimension) of each row drops out independently with probability `rate` and
 * then reads `fill`. Dropout is drawn per row and dimension, i.e. afresh at every time step; a
 * sensor that stays dead for a whole episode would need episode-level draws (as `biasDrift`
 * makes) and is not this model. No `logProb`: the perturbed value has a point mass at `fill`.
 */
export function sensorDropout(options: DropoutOptions): PerturbationModel {
  const o = checkKnownKeys(WHERE, options, ["rate", "fill"]);
  const rate = checkNumber(WHERE, "rate", o.rate, { min: 0, max: 1 });
  const fill = o.fill === undefined ? 0 : checkScalarOrPerDim(WHERE, "fill", o.fill, {});
  return definePerturbation(WHERE, { rate, fill }, (k, clean) => {
    const [n, d] = checkApply(WHERE, k, clean);
    const f = perDim(WHERE, "fill", fill, d);
    const u = uniform(k, [n, d]).data;
    const x = clean.data;
    const out = new Float64Array(n * d);
    for (let i = 0; i < n * d; i++) out[i] = u[i]! < rate ? f[i % d]! : x[i]!;
    return new Tensor(out, [n, d]);
  });
}
