/**
 * The evidence lower bound, estimated by Monte Carlo as Pyro's and NumPyro's `Trace_ELBO`:
 * per particle, draw z from the guide q, replay the model on it, and take
 * f = log p(x, z) − log q(z); the loss is −(1/N) Σ f (Ranganath, Gerrish & Blei 2014;
 * Kingma & Welling 2014).
 *
 * Gradients. Guide sites drawn with `rsample` carry their dependence on the parameters in
 * the value itself (pathwise / reparameterisation gradient). For the others (a Bernoulli or a
 * Categorical latent) the score-function term E_q[(f − b) ∇log q_s(z)] is added through a
 * surrogate whose value is not the loss but whose gradient is the estimator:
 *
 *   surrogate_i = f_i + stopGradient(f_i − b_i) · log q_s(z_i),
 *
 * with q_s the product of the non-reparameterised guide sites and b_i a baseline
 * (see ./baseline.ts). As in `Trace_ELBO` (not `TraceGraph_ELBO`), every score-function site
 * is weighted by the whole f: no Rao-Blackwellisation by dependency structure.
 * @module
 */
import { add, mul, neg, scale, sub } from "../../autodiff/index.js";
import { siteLogProb } from "../../ppl/log-density.js";
import type { Trace } from "../../ppl/message.js";
import type { Model } from "../../ppl/potential-energy.js";
import { type Key, split } from "../../random/index.js";
import { type Tensor, scalar } from "../../tensor/tensor.js";
import { type BaselineKind, type BaselineState, baselineValues, initialBaseline, updateBaseline } from "./baseline.js";
import { type Guide, type ParamValues, traceGuideAndModel } from "./guide-model-traces.js";

/** Options of {@link TraceELBO} and {@link elbo}. */
export interface ElboOptions {
  /** Draws from the guide per estimate (default 1). */
  numParticles?: number;
  /** Baseline of the score-function terms (default "decaying-average"; see {@link BaselineKind}). */
  baseline?: BaselineKind;
  /** Decay of the decaying-average baseline (default 0.9, Pyro's `baseline_beta`). */
  baselineDecay?: number;
}

/** One Monte Carlo estimate of the ELBO loss and the surrogate to differentiate. */
export interface ElboEstimate {
  /** −(1/N) Σ_i (log p(x, z_i) − log q(z_i)): the negative ELBO estimate. */
  readonly loss: number;
  /**
   * A differentiable scalar whose gradient with respect to the parameters is the gradient
   * estimator of `loss` (pathwise plus score-function terms); equal to `loss` when every
   * guide site is reparameterised.
   */
  readonly surrogateLoss: Tensor;
  /** The per-particle ELBO values f_i = log p − log q. */
  readonly particles: readonly number[];
  /** The baseline state after this estimate (pass it to the next). */
  readonly baseline: BaselineState;
  /** Guide sites whose gradient came from the score-function estimator. */
  readonly scoreFunctionSites: readonly string[];
  /** Sites whose log-density was not finite, as "model site 'y' has log-density -Infinity". */
  readonly nonFinite: readonly string[];
}

/** An ELBO estimator, as SVI consumes it. */
export interface ElboLoss {
  readonly name: string;
  readonly numParticles: number;
  readonly baselineKind: BaselineKind;
  readonly baselineDecay: number;
  /**
   * Estimate the loss at constrained parameter values `params` (tracked tensors when called
   * inside a gradient computation) from draws made with `key`.
   */
  estimate<A>(
    model: Model<A>,
    guide: Guide<A>,
    key: Key,
    params: ParamValues,
    args: A,
    baseline?: BaselineState,
  ): ElboEstimate;
}

const OPTION_NAMES = ["numParticles", "baseline", "baselineDecay"];

function checkElboOptions(name: string, options: ElboOptions): Required<ElboOptions> {
  for (const k of Object.keys(options))
    if (!OPTION_NAMES.includes(k))
      throw new Error(`${name}: unknown option '${k}' (known: ${OPTION_NAMES.join(", ")})`);
  const numParticles = options.numParticles ?? 1;
  if (!Number.isInteger(numParticles) || numParticles < 1)
    throw new Error(`${name}: numParticles must be a positive integer, got ${numParticles}`);
  const baseline = options.baseline ?? "decaying-average";
  if (!["decaying-average", "leave-one-out", "none"].includes(baseline))
    throw new Error(
      `${name}: baseline must be "decaying-average", "leave-one-out" or "none", got ${JSON.stringify(baseline)}`,
    );
  if (baseline === "leave-one-out" && numParticles < 2)
    throw new Error(`${name}: the leave-one-out baseline needs numParticles >= 2, got ${numParticles}`);
  const baselineDecay = options.baselineDecay ?? 0.9;
  if (!(baselineDecay >= 0 && baselineDecay < 1))
    throw new Error(`${name}: baselineDecay must be in [0, 1), got ${baselineDecay}`);
  return { numParticles, baseline, baselineDecay };
}

/** The log-densities of one trace: the total, the part of non-reparameterised guide sites. */
interface TraceLogDensity {
  total: Tensor;
  score: Tensor | null;
  scoreSites: string[];
}

