/**
 * AutoFlow: a normalising-flow guide over the whole flat unconstrained latent vector, as
 * NumPyro's `AutoIAFNormal` (inverse autoregressive flow, Kingma et al. 2016, "Improved
 * Variational Inference with Inverse Autoregressive Flow") and `AutoBNAFNormal` (another
 * flow, the same construction); here with IAF or RealNVP coupling layers (Dinh et al. 2017).
 *
 *   x ~ N(loc, diag(scale²)) on R^d,   z = f(x) (the flow),   y_s = T_s(z_s) per site,
 *
 * with T_s = bijectTo(support of site s). log q(z) = log N(x; loc, scale) − log|det ∂f/∂x|,
 * read off the forward pass (one pass for both IAF and RealNVP: the guide never inverts the
 * flow, which for IAF would cost d passes).
 *
 * Sites without an auxiliary variable. A flow does not factorise along the sites, so the
 * conditional trick of AutoMultivariateNormal (one Gaussian conditional per site) has no
 * closed form here. NumPyro samples an auxiliary site `_auto_latent` holding z and gives each
 * model site a `Delta(T_s(z_s), log_density = −log|det J_T_s|)`; our SVI checks that the
 * guide's sample sites are exactly the model's latent sites (../guide-model-traces.ts), which
 * an auxiliary site would break. So the first site's distribution makes the joint draw with
 * that site's key (./auto-flow-joint-site.ts) and carries log q(z); the other sites read
 * their blocks of the same z:
 *
 *   site 1: value T_1(z_1), log-density log q(z) − log|det J_T_1(z_1)|;
 *   site s > 1: Delta(T_s(z_s), −log|det J_T_s(z_s)|).
 *
 * The sum over the guide's sites is log q of the constrained values (change of variables),
 * which is all an ELBO needs; the draws are pathwise in every parameter (Delta's draw is its
 * value), so TraceELBO uses reparameterised gradients. The per-site log-densities are not
 * marginals, and the guide scores its own draws only: a value given to the first site is an
 * error, to another site −∞ unless it is the drawn one (as NumPyro's Delta sites).
 *
 * Parameters are ordinary `param` sites, so SVI optimises them: `auto_flow.loc` ([d]),
 * `auto_flow.scale` ([d], positive) and one site per leaf of the flow's parameter tree,
 * named by its dotted path under `auto_flow.layers.` (`auto_flow.layers.0.layers.1.weight`:
 * flow layer 0, conditioner layer 1). The guide rebuilds the tree from these sites on every
 * run.
 * @module
 */
import { add, mul, neg, reshape, slice, sub, sum } from "../../../autodiff/index.js";
import { positive } from "../../../distributions/constraints.js";
import { Independent } from "../../../distributions/independent.js";
import { Normal } from "../../../distributions/normal.js";
import type { Activation } from "../../../nn/activations.js";
import { iaf, realNVP } from "../../../nn/flows/builders.js";
import type { Flow, FlowParams } from "../../../nn/flows/flow.js";
import { namedTensorsToTree, treeToNamedTensors } from "../../../nn/named-tensors.js";
import { param, sample } from "../../../ppl/index.js";
import type { Model } from "../../../ppl/potential-energy.js";
import { type Key, key as makeKey, normal } from "../../../random/index.js";
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
import { JointDrawSite } from "./auto-flow-joint-site.js";
import { Delta } from "./delta.js";
import { Prototype } from "./prototype.js";

/** Options of {@link AutoFlow}. */
export interface AutoFlowOptions extends AutoGuideOptions {
  /**
   * "iaf": IAF layers with the order reversed between them (Kingma et al. 2016; NumPyro's
   * AutoIAFNormal), or "realNVP": affine couplings with alternating halves (needs d ≥ 2).
   */
  flow: "iaf" | "realNVP";
  /** Number of IAF or coupling layers. */
  numLayers: number;
  /** Hidden widths of each layer's conditioner network (MADE or MLP), e.g. [32, 32]. */
  hidden: readonly number[];
  /** Initial scale of the Gaussian base: scale starts at initScale everywhere (default 0.1, as NumPyro's AutoNormal). */
  initScale?: number;
  /** Conditioner activation (default "tanh"). */
  activation?: Activation;
  /** Bound of each layer's soft-clamped log-scale (default 3, the flows' default). */
  logScaleBound?: number;
  /** Draws used by `quantiles` (default 4000). */
  quantileSamples?: number;
}

