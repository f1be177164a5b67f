/**
 * From a model to what samplers consume: one flat unconstrained vector, the potential energy
 * U(q) = −log p(constrain(q), data) − log|det J(q)| and its gradient, and the maps between flat
 * vectors and named constrained values. Each latent site is mapped to the reals by
 * bijectTo(its support), as in Stan and NumPyro.
 * @module
 */
import { add, neg, sum, valueAndGrad } from "../autodiff/index.js";
import type { Bijector } from "../distributions/bijector.js";
import { ParameterError } from "../distributions/validation.js";
import { type Key, split, uniform } from "../random/index.js";
import { formatShape, sizeOf } from "../tensor/shape.js";
import { type TensorLike, Tensor, asTensor } from "../tensor/tensor.js";
import { IdentityTransform, bijectTo } from "../transforms/index.js";
import { flatSegment } from "./flat-segment.js";
import { siteLogProb } from "./log-density.js";
import type { Message, Trace } from "./message.js";
import { seed } from "./handlers/seed.js";
import { substitute } from "./handlers/condition.js";
import { trace } from "./handlers/trace.js";
import { Handler } from "./runtime.js";

/** Where a latent site lives in the flat unconstrained vector. */
export interface LatentSite {
  readonly name: string;
  /** Shape of the constrained value. */
  readonly shape: readonly number[];
  /** Shape of its unconstrained representation. */
  readonly unconstrainedShape: readonly number[];
  readonly offset: number;
  readonly size: number;
  readonly transform: Bijector;
}

export type Model<A> = (args: A) => unknown;

/** Writes ∇U(q) into `grad` and returns U(q) (Infinity where the density is zero or undefined). */
export type PotentialFn = (q: Float64Array, grad: Float64Array) => number;

export interface ModelPotential {
  /** Length of the flat unconstrained vector. */
  readonly dim: number;
  readonly sites: readonly LatentSite[];
  /** U(q) and ∇U(q) for samplers. */
  readonly potential: PotentialFn;
  /** U(q) as a differentiable tensor function (for SVI and custom use). */
  potentialTensor(q: Tensor): Tensor;
  /**
   * Sites whose log-density (or log-Jacobian) is not finite at q, with the value: what to
   * tell a user whose initial point or data is invalid.
   */
  diagnose(q: Float64Array): string[];
  /** Constrained values of the latent sites and the deterministic sites at q. */
  constrain(q: Float64Array): Record<string, Tensor>;
  /** The flat unconstrained vector of given constrained latent values. */
  unconstrain(values: Readonly<Record<string, TensorLike>>): Float64Array;
}

/** How to choose a chain's starting point. */
export type InitStrategy =
  | { readonly kind: "uniform"; readonly radius?: number }
  | { readonly kind: "median"; readonly numSamples?: number }
  | { readonly kind: "values"; readonly values: Readonly<Record<string, TensorLike>> };

/** A value for a latent sample site, uniform in (−radius, radius) on the unconstrained scale. */
function uniformUnconstrained(msg: Message, radius: number): Tensor | undefined {
  if (msg.type !== "sample" || msg.isObserved || msg.fn === null || msg.key === null) return undefined;
  if (msg.fn.support.isDiscrete) return undefined;
  const t = bijectTo(msg.fn.support);
  return t.forward(uniform(msg.key, t.inverseShape(msg.fn.shape()), -radius, radius));
}

function latentSites(tr: Trace): LatentSite[] {
  const sites: LatentSite[] = [];
  let offset = 0;
  for (const site of tr.values()) {
    if (site.type !== "sample" || site.isObserved) continue;
    const d = site.fn!;
    if (d.support.isDiscrete)
      throw new Error(
        `latent site '${site.name}' is discrete (${d.name}, support ${d.support.toString()}); gradient-based inference needs continuous latent variables`,
      );
    const transform = bijectTo(d.support);
    const shape = site.value!.shape.slice();
    const unconstrainedShape = transform.inverseShape(shape).slice();
    const size = sizeOf(unconstrainedShape);
    sites.push({ name: site.name, shape, unconstrainedShape, offset, size, transform });
    offset += size;
  }
  return sites;
}