/** Σ of the log-densities of a trace's sample and factor sites, leaving out the `skip` sites. */
function traceLogDensity(
  tr: Trace,
  role: "model" | "guide",
  nonFinite: Set<string>,
  skip: ReadonlySet<string>,
): TraceLogDensity {
  let total: Tensor = scalar(0);
  let score: Tensor | null = null;
  const scoreSites: string[] = [];
  for (const site of tr.values()) {
    if ((site.type !== "sample" && site.type !== "factor") || skip.has(site.name)) continue;
    const lp = siteLogProb(site);
    const v = lp.data[0]!;
    if (!Number.isFinite(v)) nonFinite.add(`${role} site '${site.name}' has log-density ${v}`);
    total = add(total, lp);
    if (role === "guide" && site.type === "sample" && !site.isObserved && !site.fn!.hasRsample) {
      score = score === null ? lp : add(score, lp);
      scoreSites.push(site.name);
    }
  }
  return { total, score, scoreSites };
}

/** One particle's ELBO term f and the log q of its score-function sites. */
export interface ParticleTerms {
  readonly f: Tensor;
  readonly score: Tensor | null;
  readonly scoreSites: readonly string[];
}

/**
 * f = log p(x, z) − log q(z) from a guide trace and the model trace replayed on it, with the
 * sites in `analytic` left out of both sums: their expected difference is supplied in closed
 * form as `analyticTerm` (−KL, see ./elbo-mean-field.ts).
 */
export function particleTerms(
  guideTrace: Trace,
  modelTrace: Trace,
  nonFinite: Set<string>,
  analytic: ReadonlySet<string> = new Set(),
  analyticTerm: Tensor | null = null,
): ParticleTerms {
  const q = traceLogDensity(guideTrace, "guide", nonFinite, analytic);
  const p = traceLogDensity(modelTrace, "model", nonFinite, analytic);
  const f = sub(p.total, q.total);
  return { f: analyticTerm === null ? f : add(f, analyticTerm), score: q.score, scoreSites: q.scoreSites };
}

/** How one particle's traces become its terms (Monte Carlo, or with closed-form KL terms). */
export type ParticleEstimator = (guideTrace: Trace, modelTrace: Trace, nonFinite: Set<string>) => ParticleTerms;

/** The surrogate −(1/N) Σ_i [f_i + stopGradient(f_i − b_i) log q_s(z_i)]. */
function surrogate(terms: readonly ParticleTerms[], values: readonly number[], b: readonly number[]): Tensor {
  let total: Tensor = scalar(0);
  terms.forEach(({ f, score }, i) => {
    // the score term's weight is a constant; skipped when f is not finite, where the loss
    // itself reports the problem
    const weight = values[i]! - b[i]!;
    total = add(total, score === null || !Number.isFinite(weight) ? f : add(f, mul(score, weight)));
  });
  return neg(scale(total, 1 / terms.length));
}

/** An ELBO loss named `name` whose particles are evaluated by `particle`. */
export function makeElboLoss(name: string, options: ElboOptions, particle: ParticleEstimator): ElboLoss {
  const { numParticles, baseline: baselineKind, baselineDecay } = checkElboOptions(name, options);
  const estimate = <A>(
    model: Model<A>,
    guide: Guide<A>,
    key: Key,
    params: ParamValues,
    args: A,
    baseline: BaselineState = initialBaseline(),
  ): ElboEstimate => {
    const keys = numParticles === 1 ? [key] : split(key, numParticles);
    const nonFinite = new Set<string>();
    const terms = keys.map((k) => {
      const { guideTrace, modelTrace } = traceGuideAndModel(model, guide, k, params, args, name);
      return particle(guideTrace, modelTrace, nonFinite);
    });
    const values = terms.map((t) => t.f.data[0]!);
    const b = baselineValues(baselineKind, baseline, values);
    return {
      loss: -values.reduce((a, c) => a + c, 0) / values.length,
      surrogateLoss: surrogate(terms, values, b),
      particles: values,
      baseline: updateBaseline(baseline, values, baselineDecay),
      scoreFunctionSites: [...new Set(terms.flatMap((t) => t.scoreSites))],
      nonFinite: [...nonFinite],
    };
  };
  return { name, numParticles, baselineKind, baselineDecay, estimate };
}

/**
 * The `Trace_ELBO` estimator: `numParticles` independent draws per estimate, pathwise
 * gradients where the guide can `rsample`, score-function gradients with a baseline elsewhere.
 *
 * @example
 * const loss = TraceELBO({ numParticles: 4 });
 * const svi = new SVI(model, AutoNormal(model), adam({ learningRate: 0.01 }), loss);
 */
export function TraceELBO(options: ElboOptions = {}): ElboLoss {
  return makeElboLoss("Trace_ELBO", options, (g, m, nonFinite) => particleTerms(g, m, nonFinite));
}

/**
 * The ELBO estimator of `guide` for `model`, as a function of a key, the (constrained)
 * parameter values, the model's arguments and the baseline state.
 *
 * @example
 * const est = elbo(model, guide, { numParticles: 100 })(key(0), params, data);
 * est.loss;  // −ELBO
 */
export function elbo<A>(
  model: Model<A>,
  guide: Guide<A>,
  options: ElboOptions = {},
): (key: Key, params: ParamValues, args: A, baseline?: BaselineState) => ElboEstimate {
  const loss = TraceELBO(options);
  return (key, params, args, baseline) => loss.estimate(model, guide, key, params, args, baseline);
}