/** Name of the base distribution's location parameter. */
export const AUTO_FLOW_LOC = "auto_flow.loc";
/** Name of the base distribution's scale parameter. */
export const AUTO_FLOW_SCALE = "auto_flow.scale";
/** Prefix of the flow's parameter sites: `auto_flow.layers.<dotted path in the flow's tree>`. */
export const AUTO_FLOW_LAYERS = "auto_flow.layers.";

/** The key `quantiles` draws with: fixed, so that quantiles are a function of the parameters. */
const QUANTILE_KEY = 20160615;

/**
 * q(z) = f#N(loc, diag(scale²)) over the flat unconstrained vector of all latent sites (the
 * layout of `potentialEnergy`), f an IAF or RealNVP flow starting at the identity (so the
 * guide starts as AutoNormal with a shared initial scale), each site's block pushed onto its
 * support by bijectTo(support). See the module comment for how log q enters the sites.
 *
 * - `median` pushes the base median `loc` through the flow: f(loc). This is exact for the
 *   first coordinate in the flow's autoregressive order and an approximation otherwise (the
 *   median of a non-linear pushforward is not the pushforward of the median).
 * - `quantiles` are empirical quantiles of `quantileSamples` draws of z (a fixed key), pushed
 *   through each site's transform (exact for elementwise monotone transforms, as in AutoNormal).
 * - `samplePosterior` draws from the guide exactly.
 *
 * @example
 * const guide = AutoFlow(model, { flow: "iaf", numLayers: 3, hidden: [32, 32] });
 * const { params } = new SVI(model, guide, adam({ learningRate: 0.005 }), TraceELBO()).run(key(0), 3000, data);
 * guide.samplePosterior(key(1), params, 1000);
 */
