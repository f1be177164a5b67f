/**
 * One draw of variational inference: run the guide (drawing the latent values), then the
 * model replayed on the guide's draws, both with the current parameter values — and check
 * that the guide samples exactly the model's latent sites.
 * @module
 */
import type { Model } from "../../ppl/potential-energy.js";
import type { Message, Trace } from "../../ppl/message.js";
import { replay, seed, substitute, trace } from "../../ppl/index.js";
import { type Key, split } from "../../random/index.js";
import type { Tensor } from "../../tensor/tensor.js";

/** A guide: a model-like function of the model's arguments whose sample sites are the model's latent sites. */
export type Guide<A> = (args: A) => unknown;

/** Parameter values by param-site name (constrained: what `param` returns in the program). */
export type ParamValues = Readonly<Record<string, Tensor>>;

/**
 * A substitution giving param sites their values from `params`: only param sites, so a param
 * and a latent site of the same name in guide and model never clash. A param with no value is
 * an error rather than a silent fall-back to its initial value.
 */
export function paramSubstitution(params: ParamValues, who: string): (msg: Message) => Tensor | undefined {
  return (msg) => {
    if (msg.type !== "param") return undefined;
    const v = params[msg.name];
    if (v === undefined)
      throw new Error(
        `${who}: param '${msg.name}' has no value among the parameters (${Object.keys(params).join(", ") || "none"}); were they made by SVI.init for this model and guide?`,
      );
    return v;
  };
}

/** The traces of one guide draw and of the model replayed on it. */
export interface GuideModelTraces {
  readonly guideTrace: Trace;
  readonly modelTrace: Trace;
}

/**
 * Trace `guide(args)` under `seed`, then `model(args)` replayed on the guide's values, both
 * with `params` substituted. Throws when the guide misses a latent site of the model, samples a
 * site the model lacks, or samples a site the model observes.
 */
export function traceGuideAndModel<A>(
  model: Model<A>,
  guide: Guide<A>,
  key: Key,
  params: ParamValues,
  args: A,
  who: string,
): GuideModelTraces {
  const [guideKey, modelKey] = split(key);
  const values = paramSubstitution(params, who);
  const { trace: guideTrace } = trace(substitute(seed(guide, guideKey!), values))(args);
  // the model is seeded too, so that a site the guide misses gets a prior draw and the
  // mismatch is reported below instead of as a missing key
  const { trace: modelTrace } = trace(replay(substitute(seed(model, modelKey!), values), guideTrace))(args);
  checkSitesMatch(guideTrace, modelTrace, who);
  return { guideTrace, modelTrace };
}

/** The model's latent sample sites must be exactly the guide's sample sites. */
export function checkSitesMatch(guideTrace: Trace, modelTrace: Trace, who: string): void {
  for (const g of guideTrace.values()) {
    if (g.type !== "sample" || g.isObserved) continue;
    const m = modelTrace.get(g.name);
    if (m === undefined || m.type !== "sample")
      throw new Error(
        `${who}: the guide samples site '${g.name}', which is not a sample site of the model (model latent sites: ${latentNames(modelTrace)})`,
      );
    if (m.isObserved)
      throw new Error(
        `${who}: the guide samples site '${g.name}', which the model observes; guides sample latent sites only`,
      );
  }
  for (const m of modelTrace.values()) {
    if (m.type !== "sample" || m.isObserved) continue;
    const g = guideTrace.get(m.name);
    if (g === undefined || g.type !== "sample")
      throw new Error(
        `${who}: the guide has no sample site for the model's latent site '${m.name}' (guide sample sites: ${latentNames(guideTrace)})`,
      );
  }
}

function latentNames(tr: Trace): string {
  const names = [...tr.values()].filter((s) => s.type === "sample" && !s.isObserved).map((s) => `'${s.name}'`);
  return names.length === 0 ? "none" : names.join(", ");
}
