/**
 * One importance draw under each kind of proposal: the latent (and deterministic) site
 * values and the log-weight log p(θ, y) − log q(θ).
 * @module
 */
import { type Distribution, enableValidation } from "../../distributions/distribution.js";
import { ParameterError } from "../../distributions/validation.js";
import { siteLogProb } from "../../ppl/log-density.js";
import type { Message, Trace } from "../../ppl/message.js";
import type { Model, ModelPotential } from "../../ppl/potential-energy.js";
import { replay } from "../../ppl/handlers/replay.js";
import { seed } from "../../ppl/handlers/seed.js";
import { substitute } from "../../ppl/handlers/condition.js";
import { trace } from "../../ppl/handlers/trace.js";
import { type Key, split } from "../../random/index.js";
import { type TensorLike, Tensor } from "../../tensor/tensor.js";

/** The outcome of one draw. */
export interface ImportanceDraw {
  readonly values: Record<string, Tensor>;
  readonly logWeight: number;
}

const isLatent = (m: Message) => m.type === "sample" && !m.isObserved;

/** Values of the latent sample sites and deterministic sites of a trace, detached. */
function siteValues(tr: Trace): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const m of tr.values())
    if (isLatent(m) || m.type === "deterministic") out[m.name] = new Tensor(m.value!.data, m.value!.shape);
  return out;
}

function finite(logWeight: number, who: string, i: number, what: string): number {
  if (Number.isNaN(logWeight)) throw new Error(`${who}: the log-weight of draw ${i} is NaN (${what})`);
  return logWeight;
}

/**
 * The prior as proposal: run the model forward under `seed` (latent sites drawn from their
 * priors; observed sites keep their data and do not influence the draws), and weight by the
 * likelihood: the observed sites' log-densities and the factors. A latent site whose density
 * the model scales or masks contributes the difference to its plain prior density, so the
 * weight stays p̃(θ, y)/prior(θ) exactly.
 */
export function priorDraw<A>(model: Model<A>, args: A, key: Key, i: number, who: string): ImportanceDraw {
  const { trace: tr } = trace(seed(model, key))(args);
  let logWeight = 0;
  for (const m of tr.values()) {
    if (m.type === "factor" || (m.type === "sample" && m.isObserved)) logWeight += siteLogProb(m).data[0]!;
    else if (isLatent(m) && (m.scale !== 1 || m.mask !== null))
      logWeight += siteLogProb(m).data[0]! - m.fn!.logProb(m.value!).sum().data[0]!;
  }
  return { values: siteValues(tr), logWeight: finite(logWeight, who, i, "a likelihood term is NaN") };
}

/**
 * A guide as proposal: run `guide(args)` (its params fixed at `params`), then the model
 * replayed on the guide's draws; the weight is the model's joint log-density minus the
 * guide's. The guide must sample every latent site of the model.
 */
export function guideDraw<A>(
  model: Model<A>,
  guide: (args: A) => unknown,
  params: Readonly<Record<string, TensorLike>>,
  args: A,
  key: Key,
  i: number,
  who: string,
): ImportanceDraw {
  const [guideKey, modelKey] = split(key);
  const paramValue = (msg: Message) => (msg.type === "param" ? params[msg.name] : undefined);
  const { trace: guideTrace } = trace(substitute(seed(guide, guideKey!), paramValue))(args);
  const { trace: modelTrace } = trace(replay(seed(model, modelKey!), guideTrace))(args);
  let logWeight = 0;
  for (const m of modelTrace.values()) {
    if (isLatent(m) && guideTrace.get(m.name)?.type !== "sample")
      throw new Error(`${who}: the guide does not sample the model's latent site '${m.name}'`);
    if (m.type === "sample" || m.type === "factor") logWeight += siteLogProb(m).data[0]!;
  }
  for (const g of guideTrace.values()) if (g.type === "sample") logWeight -= siteLogProb(g).data[0]!;
  return {
    values: siteValues(modelTrace),
    logWeight: finite(logWeight, who, i, "a density in the model or guide is NaN"),
  };
}

/**
 * A distribution over the model's flat unconstrained vector as proposal: u ~ q, weight
 * −U(u) − log q(u), where U is the potential energy (Jacobians of the transforms included).
 * A draw that puts a distribution's parameter out of its domain has weight 0.
 */
export function flatDraw(mp: ModelPotential, u: Float64Array, logQ: number, i: number, who: string): ImportanceDraw {
  let potential: number;
  try {
    potential = mp.potentialTensor(new Tensor(u, [mp.dim])).data[0]!;
  } catch (e) {
    if (e instanceof ParameterError) return { values: constrainUnvalidated(mp, u), logWeight: -Infinity };
    throw e;
  }
  if (Number.isNaN(potential))
    throw new Error(`${who}: the potential of draw ${i} is NaN: ${mp.diagnose(u).join("; ")}`);
  return { values: mp.constrain(u), logWeight: finite(-potential - logQ, who, i, `log q = ${logQ}`) };
}

/**
 * The constrained values at u with parameter validation off: for a zero-weight draw whose
 * parameters are out of their domain, so that it still has values to stack.
 */
function constrainUnvalidated(mp: ModelPotential, u: Float64Array): Record<string, Tensor> {
  const previous = enableValidation(false);
  try {
    return mp.constrain(u);
  } finally {
    enableValidation(previous);
  }
}

/** Check a flat proposal's shape against the model's unconstrained dimension. */
export function checkFlatProposal(proposal: Distribution, dim: number, who: string): void {
  const s = proposal.shape();
  if (s.length !== 1 || s[0] !== dim)
    throw new Error(
      `${who}: a proposal distribution must be over the model's flat unconstrained vector of length ${dim}, got one of shape [${s.join(", ")}]`,
    );
}