export function AutoFlow<A>(model: Model<A>, options: AutoFlowOptions): AutoGuide<A> {
  const owner = "AutoFlow";
  if (options === null || typeof options !== "object")
    throw new Error(`${owner}: options { flow, numLayers, hidden } are required, got ${String(options)}`);
  const kind = options.flow;
  if (kind !== "iaf" && kind !== "realNVP")
    throw new Error(`${owner}: flow must be "iaf" or "realNVP", got ${JSON.stringify(kind)}`);
  const numLayers = options.numLayers;
  if (!Number.isInteger(numLayers) || numLayers < 1)
    throw new Error(`${owner}: numLayers must be a positive integer, got ${String(numLayers)}`);
  if (!Array.isArray(options.hidden) || options.hidden.length === 0)
    throw new Error(
      `${owner}: hidden must list at least one hidden layer width, got ${JSON.stringify(options.hidden)}`,
    );
  const initScale = checkInitScale(options.initScale ?? 0.1, owner);
  const quantileSamples = options.quantileSamples ?? 4000;
  if (!Number.isInteger(quantileSamples) || quantileSamples < 2)
    throw new Error(`${owner}: quantileSamples must be an integer >= 2, got ${String(quantileSamples)}`);
  const strategy = options.initStrategy ?? { kind: "median" };
  const prototype = new Prototype(model, owner);

  // The flow and the names of its parameter leaves, made once the dimension is known.
  let built: { flow: Flow; template: FlowParams; names: string[] } | null = null;
  const build = (d: number) => {
    if (built !== null) return built;
    if (d === 0) throw new Error(`${owner}: the model has no latent sites to put a flow over`);
    if (kind === "realNVP" && d === 1)
      throw new Error(
        `${owner}: a RealNVP coupling layer needs at least 2 latent coordinates (one conditions the other), the model has 1; use flow: "iaf"`,
      );
    const common = {
      features: d,
      layers: numLayers,
      hidden: options.hidden,
      ...(options.activation === undefined ? {} : { activation: options.activation }),
      ...(options.logScaleBound === undefined ? {} : { logScaleBound: options.logScaleBound }),
    };
    const flow = kind === "iaf" ? iaf(common) : realNVP(common);
    // the structure only (identity-initialised layers have the same leaves whatever the key)
    const template = flow.init(makeKey(0));
    built = { flow, template, names: Object.keys(treeToNamedTensors(template as unknown as FlowParams[number])) };
    return built;
  };

  /** The flow's parameter tree from its named leaves (`get(name)` gives the leaf `name`). */
  const flowParams = (d: number, get: (name: string) => Tensor): FlowParams => {
    const { template, names } = build(d);
    const named: Record<string, Tensor> = {};
    for (const n of names) named[n] = get(n);
    return namedTensorsToTree(named, template as unknown as FlowParams[number]) as unknown as FlowParams;
  };

  const guide = (args: A): Record<string, Tensor> => {
    const { potential } = prototype.setup(args);
    const d = potential.dim;
    const { flow } = build(d);
    const loc = param(AUTO_FLOW_LOC, (k) => new Tensor(prototype.initialPoint(k, strategy), [d]));
    const scale = param(AUTO_FLOW_SCALE, () => full([d], initScale), { constraint: positive });
    let initial: Record<string, Tensor> | null = null;
    const initialLeaf = (k: Key, n: string) =>
      (initial ??= treeToNamedTensors(flow.init(k) as unknown as FlowParams[number]))[n]!;
    const params = flowParams(d, (n) => param(AUTO_FLOW_LAYERS + n, (k) => initialLeaf(k, n)));

    // The joint draw is made by the first site's draw (its key); the others read it.
    let joint: { z: Tensor; logQ: Tensor } | null = null;
    const out: Record<string, Tensor> = {};
    potential.sites.forEach((s, i) => {
      const block = (z: Tensor) => {
        const u = reshape(slice(z, [{ start: s.offset, stop: s.offset + s.size }]), s.unconstrainedShape);
        const value = s.transform.forward(u);
        const ldj = s.transform.logAbsDetJacobian(u, value);
        return { value, negLogJacobian: neg(ldj.ndim === 0 ? ldj : sum(ldj)) };
      };
      if (i === 0) {
        const draw = (k: Key) => {
          const x = add(loc, mul(scale, normal(k, [d])));
          const { y: z, logDet } = flow.forward(params, x);
          const base = Independent(Normal(loc, scale), 1);
          joint = { z, logQ: sub(base.logProb(x), logDet) };
          const { value, negLogJacobian } = block(z);
          return { value, logDensity: add(joint.logQ, negLogJacobian) };
        };
        out[s.name] = sample(s.name, new JointDrawSite(draw, s.shape, s.name));
        if (joint === null)
          throw new Error(
            `AutoFlow: site '${s.name}' was given a value instead of being drawn; the flow guide draws all its sites jointly and cannot be conditioned on one`,
          );
        return;
      }
      const { value, negLogJacobian } = block(joint!.z);
      out[s.name] = sample(s.name, Delta(value, negLogJacobian, value.ndim));
    });
    return out;
  };

  const flowOf = (params: ParamValues) => {
    const d = prototype.current.potential.dim;
    const { flow } = build(d);
    const p = flowParams(d, (n) => requireParam(params, AUTO_FLOW_LAYERS + n, owner));
    return { d, flow, p };
  };

  // f(loc), each block through its transform (see the TSDoc: an approximation of the median).
  const median = (params: ParamValues): Record<string, Tensor> => {
    const { flow, p } = flowOf(params);
    const z = flow.forward(p, requireParam(params, AUTO_FLOW_LOC, owner)).y.data;
    const out: Record<string, Tensor> = {};
    for (const s of prototype.sites)
      out[s.name] = s.transform.forward(new Tensor(z.slice(s.offset, s.offset + s.size), s.unconstrainedShape));
    return out;
  };

  // Empirical quantiles of quantileSamples draws of z, pushed through each site's transform.
  const quantiles = (params: ParamValues, qs: readonly number[]): Record<string, Tensor> => {
    checkQuantiles(qs, owner);
    const { d, flow, p } = flowOf(params);
    const loc = requireParam(params, AUTO_FLOW_LOC, owner);
    const scale = requireParam(params, AUTO_FLOW_SCALE, owner);
    const n = quantileSamples;
    const eps = normal(makeKey(QUANTILE_KEY), [n, d]);
    const x = add(loc, eps.mul(scale));
    const z = flow.forward(p, x).y.data;
    const column = new Float64Array(n);
    const u = new Float64Array(qs.length * d);
    for (let j = 0; j < d; j++) {
      for (let i = 0; i < n; i++) column[i] = z[i * d + j]!;
      column.sort();
      qs.forEach((q, k) => (u[k * d + j] = empiricalQuantile(column, q)));
    }
    const out: Record<string, Tensor> = {};
    for (const s of prototype.sites) {
      const block = new Float64Array(qs.length * s.size);
      for (let k = 0; k < qs.length; k++)
        block.set(u.subarray(k * d + s.offset, k * d + s.offset + s.size), k * s.size);
      out[s.name] = s.transform.forward(new Tensor(block, [qs.length, ...s.unconstrainedShape]));
    }
    return out;
  };

  return makeAutoGuide(owner, prototype, guide, { median, quantiles });
}

/** The q-quantile of sorted values, linearly interpolated (NumPy's default, "type 7"). */
function empiricalQuantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
