/**
 * AutoMultivariateNormal: a full-rank Gaussian over the whole flat unconstrained vector
 * (Kucukelbir et al. 2017, "Automatic differentiation variational inference", §2.3, the
 * full-rank family), as NumPyro's `AutoMultivariateNormal`.
 *
 * The joint draw z = loc + L ε is written as one sample site per latent site, so that the
 * guide names exactly the model's sites: with the sites in layout order and ε_s their blocks
 * of ε, the block z_s given the earlier blocks is Gaussian,
 *
 *   z_s | z_<s ~ N(loc_s + L[s, <s] ε_<s, L[s, s] L[s, s]ᵀ),
 *
 * because L is lower triangular (the chain rule of the joint density factorised along the
 * Cholesky factor). The product of these conditionals is exactly N(loc, L Lᵀ): the same
 * family, and the same log q, as one joint site, without an auxiliary variable.
 * @module
 */
import {
  add,
  concat,
  expandDims,
  matmul,
  reshape,
  slice,
  squeeze,
  sub,
  triangularSolve,
} from "../../../autodiff/index.js";
import { lowerCholesky } from "../../../distributions/constraints.js";
import { MultivariateNormal } from "../../../distributions/multivariateNormal.js";
import { param, sample } from "../../../ppl/index.js";
import type { Model } from "../../../ppl/potential-energy.js";
import { ndtri } from "../../../tensor/special.js";
import { Tensor, eye } from "../../../tensor/tensor.js";
import type { ParamValues } from "../guide-model-traces.js";
import {
  type AutoGuide,
  type AutoGuideOptions,
  checkInitScale,
  checkQuantiles,
  makeAutoGuide,
  requireParam,
} from "./auto-guide.js";
import { Prototype } from "./prototype.js";
import { PushforwardDistribution } from "./pushforward.js";

/** Options of {@link AutoMultivariateNormal}. */
export interface AutoMultivariateNormalOptions extends AutoGuideOptions {
  /** Initial scale: scale_tril starts at initScale · I (default 0.1, as NumPyro). */
  initScale?: number;
}

/** Name of the mean of the flat unconstrained vector (NumPyro's naming). */
export const AUTO_LOC = "auto_loc";
/** Name of the lower Cholesky factor of its covariance (NumPyro's naming). */
export const AUTO_SCALE_TRIL = "auto_scale_tril";

/**
 * q(z) = T#N(loc, L Lᵀ) over the flat unconstrained vector of all latent sites (layout of
 * `potentialEnergy`), each site's block pushed onto its support by bijectTo(support).
 * Parameters `auto_loc` ([d]) and `auto_scale_tril` ([d, d], lower Cholesky: optimised as
 * its packed lower triangle with a log diagonal; NumPyro uses a softplus on the diagonal).
 *
 * @example
 * const guide = AutoMultivariateNormal(model);
 * const { params } = new SVI(model, guide, adam({ learningRate: 0.01 }), TraceELBO()).run(key(0), 3000, data);
 */
export function AutoMultivariateNormal<A>(model: Model<A>, options: AutoMultivariateNormalOptions = {}): AutoGuide<A> {
  const owner = "AutoMultivariateNormal";
  const initScale = checkInitScale(options.initScale ?? 0.1, owner);
  const strategy = options.initStrategy ?? { kind: "median" };
  const prototype = new Prototype(model, owner);

  const guide = (args: A): Record<string, Tensor> => {
    const { potential } = prototype.setup(args);
    const d = potential.dim;
    const loc = param(AUTO_LOC, (k) => new Tensor(prototype.initialPoint(k, strategy), [d]));
    const L = param(AUTO_SCALE_TRIL, () => scaleIdentity(d, initScale), { constraint: lowerCholesky });
    const out: Record<string, Tensor> = {};
    let epsBefore: Tensor | null = null;
    for (const s of potential.sites) {
      const rows = { start: s.offset, stop: s.offset + s.size };
      let mean = slice(loc, [rows]);
      if (epsBefore !== null) {
        const coupling = slice(L, [rows, { start: 0, stop: s.offset }]);
        mean = add(mean, squeeze(matmul(coupling, expandDims(epsBefore, -1)), -1));
      }
      const block = slice(L, [rows, rows]);
      const q = new PushforwardDistribution(
        MultivariateNormal(mean, { scaleTril: block }),
        s.unconstrainedShape,
        s.transform,
        s.name,
      );
      const value = sample(s.name, q);
      out[s.name] = value;
      // ε_s = L[s, s]⁻¹ (z_s − mean_s), from the draw's own z_s when it is one (no inverse transform)
      const z = reshape(q.unconstrainedOf(value) ?? s.transform.inverse(value), [s.size]);
      const eps = triangularSolve(block, sub(z, mean));
      epsBefore = epsBefore === null ? eps : concat([epsBefore, eps]);
    }
    return out;
  };

  const median = (params: ParamValues): Record<string, Tensor> => {
    const loc = requireParam(params, AUTO_LOC, owner);
    const out: Record<string, Tensor> = {};
    for (const s of prototype.sites)
      out[s.name] = s.transform.forward(new Tensor(loc.data.slice(s.offset, s.offset + s.size), s.unconstrainedShape));
    return out;
  };

  // The marginal of coordinate i is N(loc_i, Σ_ii) with Σ_ii = Σ_j L_ij².
  const quantiles = (params: ParamValues, qs: readonly number[]): Record<string, Tensor> => {
    checkQuantiles(qs, owner);
    const loc = requireParam(params, AUTO_LOC, owner).data;
    const L = requireParam(params, AUTO_SCALE_TRIL, owner).data;
    const d = loc.length;
    const sd = Array.from({ length: d }, (_, i) => {
      let v = 0;
      for (let j = 0; j <= i; j++) v += L[i * d + j]! ** 2;
      return Math.sqrt(v);
    });
    const out: Record<string, Tensor> = {};
    for (const s of prototype.sites) {
      const u = new Float64Array(qs.length * s.size);
      qs.forEach((q, i) => {
        const z = ndtri(q);
        for (let j = 0; j < s.size; j++) u[i * s.size + j] = loc[s.offset + j]! + sd[s.offset + j]! * z;
      });
      out[s.name] = s.transform.forward(new Tensor(u, [qs.length, ...s.unconstrainedShape]));
    }
    return out;
  };

  return makeAutoGuide(owner, prototype, guide, { median, quantiles });
}

function scaleIdentity(d: number, s: number): Tensor {
  const I = eye(d);
  return new Tensor(
    I.data.map((v) => v * s),
    [d, d],
  );
}
