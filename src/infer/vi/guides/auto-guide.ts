/**
 * What every autoguide offers besides being a guide: summaries of the fitted posterior in
 * constrained space, draws, and the flat unconstrained layout it was built on.
 * @module
 */
import type { InitStrategy, LatentSite, Model } from "../../../ppl/potential-energy.js";
import type { Key } from "../../../random/index.js";
import type { Tensor } from "../../../tensor/tensor.js";
import type { ParamValues } from "../guide-model-traces.js";
import type { Prototype } from "./prototype.js";
import { samplePosterior } from "./sample-posterior.js";

/**
 * An automatically built guide. It is itself the guide function (pass it to {@link SVI}),
 * returning the constrained value of each latent site; the methods read parameters as
 * `SVI.getParams` returns them (constrained). They need the model's layout, which the guide
 * learns the first time it runs (SVI.init runs it).
 */
export interface AutoGuide<A> {
  (args: A): Record<string, Tensor>;
  /** "AutoNormal", "AutoMultivariateNormal", "AutoDelta" or "AutoFlow". */
  readonly guideName: string;
  readonly model: Model<A>;
  /** The latent sites with their shapes, transforms and places in the flat unconstrained vector. */
  layout(): readonly LatentSite[];
  /** The posterior median of each latent site, in constrained space. */
  median(params: ParamValues): Record<string, Tensor>;
  /**
   * Marginal quantiles of each latent site, [qs.length, ...site shape], in constrained space:
   * the unconstrained marginal's quantiles pushed through the site's transform (exact for
   * elementwise monotone transforms; for vector transforms such as the simplex's stick-breaking,
   * only a summary, as in NumPyro).
   */
  quantiles(params: ParamValues, qs: readonly number[]): Record<string, Tensor>;
  /**
   * `numSamples` draws of each latent site and of the model's deterministic sites, each of
   * shape [numSamples, ...site shape]. The model is replayed with `args` (default: the
   * arguments the guide was first run with, if it has run).
   */
  samplePosterior(key: Key, params: ParamValues, numSamples: number, args?: A): Record<string, Tensor>;
}

/** Options every autoguide accepts. */
export interface AutoGuideOptions {
  /**
   * How to choose the initial location (default `{ kind: "median" }`, the elementwise median
   * of 15 prior draws, NumPyro's `init_to_median`; a uniform point in (−2, 2) on the
   * unconstrained scale if that has no finite density).
   */
  initStrategy?: InitStrategy;
}

/** The methods an autoguide implements itself. */
export interface AutoGuideMethods {
  median(params: ParamValues): Record<string, Tensor>;
  quantiles(params: ParamValues, qs: readonly number[]): Record<string, Tensor>;
}

/** Attach the common members to a guide function. */
export function makeAutoGuide<A>(
  guideName: string,
  prototype: Prototype<A>,
  fn: (args: A) => Record<string, Tensor>,
  methods: AutoGuideMethods,
): AutoGuide<A> {
  const guide: AutoGuide<A> = Object.assign(fn, {
    guideName,
    model: prototype.model,
    layout: () => prototype.sites,
    median: methods.median,
    quantiles: methods.quantiles,
    samplePosterior: (key: Key, params: ParamValues, numSamples: number, args?: A) =>
      samplePosterior(prototype.model, guide, key, params, prototype.argsOr(args), numSamples),
  });
  return guide;
}

/** `params[name]`, or an error naming the guide and the parameters it was given. */
export function requireParam(params: ParamValues, name: string, owner: string): Tensor {
  const v = params[name];
  if (v === undefined)
    throw new Error(
      `${owner}: no parameter '${name}' among ${Object.keys(params).join(", ") || "none"}; pass the parameters SVI.getParams returns for this guide`,
    );
  return v;
}

/** Check quantile levels: each in (0, 1). */
export function checkQuantiles(qs: readonly number[], owner: string): void {
  if (qs.length === 0) throw new Error(`${owner}.quantiles: give at least one quantile level`);
  qs.forEach((q, i) => {
    if (!(q > 0 && q < 1)) throw new Error(`${owner}.quantiles: levels must be in (0, 1), got ${q} at index ${i}`);
  });
}

/** Check an init scale: positive and finite. */
export function checkInitScale(initScale: number, owner: string): number {
  if (!(initScale > 0 && Number.isFinite(initScale)))
    throw new Error(`${owner}: initScale must be positive and finite, got ${initScale}`);
  return initScale;
}