/**
 * Runs the model with the latent sites' values substituted and scores every site as it is
 * recorded: `trace(substitute(model, values))` followed by a sum over the trace, fused into
 * one handler. The potential is evaluated at every leapfrog step, and this way no trace (a Map
 * of message copies) is built only to be walked once.
 */
class ScoreHandler extends Handler {
  /** Σ log-densities so far (log-Jacobians first, then sites in execution order). */
  logDensity: Tensor | null;
  /** Which known site names this run has recorded, by index in `known`. */
  private readonly seen: boolean[];
  /** Names this run has recorded that the first run did not have. */
  private seenOther: Set<string> | null = null;

  constructor(
    /** Latent sites by name, with their index in `values`. */
    private readonly latent: ReadonlyMap<string, number>,
    private readonly values: readonly Tensor[],
    /** Every site name of the first run, with an index. */
    private readonly known: ReadonlyMap<string, number>,
    logDet: Tensor | null,
  ) {
    super();
    this.logDensity = logDet;
    this.seen = new Array<boolean>(known.size).fill(false);
  }

  // substitute: latent sample sites take their values from the flat vector
  override process(msg: Message): void {
    if (msg.type !== "sample" && msg.type !== "param") return;
    if (msg.isObserved) return;
    const i = this.latent.get(msg.name);
    if (i !== undefined) msg.value = this.values[i]!;
  }

  // trace (its check of unique names), then the site's term of the log-density
  override postprocess(msg: Message): void {
    this.checkFirstUse(msg.name);
    if (msg.type !== "sample" && msg.type !== "factor") return;
    if (msg.type === "sample" && !msg.isObserved && !this.latent.has(msg.name))
      throw new Error(
        `site '${msg.name}' appeared that was not in the model's first run; the set of latent sites must be fixed`,
      );
    const l = siteLogProb(msg);
    this.logDensity = this.logDensity === null ? l : add(this.logDensity, l);
  }

  private checkFirstUse(name: string): void {
    const k = this.known.get(name);
    let first: boolean;
    if (k !== undefined) {
      first = !this.seen[k];
      this.seen[k] = true;
    } else {
      this.seenOther ??= new Set();
      first = !this.seenOther.has(name);
      this.seenOther.add(name);
    }
    if (!first) throw new Error(`site name '${name}' is used twice in one run of the model; site names must be unique`);
  }
}

/** Σ of all elements; a 0-dimensional tensor is its own sum (one tape node fewer). */
function total(t: Tensor): Tensor {
  return t.ndim === 0 ? t : sum(t);
}

/**
 * Build the potential energy of `model(args)` over its latent sites. The sites and their
 * shapes are discovered by one prior run under `seed(key)`; models whose set of latent sites
 * changes from run to run are not supported.
 */
