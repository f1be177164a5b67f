/**
 * The parameters SVI optimises: every `param` site of the guide and the model, stored on the
 * unconstrained scale (bijectTo(constraint)⁻¹ of the value) so that a plain gradient step
 * never leaves the constraint, and constrained again (differentiably) at each evaluation.
 * @module
 */
import type { Constraint } from "../../distributions/constraints.js";
import type { Trace } from "../../ppl/message.js";
import { replay, seed, trace } from "../../ppl/index.js";
import type { Model } from "../../ppl/potential-energy.js";
import { type Key, split } from "../../random/index.js";
import { formatShape, shapesEqual } from "../../tensor/shape.js";
import { type TensorLike, Tensor, asTensor } from "../../tensor/tensor.js";
import { bijectTo } from "../../transforms/index.js";
import { type Guide, checkSitesMatch } from "./guide-model-traces.js";

/** Initial parameter values and constraints, by param-site name. */
export interface ParamSites {
  readonly values: Record<string, Tensor>;
  readonly constraints: Record<string, Constraint>;
}

function addParams(tr: Trace, out: ParamSites): void {
  for (const site of tr.values()) {
    if (site.type !== "param") continue;
    out.values[site.name] = site.value!;
    out.constraints[site.name] = site.constraint!;
  }
}

/**
 * Run the guide (under `seed`) and the model replayed on it, collecting the initial values
 * and constraints of all their param sites, and checking that the guide samples exactly the
 * model's latent sites. `initValues` (constrained) override the programs' initial values.
 */
export function collectParams<A>(
  model: Model<A>,
  guide: Guide<A>,
  key: Key,
  args: A,
  initValues: Readonly<Record<string, TensorLike>> = {},
): ParamSites {
  const [guideKey, modelKey] = split(key);
  const { trace: guideTrace } = trace(seed(guide, guideKey!))(args);
  const { trace: modelTrace } = trace(replay(seed(model, modelKey!), guideTrace))(args);
  checkSitesMatch(guideTrace, modelTrace, "SVI.init");
  const sites: ParamSites = { values: {}, constraints: {} };
  addParams(guideTrace, sites);
  addParams(modelTrace, sites);
  for (const [name, v] of Object.entries(initValues)) {
    const current = sites.values[name];
    if (current === undefined)
      throw new Error(
        `SVI.init: initial value given for '${name}', which is not a param site of the guide or the model (params: ${Object.keys(sites.values).join(", ") || "none"})`,
      );
    const t = asTensor(v);
    if (!shapesEqual(t.shape, current.shape))
      throw new Error(
        `SVI.init: initial value of '${name}' has shape ${formatShape(t.shape)}, the param has shape ${formatShape(current.shape)}`,
      );
    sites.values[name] = t;
  }
  return sites;
}

/**
 * The unconstrained representation of each value; an error names a value outside its
 * constraint (whose unconstrained image would not be finite).
 */
export function unconstrainParams(
  values: Readonly<Record<string, Tensor>>,
  constraints: Readonly<Record<string, Constraint>>,
): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [name, v] of Object.entries(values)) {
    const c = constraints[name]!;
    const u = bijectTo(c).inverse(new Tensor(v.data, v.shape));
    const bad = u.data.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0 || !c.check(v))
      throw new Error(
        `SVI: param '${name}' has initial value ${compact(v)}, which is not in its constraint ${c.toString()} (or on its boundary)`,
      );
    out[name] = new Tensor(Float64Array.from(u.data), u.shape);
  }
  return out;
}

/** A short rendering of a value for messages: the numbers when few, else the shape. */
function compact(v: Tensor): string {
  if (v.size === 1) return String(v.data[0]);
  if (v.size <= 6) return `[${Array.from(v.data).join(", ")}]`;
  return `of shape ${formatShape(v.shape)} (first ${Array.from(v.data.slice(0, 3)).join(", ")}, ...)`;
}

/** The constrained values of unconstrained parameters (differentiable when they are tracked). */
export function constrainParams(
  unconstrained: Readonly<Record<string, Tensor>>,
  constraints: Readonly<Record<string, Constraint>>,
): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [name, u] of Object.entries(unconstrained)) {
    const c = constraints[name];
    if (c === undefined) throw new Error(`SVI: param '${name}' has no constraint in the state`);
    out[name] = bijectTo(c).forward(u);
  }
  return out;
}
