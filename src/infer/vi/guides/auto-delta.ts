/**
 * AutoDelta: point-mass guides, so that SVI computes a maximum a posteriori estimate, as
 * NumPyro's `AutoDelta`.
 * @module
 */
import { neg, sum } from "../../../autodiff/index.js";
import { param, sample } from "../../../ppl/index.js";
import type { Model } from "../../../ppl/potential-energy.js";
import type { Key } from "../../../random/index.js";
import { Tensor } from "../../../tensor/tensor.js";
import type { ParamValues } from "../guide-model-traces.js";
import { type AutoGuide, type AutoGuideOptions, checkQuantiles, makeAutoGuide, requireParam } from "./auto-guide.js";
import { autoLocName } from "./auto-normal.js";
import { Delta } from "./delta.js";
import { Prototype } from "./prototype.js";

/** Options of {@link AutoDelta}. */
export interface AutoDeltaOptions extends AutoGuideOptions {
  /**
   * Include the log-Jacobian of the constraining transforms (default false). False maximises
   * the posterior density of the constrained values, p(z | x) — NumPyro's AutoDelta ("MAP
   * inference in constrained space") and Stan's `optimizing` default. True maximises the
   * density of the unconstrained values, p(T(u) | x) |det J_T(u)| — Stan's `jacobian=true`,
   * the mode a Laplace approximation on the unconstrained scale is centred at.
   */
  jacobian?: boolean;
}

/**
 * q(z) = δ(z − loc): one parameter `<site>_auto_loc` per latent site, holding its constrained
 * value (optimised on the unconstrained scale by SVI, through bijectTo(support)). The ELBO is
 * then the log joint log p(x, loc) (plus the log-Jacobian with `jacobian: true`): the guide's
 * log-density is 0, or −log|det J| so that −(log p − log q) picks the Jacobian up.
 *
 * @example
 * const guide = AutoDelta(model);
 * const { params } = new SVI(model, guide, adam({ learningRate: 0.05 }), TraceELBO()).run(key(0), 1000, data);
 * guide.median(params);  // the MAP estimate
 */
export function AutoDelta<A>(model: Model<A>, options: AutoDeltaOptions = {}): AutoGuide<A> {
  const owner = "AutoDelta";
  const strategy = options.initStrategy ?? { kind: "median" };
  const jacobian = options.jacobian ?? false;
  const prototype = new Prototype(model, owner);

  const guide = (args: A): Record<string, Tensor> => {
    const { potential, supports } = prototype.setup(args);
    let q0: Float64Array | null = null;
    const initialPoint = (k: Key) => (q0 ??= prototype.initialPoint(k, strategy));
    const out: Record<string, Tensor> = {};
    for (const s of potential.sites) {
      const init = (k: Key) =>
        s.transform.forward(new Tensor(initialPoint(k).slice(s.offset, s.offset + s.size), s.unconstrainedShape));
      const loc = param(autoLocName(s.name), init, { constraint: supports.get(s.name)! });
      const logDensity = jacobian ? neg(sum(s.transform.logAbsDetJacobian(s.transform.inverse(loc), loc))) : 0;
      out[s.name] = sample(s.name, Delta(loc, logDensity, loc.ndim));
    }
    return out;
  };

  const median = (params: ParamValues): Record<string, Tensor> => {
    const out: Record<string, Tensor> = {};
    for (const s of prototype.sites) out[s.name] = requireParam(params, autoLocName(s.name), owner);
    return out;
  };

  // Every quantile of a point mass is the point.
  const quantiles = (params: ParamValues, qs: readonly number[]): Record<string, Tensor> => {
    checkQuantiles(qs, owner);
    const out: Record<string, Tensor> = {};
    for (const s of prototype.sites) {
      const loc = requireParam(params, autoLocName(s.name), owner);
      const data = new Float64Array(qs.length * loc.size);
      for (let i = 0; i < qs.length; i++) data.set(loc.data, i * loc.size);
      out[s.name] = new Tensor(data, [qs.length, ...loc.shape]);
    }
    return out;
  };

  return makeAutoGuide(owner, prototype, guide, { median, quantiles });
}
