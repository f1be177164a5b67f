/**
 * Sensor bias drift: a slowly wandering calibration offset, one random walk per episode and
 * dimension.
 * @module
 */
import { add, sum } from "../autodiff/index.js";
import { Normal } from "../distributions/index.js";
import { fold, normal } from "../random/index.js";
import { Tensor } from "../tensor/tensor.js";
import { definePerturbation, type PerturbationModel } from "./define.js";
import {
  checkApply,
  checkKnownKeys,
  checkLogProb,
  checkScalarOrPerDim,
  contextIndices,
  perDim,
  type ScalarOrPerDim,
} from "./validate.js";

/** Parameters of {@link biasDrift}. */
export interface BiasDriftOptions {
  /** Standard deviation ≥ 0 of each step of the walk: one number, or one per dimension. */
  readonly driftStd: ScalarOrPerDim;
  /** Standard deviation ≥ 0 of the bias at step 0 (default 0: sensors start calibrated). */
  readonly initialStd?: ScalarOrPerDim;
}

const WHERE = "bias-drift";
/** Largest walk (steps × dimensions) drawn for one episode: 2^25 values, 256 MiB. */
const MAX_WALK_VALUES = 2 ** 25;

/**
 * The bias of episode e, dimension j, at step t:
 * b_0 ~ N(0, initialStd_j²), b_t = b_{t−1} + N(0, driftStd_j²), and perturbed = clean + b_t.
 * Rows need `context.episode` and `context.step`. The walk of episode e is drawn from
 * `fold(key, e)` (row t of a `[T + 1, D]` standard-normal draw is the increment of step t,
 * row 0 the initial offset), and a normal draw's element i does not depend on the draw's size,
 * so a row's bias depends only on (key, episode, step): the same whatever other rows the
 * batch holds and in whatever order. Cost: O((max step + 1) · D) per episode in the batch.
 *
 * `logProb` is the per-row **marginal** density of the bias, N(0, initialStd² + t · driftStd²)
 * per dimension, summed over dimensions; it ignores the correlation between rows of one
 * episode (their joint density is the random walk's, not a product of marginals). It throws
 * for rows whose variance is 0 (step 0 with initialStd 0, or driftStd 0 and initialStd 0).
 */
export function biasDrift(options: BiasDriftOptions): PerturbationModel {
  const o = checkKnownKeys(WHERE, options, ["driftStd", "initialStd"]);
  const driftStd = checkScalarOrPerDim(WHERE, "driftStd", o.driftStd, { min: 0 });
  const initialStd =
    o.initialStd === undefined ? 0 : checkScalarOrPerDim(WHERE, "initialStd", o.initialStd, { min: 0 });

  const steps = (n: number, context: Parameters<PerturbationModel["apply"]>[2]): Int32Array => {
    const step = contextIndices(WHERE, context, "step", n);
    for (let i = 0; i < n; i++)
      if (step[i]! < 0) throw new Error(`${WHERE}: context.step must be >= 0, got ${step[i]} at row ${i}`);
    return step;
  };

  return definePerturbation(
    WHERE,
    { driftStd, initialStd },
    (k, clean, context) => {
      const [n, d] = checkApply(WHERE, k, clean);
      const episode = contextIndices(WHERE, context, "episode", n);
      const step = steps(n, context);
      const s0 = perDim(WHERE, "initialStd", initialStd, d);
      const sd = perDim(WHERE, "driftStd", driftStd, d);
      // The longest walk each episode of the batch needs.
      const lastStep = new Map<number, number>();
      for (let i = 0; i < n; i++) lastStep.set(episode[i]!, Math.max(lastStep.get(episode[i]!) ?? 0, step[i]!));
      const walks = new Map<number, Float64Array>();
      for (const [e, t] of lastStep) {
        if ((t + 1) * d > MAX_WALK_VALUES)
          throw new Error(
            `${WHERE}: episode ${e} reaches step ${t}, so its walk needs ${(t + 1) * d} values (more than 2^25); ` +
              "use steps within an episode, not global counters",
          );
        const z = normal(fold(k, e), [t + 1, d]).data;
        const b = new Float64Array((t + 1) * d);
        for (let j = 0; j < d; j++) b[j] = s0[j]! * z[j]!;
        for (let s = 1; s <= t; s++)
          for (let j = 0; j < d; j++) b[s * d + j] = b[(s - 1) * d + j]! + sd[j]! * z[s * d + j]!;
        walks.set(e, b);
      }
      const bias = new Float64Array(n * d);
      for (let i = 0; i < n; i++) {
        const b = walks.get(episode[i]!)!;
        bias.set(b.subarray(step[i]! * d, (step[i]! + 1) * d), i * d);
      }
      return add(clean, new Tensor(bias, [n, d]));
    },
    (perturbed, clean, context) => {
      const [n, d] = checkLogProb(WHERE, perturbed, clean);
      const step = steps(n, context);
      const s0 = perDim(WHERE, "initialStd", initialStd, d);
      const sd = perDim(WHERE, "driftStd", driftStd, d);
      const scale = new Float64Array(n * d);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < d; j++) {
          const v = s0[j]! * s0[j]! + step[i]! * sd[j]! * sd[j]!;
          if (!(v > 0))
            throw new Error(
              `${WHERE}.logProb: row ${i} (step ${step[i]}) has bias variance 0 in dimension ${j}, so no density; ` +
                "use initialStd > 0 to score step-0 rows",
            );
          scale[i * d + j] = Math.sqrt(v);
        }
      return sum(Normal(clean, new Tensor(scale, [n, d]), { validateArgs: false }).logProb(perturbed), 1);
    },
  );
}
