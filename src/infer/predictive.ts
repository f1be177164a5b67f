/**
 * Prior and posterior predictive draws from a model, after NumPyro's `Predictive`.
 *
 * Prior predictive: run the model forward `numSamples` times under `seed`. Posterior
 * predictive: for each posterior draw (as MCMC returns them, [chains, draws, ...siteShape], or
 * flat, [draws, ...siteShape]), substitute the latent values and draw the remaining sites.
 *
 * Observed sites are redrawn by default: a site given data through `obs` (or `condition`)
 * becomes a fresh draw from its distribution, broadcast to the data's shape, so the same
 * arguments used for inference give predictions for the data — NumPyro instead keeps the
 * data unless it is passed as `None`; set `redrawObserved: false` for that behaviour.
 * @module
 */
import type { Distribution } from "../distributions/distribution.js";
import type { Message } from "../ppl/message.js";
import type { Model } from "../ppl/potential-energy.js";
import { Handler } from "../ppl/runtime.js";
import { seed } from "../ppl/handlers/seed.js";
import { substitute } from "../ppl/handlers/condition.js";
import { trace } from "../ppl/handlers/trace.js";
import { type Key, fold, split } from "../random/index.js";
import { formatShape, shapesEqual, sizeOf } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { DrawStack } from "./importance/draw-stack.js";

/** Options of {@link Predictive}: give `posteriorSamples` (posterior predictive) or `numSamples` (prior predictive). */
export interface PredictiveOptions {
  /**
   * Posterior draws by site name, each of shape [...batch, ...siteShape] with the same batch
   * shape for every site ([chains, draws] from MCMC, or [draws]). Sites not in the model are
   * ignored.
   */
  posteriorSamples?: Readonly<Record<string, Tensor>>;
  /** Number of prior predictive draws. */
  numSamples?: number;
  /**
   * Sites to return. Default: the sample sites not among `posteriorSamples` (all sample sites
   * for the prior predictive), and every deterministic site.
   */
  returnSites?: readonly string[];
  /** Redraw sites observed through `obs` or `condition` (default true); false keeps the data. */
  redrawObserved?: boolean;
}

const WHO = "Predictive";

/** Turns observed sample sites into latent ones drawn afresh, with the data's shape. */
class RedrawObserved extends Handler {
  override process(msg: Message): void {
    if (msg.type !== "sample" || !msg.isObserved) return;
    const data = msg.value!;
    const d = msg.fn!;
    const batch = data.shape.slice(0, data.ndim - d.eventShape.length);
    if (!shapesEqual(batch, d.batchShape)) msg.fn = expandTo(d, batch, msg.name);
    msg.value = null;
    msg.isObserved = false;
  }
}

function expandTo(d: Distribution, batch: readonly number[], site: string): Distribution {
  try {
    return d.expand(batch);
  } catch {
    throw new Error(
      `${WHO}: cannot redraw observed site '${site}': its data has batch shape ${formatShape(batch)}, which ${d.name} of batch shape ${formatShape(d.batchShape)} does not broadcast to`,
    );
  }
}

/**
 * Substitutes each latent site found in the posterior samples with its first draw, recording
 * the site's shape: how the posterior samples' batch shape is found without a prior draw
 * (which improper priors cannot give).
 */
class ShapeProbe extends Handler {
  readonly shapes = new Map<string, number[]>();
  constructor(private readonly samples: Readonly<Record<string, Tensor>>) {
    super();
  }
  override process(msg: Message): void {
    if (msg.type !== "sample" || msg.isObserved || !(msg.name in this.samples)) return;
    const siteShape = msg.fn!.shape();
    const s = this.samples[msg.name]!;
    const b = s.ndim - siteShape.length;
    if (b < 0 || !shapesEqual(s.shape.slice(b), siteShape))
      throw new Error(
        `${WHO}: posterior samples of site '${msg.name}' have shape ${formatShape(s.shape)}, which does not end in the site's shape ${formatShape(siteShape)}`,
      );
    this.shapes.set(msg.name, siteShape);
    msg.value = new Tensor(s.data.subarray(0, sizeOf(siteShape)), siteShape);
  }
}