export function potentialEnergy<A>(model: Model<A>, args: A, key: Key): ModelPotential {
  // Discover the sites with values uniform in (−2, 2) on the unconstrained scale rather than
  // prior draws, so that improper priors (which cannot be sampled) work too.
  const { trace: prior } = trace(substitute(seed(model, key), (msg) => uniformUnconstrained(msg, 2)))(args);
  const sites = latentSites(prior);
  const dim = sites.reduce((n, s) => n + s.size, 0);
  const latentIndex = new Map(sites.map((s, i) => [s.name, i]));
  const knownIndex = new Map([...prior.keys()].map((name, i) => [name, i]));
  // The identity's log-Jacobian is zero: adding it would change nothing but the tape's length.
  const hasJacobian = sites.map((s) => !(s.transform instanceof IdentityTransform));

  const run = (q: Tensor) => {
    const values: Record<string, Tensor> = {};
    let logDet: Tensor | null = null;
    for (const s of sites) {
      const u = flatSegment(q, s.offset, s.unconstrainedShape);
      const v = s.transform.forward(u);
      values[s.name] = v;
      const ld = sum(s.transform.logAbsDetJacobian(u, v));
      logDet = logDet === null ? ld : add(logDet, ld);
    }
    const { trace: tr } = trace(substitute(model, values))(args);
    return { tr, logDet };
  };

  /**
   * log p(constrain(u), data) + log|det J(u)| from each latent site's unconstrained value
   * (`units[i]` for `sites[i]`): the negative potential, differentiable in the units.
   */
  const logJoint = (units: readonly Tensor[]): Tensor => {
    const values = new Array<Tensor>(sites.length);
    let logDet: Tensor | null = null;
    for (let i = 0; i < sites.length; i++) {
      const s = sites[i]!;
      const u = units[i]!;
      const v = s.transform.forward(u);
      values[i] = v;
      if (!hasJacobian[i]) continue;
      const ld = total(s.transform.logAbsDetJacobian(u, v));
      logDet = logDet === null ? ld : add(logDet, ld);
    }
    const h = new ScoreHandler(latentIndex, values, knownIndex, logDet);
    h.run(() => model(args));
    return h.logDensity ?? asTensor(0);
  };

  const potentialTensor = (q: Tensor): Tensor => {
    if (q.size !== dim)
      throw new Error(`potential: expected a flat vector of length ${dim}, got shape ${formatShape(q.shape)}`);
    return neg(logJoint(sites.map((s) => flatSegment(q, s.offset, s.unconstrainedShape))));
  };

  // The sampler's path: each site's segment of q is a leaf of its own, so no tape node cuts q
  // into segments and no full-length gradient is summed per site. The potential is the
  // negated log density and so is its gradient (negation is exact: same bits as negating
  // on the tape).
  const vg = valueAndGrad(logJoint);
  const potential: PotentialFn = (q, grad) => {
    if (q.length !== dim) throw new Error(`potential: expected a flat vector of length ${dim}, got ${q.length} values`);
    const units = new Array<Tensor>(sites.length);
    for (let i = 0; i < sites.length; i++) {
      const s = sites[i]!;
      // a copy: the sampler reuses q, and tensors the model keeps must not change under it
      units[i] = new Tensor(q.slice(s.offset, s.offset + s.size), s.unconstrainedShape);
    }
    let logp: Tensor;
    let g: readonly Tensor[];
    try {
      [logp, g] = vg(units);
    } catch (e) {
      // A proposal that puts a distribution's parameter outside its domain (a scale
      // overflowing to +∞, say) is a point of zero density: reject it, don't stop the chain.
      if (e instanceof ParameterError) {
        grad.fill(0);
        return Infinity;
      }
      throw e;
    }
    const u = -logp.data[0]!;
    // An undefined density (NaN) is as impossible as a zero one: the sampler rejects the point
    // (a divergence) instead of carrying NaN into its arithmetic.
    if (Number.isNaN(u)) {
      grad.fill(0);
      return Infinity;
    }
    for (let i = 0; i < sites.length; i++) {
      const gi = g[i]!.data;
      const offset = sites[i]!.offset;
      for (let j = 0; j < gi.length; j++) grad[offset + j] = 0 - gi[j]!; // 0 − g, not −g: a zero gradient stays +0
    }
    return u;
  };

  const diagnose = (q: Float64Array): string[] => {
    const problems: string[] = [];
    let evaluated: ReturnType<typeof run>;
    try {
      evaluated = run(new Tensor(q, [dim]));
    } catch (e) {
      if (e instanceof ParameterError) return [e.message];
      throw e;
    }
    const { tr, logDet } = evaluated;
    if (logDet !== null && !Number.isFinite(logDet.data[0]!))
      problems.push(`log-Jacobian of the transforms is ${logDet.data[0]}`);
    for (const site of tr.values()) {
      if (site.type !== "sample" && site.type !== "factor") continue;
      const v = siteLogProb(site).data[0]!;
      if (!Number.isFinite(v)) problems.push(`site '${site.name}' has log-density ${v}`);
    }
    return problems;
  };

  const constrain = (q: Float64Array): Record<string, Tensor> => {
    const { tr } = run(new Tensor(q, [dim]));
    const out: Record<string, Tensor> = {};
    for (const site of tr.values()) {
      if ((site.type === "sample" && !site.isObserved) || site.type === "deterministic") {
        const v = site.value!;
        out[site.name] = new Tensor(v.data, v.shape);
      }
    }
    return out;
  };

  const unconstrain = (values: Readonly<Record<string, TensorLike>>): Float64Array => {
    const q = new Float64Array(dim);
    for (const s of sites) {
      const v = values[s.name];
      if (v === undefined) throw new Error(`unconstrain: no value given for latent site '${s.name}'`);
      const t = asTensor(v);
      if (t.size !== sizeOf(s.shape))
        throw new Error(
          `unconstrain: site '${s.name}' needs shape ${formatShape(s.shape)}, got ${formatShape(t.shape)}`,
        );
      const u = s.transform.inverse(new Tensor(t.data, s.shape));
      q.set(u.data, s.offset);
    }
    return q;
  };

  return { dim, sites, potential, potentialTensor, diagnose, constrain, unconstrain };
}

