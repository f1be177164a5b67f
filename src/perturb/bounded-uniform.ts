/**
 * Bounded additive noise: perturbed = clean + u, u uniform on the box [−r, r]^D.
 * @module
 */
import { add, mul, scale, sub } from "../autodiff/index.js";
import { uniform } from "../random/index.js";
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

/** Parameters of {@link boundedUniform}. */
export interface BoundedUniformOptions {
  /** Half-width r ≥ 0 of the noise box: one number, or one per dimension. */
  readonly radius: ScalarOrPerDim;
}

const WHERE = "bounded-uniform";

/**
 * Additive noise uniform in [−r_d, r_d] on every dimension d, independently: the worst-case
 * bounded sensor error of robust control, made random. `apply` is clean + r ⊙ (2U − 1) with U
 * uniform on [0, 1), from autodiff ops (pathwise differentiable in `clean`).
 *
 * `logProb` is −Σ_d log(2 r_d) for rows inside the box |perturbed − clean| ≤ r and `-Infinity`
 * for rows outside it (the density is zero there). The box test allows a rounding slack of
 * 4 ulps of the larger operand, so that every output of `apply` scores as inside even when
 * `clean + u` rounded outwards. Inside the box the density does not depend on `clean`, so its
 * gradient is zero. A dimension with r = 0 has no density: `logProb` throws for such a model.
 */
export function boundedUniform(options: BoundedUniformOptions): PerturbationModel {
  const o = checkKnownKeys(WHERE, options, ["radius"]);
  const radius = checkScalarOrPerDim(WHERE, "radius", o.radius, { min: 0 });
  return definePerturbation(
    WHERE,
    { radius },
    (k, clean) => {
      const [n, d] = checkApply(WHERE, k, clean);
      const r = new Tensor(perDim(WHERE, "radius", radius, d), [d]);
      const centred = sub(scale(uniform(k, [n, d]), 2), 1);
      return add(clean, mul(r, centred));
    },
    (perturbed, clean) => {
      const [n, d] = checkLogProb(WHERE, perturbed, clean);
      const r = perDim(WHERE, "radius", radius, d);
      const zero = r.indexOf(0);
      if (zero >= 0)
        throw new Error(
          `${WHERE}.logProb: radius${typeof radius === "number" ? "" : `[${zero}]`} is 0, so the noise has no density; ` +
            "use radius > 0 in every dimension to get a log-density",
        );
      let logVolume = 0;
      for (let j = 0; j < d; j++) logVolume += Math.log(2 * r[j]!);
      const x = perturbed.data,
        c = clean.data;
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let inside = true;
        for (let j = 0; j < d && inside; j++) {
          const a = x[i * d + j]!,
            b = c[i * d + j]!;
          inside = Math.abs(a - b) <= r[j]! + 4 * Number.EPSILON * Math.max(Math.abs(a), Math.abs(b));
        }
        out[i] = inside ? -logVolume : -Infinity;
      }
      return new Tensor(out, [n]);
    },
  );
}
