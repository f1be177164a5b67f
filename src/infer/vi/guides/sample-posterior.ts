/**
 * Draws from a fitted guide, with the model's deterministic sites: each draw runs the guide
 * and replays the model on it, as NumPyro's `Predictive(model, guide=..., params=...)` does
 * for the latent and deterministic sites.
 * @module
 */
import type { Model } from "../../../ppl/potential-energy.js";
import { type Key, split } from "../../../random/index.js";
import { formatShape, shapesEqual, sizeOf } from "../../../tensor/shape.js";
import { Tensor } from "../../../tensor/tensor.js";
import { type Guide, type ParamValues, traceGuideAndModel } from "../guide-model-traces.js";

/**
 * `numSamples` draws of every latent and deterministic site of `model`, the latent values from
 * `guide` with parameters `params` (constrained, as `SVI.getParams` returns them). Each site's
 * draws are stacked into a tensor of shape [numSamples, ...site shape].
 */
export function samplePosterior<A>(
  model: Model<A>,
  guide: Guide<A>,
  key: Key,
  params: ParamValues,
  args: A,
  numSamples: number,
): Record<string, Tensor> {
  if (!Number.isInteger(numSamples) || numSamples < 1)
    throw new Error(`samplePosterior: numSamples must be a positive integer, got ${numSamples}`);
  const keys = numSamples === 1 ? [key] : split(key, numSamples);
  const draws = new Map<string, Tensor[]>();
  for (const k of keys) {
    const { modelTrace } = traceGuideAndModel(model, guide, k, params, args, "samplePosterior");
    for (const site of modelTrace.values()) {
      const keep = (site.type === "sample" && !site.isObserved) || site.type === "deterministic";
      if (!keep) continue;
      const list = draws.get(site.name) ?? [];
      list.push(site.value!);
      draws.set(site.name, list);
    }
  }
  const out: Record<string, Tensor> = {};
  for (const [name, list] of draws) out[name] = stackDraws(name, list, numSamples);
  return out;
}

function stackDraws(name: string, list: readonly Tensor[], numSamples: number): Tensor {
  if (list.length !== numSamples)
    throw new Error(`samplePosterior: site '${name}' appeared in ${list.length} of ${numSamples} runs of the model`);
  const shape = list[0]!.shape;
  const n = sizeOf(shape);
  const data = new Float64Array(numSamples * n);
  list.forEach((t, i) => {
    if (!shapesEqual(t.shape, shape))
      throw new Error(
        `samplePosterior: site '${name}' has shape ${formatShape(t.shape)} in draw ${i} but ${formatShape(shape)} in draw 0`,
      );
    data.set(t.data, i * n);
  });
  return new Tensor(data, [numSamples, ...shape]);
}