/**
 * A starting point with finite potential and gradient, by the chosen strategy: uniform in
 * (−radius, radius) in unconstrained space (default, radius 2, as Stan), the elementwise
 * median of prior draws, or given constrained values. Retries uniform draws up to 100 times.
 */
export function initialPosition<A>(
  mp: ModelPotential,
  model: Model<A>,
  args: A,
  key: Key,
  strategy: InitStrategy = { kind: "uniform" },
): Float64Array {
  const grad = new Float64Array(mp.dim);
  const ok = (q: Float64Array) => {
    const u = mp.potential(q, grad);
    return Number.isFinite(u) && grad.every((g) => Number.isFinite(g));
  };
  if (strategy.kind === "values") {
    const q = mp.unconstrain(strategy.values);
    if (!ok(q))
      throw new Error(
        `initial values: the potential or its gradient is not finite there: ${mp.diagnose(q).join("; ") || "non-finite gradient"}`,
      );
    return q;
  }
  if (strategy.kind === "median") {
    const n = strategy.numSamples ?? 15;
    const draws: Float64Array[] = [];
    let k = key;
    for (let i = 0; i < n; i++) {
      const [next, sub] = split(k);
      k = next!;
      const priorDraw = (msg: Message): Tensor | undefined => {
        if (msg.type !== "sample" || msg.isObserved || msg.fn === null || msg.key === null) return undefined;
        try {
          return msg.fn.sample(msg.key);
        } catch {
          return uniformUnconstrained(msg, 2); // improper priors have no draws
        }
      };
      const { trace: tr } = trace(substitute(seed(model, sub!), priorDraw))(args);
      const vals: Record<string, Tensor> = {};
      for (const s of mp.sites) vals[s.name] = tr.get(s.name)!.value!;
      draws.push(mp.unconstrain(vals));
    }
    const q = new Float64Array(mp.dim);
    for (let j = 0; j < mp.dim; j++) {
      const col = draws.map((d) => d[j]!).sort((a, b) => a - b);
      q[j] = n % 2 === 1 ? col[(n - 1) / 2]! : 0.5 * (col[n / 2 - 1]! + col[n / 2]!);
    }
    if (ok(q)) return q;
  }
  const radius = strategy.kind === "uniform" ? (strategy.radius ?? 2) : 2;
  let k = key;
  for (let attempt = 0; attempt < 100; attempt++) {
    const [next, sub] = split(k);
    k = next!;
    const q = Float64Array.from(uniform(sub!, [mp.dim], -radius, radius).data);
    if (ok(q)) return q;
  }
  const last = Float64Array.from(uniform(k, [mp.dim], -radius, radius).data);
  throw new Error(
    `initialisation failed: no point with finite potential and gradient in 100 uniform draws in (−${radius}, ${radius}); at the last one: ${mp.diagnose(last).join("; ") || "non-finite gradient"}`,
  );
}
