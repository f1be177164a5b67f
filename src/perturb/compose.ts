/**
 * Composition of perturbation models: the output of one is the input of the next.
 * @module
 */
import { split } from "../random/index.js";
import type { Tensor } from "../tensor/tensor.js";
import { definePerturbation, type PerturbationJSON, type PerturbationModel } from "./define.js";
import type { Perturbation } from "./perturbation.js";
import { checkApply } from "./validate.js";

const WHERE = "compose";

function checkPart(p: unknown, i: number): Perturbation {
  const q = p as Partial<Perturbation> | null;
  if (
    typeof q !== "object" ||
    q === null ||
    typeof q.type !== "string" ||
    typeof q.apply !== "function" ||
    typeof q.params !== "object"
  )
    throw new Error(`${WHERE}: parts[${i}] is not a perturbation model (an object with type, params and apply)`);
  return q as Perturbation;
}

/**
 * Apply `parts` in order (e.g. bias drift, then Gaussian noise, then quantisation): part i
 * gets the i-th child of `split(key, parts.length)` and the output of part i − 1, and every
 * part gets the same context. `params.parts` is the JSON text of the parts' `{ type, params }`
 * records (perturbation parameters are flat records of numbers and strings, so the nested list
 * is stored as text; `makePerturbation("compose", params)` reads it back).
 *
 * `logProb` exists only for a single part that has one: the density of a composition is a
 * convolution of the parts' kernels, which has no closed form in general.
 */
export function compose(parts: readonly Perturbation[]): PerturbationModel {
  if (!Array.isArray(parts) || parts.length === 0)
    throw new Error(`${WHERE}: parts must be a non-empty array of perturbation models`);
  const ps = Object.freeze(parts.map(checkPart));
  const records: PerturbationJSON[] = ps.map((p) => ({ type: p.type, params: p.params }));
  const apply = (
    k: Parameters<Perturbation["apply"]>[0],
    clean: Tensor,
    context?: Parameters<Perturbation["apply"]>[2],
  ) => {
    checkApply(WHERE, k, clean);
    const keys = split(k, ps.length);
    let x = clean;
    for (let i = 0; i < ps.length; i++) x = ps[i]!.apply(keys[i]!, x, context);
    return x;
  };
  const only = ps.length === 1 ? ps[0]! : undefined;
  const logProb = only?.logProb ? only.logProb.bind(only) : undefined;
  return definePerturbation(WHERE, { parts: JSON.stringify(records) }, apply, logProb);
}
