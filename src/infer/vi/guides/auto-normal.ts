/**
 * AutoNormal: the mean-field Gaussian guide on the unconstrained scale (Kucukelbir et al.
 * 2017, "Automatic differentiation variational inference", §2.3), as NumPyro's `AutoNormal`.
 * @module
 */
import { reshape } from "../../../autodiff/index.js";
import { positive } from "../../../distributions/constraints.js";
import { Independent } from "../../../distributions/independent.js";
import { Normal } from "../../../distributions/normal.js";
import { param, sample } from "../../../ppl/index.js";
import type { Model } from "../../../ppl/potential-energy.js";
import type { Key } from "../../../random/index.js";
import { ndtri } from "../../../tensor/special.js";
import { Tensor, full } from "../../../tensor/tensor.js";
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

/** Options of {@link AutoNormal}. */
export interface AutoNormalOptions extends AutoGuideOptions {
  /** Initial standard deviation of every unconstrained coordinate (default 0.1, as NumPyro). */
  initScale?: number;
}

/** Name of the location parameter of `site` (NumPyro's naming). */
export const autoLocName = (site: string): string => `${site}_auto_loc`;
/** Name of the scale parameter of `site` (NumPyro's naming). */
export const autoScaleName = (site: string): string => `${site}_auto_scale`;

/**
 * q(z) = Π_sites T_s#N(loc_s, diag(scale_s²)): each latent site gets an independent Gaussian
 * on its unconstrained space, pushed onto its support by bijectTo(support) (so log q includes
 * the log-Jacobian of T_s). Parameters `<site>_auto_loc` (real, unconstrained shape) and
 * `<site>_auto_scale` (positive; optimised as its log — NumPyro uses a softplus here, a
 * different parameterisation of the same family).
 *
 * @example
 * const guide = AutoNormal(model);
 * const svi = new SVI(model, guide, adam({ learningRate: 0.01 }), TraceELBO());
 * const { params } = svi.run(key(0), 2000, data);
 * guide.median(params);
 */
export function AutoNormal<A>(model: Model<A>, options: AutoNormalOptions = {}): AutoGuide<A> {
  const owner = "AutoNormal";
  const initScale = checkInitScale(options.initScale ?? 0.1, owner);
  const strategy = options.initStrategy ?? { kind: "median" };
  const prototype = new Prototype(model, owner);

  const guide = (args: A): Record<string, Tensor> => {
    const { potential } = prototype.setup(args);
    // one initial point for all sites, computed with the first parameter's key
    let q0: Float64Array | null = null;
    const initialPoint = (k: Key) => (q0 ??= prototype.initialPoint(k, strategy));
    const out: Record<string, Tensor> = {};
    for (const s of potential.sites) {
      const loc = param(
        autoLocName(s.name),
        (k) => new Tensor(initialPoint(k).slice(s.offset, s.offset + s.size), s.unconstrainedShape),
      );
      const scale = param(autoScaleName(s.name), () => full(s.unconstrainedShape, initScale), { constraint: positive });
      const base = Independent(Normal(reshape(loc, [s.size]), reshape(scale, [s.size])), 1);
      out[s.name] = sample(s.name, new PushforwardDistribution(base, s.unconstrainedShape, s.transform, s.name));
    }
    return out;
  };

  const median = (params: ParamValues): Record<string, Tensor> => {
    const out: Record<string, Tensor> = {};
    for (const s of prototype.sites)
      out[s.name] = s.transform.forward(requireParam(params, autoLocName(s.name), owner));
    return out;
  };

  // Quantiles of N(loc, scale²) are loc + scale·Φ⁻¹(q), pushed through T.
  const quantiles = (params: ParamValues, qs: readonly number[]): Record<string, Tensor> => {
    checkQuantiles(qs, owner);
    const out: Record<string, Tensor> = {};
    for (const s of prototype.sites) {
      const loc = requireParam(params, autoLocName(s.name), owner).data;
      const scale = requireParam(params, autoScaleName(s.name), owner).data;
      const u = new Float64Array(qs.length * s.size);
      qs.forEach((q, i) => {
        const z = ndtri(q);
        for (let j = 0; j < s.size; j++) u[i * s.size + j] = loc[j]! + scale[j]! * z;
      });
      out[s.name] = s.transform.forward(new Tensor(u, [qs.length, ...s.unconstrainedShape]));
    }
    return out;
  };

  return makeAutoGuide(owner, prototype, guide, { median, quantiles });
}