/** The batch shape shared by all posterior sites the model samples, and those sites' shapes. */
function posteriorLayout<A>(
  model: Model<A>,
  args: A,
  key: Key,
  samples: Readonly<Record<string, Tensor>>,
): { batch: number[]; shapes: Map<string, number[]> } {
  const probe = new ShapeProbe(samples);
  const { trace: tr } = trace(seed((a: A) => probe.run(() => model(a)), key))(args);
  if (probe.shapes.size === 0)
    throw new Error(
      `${WHO}: none of the posterior sites [${Object.keys(samples).join(", ")}] is a latent sample site of the model (latent sites: ${
        [...tr.values()]
          .filter((m) => m.type === "sample" && !m.isObserved)
          .map((m) => m.name)
          .join(", ") || "none"
      })`,
    );
  let batch: number[] | null = null;
  let first = "";
  for (const [name, shape] of probe.shapes) {
    const s = samples[name]!;
    const b = s.shape.slice(0, s.ndim - shape.length);
    if (batch === null) [batch, first] = [b, name];
    else if (!shapesEqual(b, batch))
      throw new Error(
        `${WHO}: posterior samples disagree on the number of draws: site '${first}' has batch shape ${formatShape(batch)}, site '${name}' ${formatShape(b)}`,
      );
  }
  return { batch: batch!, shapes: probe.shapes };
}

/**
 * Predictive draws from `model`: prior predictive with `{ numSamples }`, posterior predictive
 * with `{ posteriorSamples }`. `run(key, args)` returns each returned site stacked as
 * [...batch, ...siteShape] (batch [numSamples], or the posterior samples' batch shape);
 * draw j uses fold(key, j).
 *
 * @example
 * const mcmc = new MCMC(NUTS(model), { numSamples: 500, numChains: 2 }).run(key(0), data);
 * const yRep = new Predictive(model, { posteriorSamples: mcmc.samples }).run(key(1), data).y; // [2, 500, n]
 */
export class Predictive<A> {
  private readonly redraw: boolean;

  constructor(
    private readonly model: Model<A>,
    private readonly options: PredictiveOptions,
  ) {
    const { posteriorSamples, numSamples } = options;
    if ((posteriorSamples === undefined) === (numSamples === undefined))
      throw new Error(
        `${WHO}: give exactly one of posteriorSamples (posterior predictive) and numSamples (prior predictive)`,
      );
    if (numSamples !== undefined && (!Number.isInteger(numSamples) || numSamples < 1))
      throw new Error(`${WHO}: numSamples must be a positive integer, got ${String(numSamples)}`);
    if (posteriorSamples !== undefined)
      for (const [name, s] of Object.entries(posteriorSamples))
        if (!(s instanceof Tensor))
          throw new Error(`${WHO}: posterior samples of site '${name}' must be a Tensor, got ${typeof s}`);
    this.redraw = options.redrawObserved ?? true;
  }

  /** Draw the predictive samples. */
  run(key: Key, args: A): Record<string, Tensor> {
    const [layoutKey, drawsKey] = split(key);
    const posterior = this.options.posteriorSamples;
    const layout = posterior === undefined ? null : posteriorLayout(this.model, args, layoutKey!, posterior);
    const batch = layout === null ? [this.options.numSamples!] : layout.batch;
    const n = sizeOf(batch);
    const stack = new DrawStack(n, WHO);
    for (let j = 0; j < n; j++) {
      let m: Model<A> = this.model;
      if (layout !== null) m = substitute(m, drawOf(posterior!, layout.shapes, j));
      if (this.redraw) {
        const inner = m;
        m = (a: A) => new RedrawObserved().run(() => inner(a));
      }
      const { trace: tr } = trace(seed(m, fold(drawsKey!, j)))(args);
      stack.push(j, this.pick(tr, j));
    }
    const out: Record<string, Tensor> = {};
    for (const [name, t] of Object.entries(stack.result()))
      out[name] = new Tensor(t.data, [...batch, ...t.shape.slice(1)]);
    return out;
  }

  /** The values of the returned sites in one run. */
  private pick(tr: Map<string, Message>, j: number): Record<string, Tensor> {
    const { returnSites, posteriorSamples } = this.options;
    const out: Record<string, Tensor> = {};
    if (returnSites !== undefined) {
      for (const name of returnSites) {
        const m = tr.get(name);
        if (m === undefined || m.value === null)
          throw new Error(
            `${WHO}: return site '${name}' is not a site of the model (sites: ${[...tr.keys()].join(", ")}) in draw ${j}`,
          );
        out[name] = plain(m.value);
      }
      return out;
    }
    for (const m of tr.values())
      if (
        (m.type === "sample" && !(posteriorSamples !== undefined && m.name in posteriorSamples)) ||
        m.type === "deterministic"
      )
        out[m.name] = plain(m.value!);
    return out;
  }
}

function plain(t: Tensor): Tensor {
  return t.node === null ? t : new Tensor(t.data, t.shape);
}

/** Draw j of every posterior site the model samples (views, no copies). */
function drawOf(
  samples: Readonly<Record<string, Tensor>>,
  shapes: ReadonlyMap<string, number[]>,
  j: number,
): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [name, shape] of shapes) {
    const size = sizeOf(shape);
    out[name] = new Tensor(samples[name]!.data.subarray(j * size, (j + 1) * size), shape);
  }
  return out;
}
