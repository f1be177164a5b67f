/**
 * The common shape of every perturbation model object: type, frozen parameters, `apply`,
 * optional `logProb`, and a `toJSON` that gives the `{ type, params }` record the registry
 * rebuilds the model from.
 * @module
 */
import type { Key } from "../random/key.js";
import type { Tensor } from "../tensor/tensor.js";
import type { Perturbation, PerturbContext, PerturbationParams } from "./perturbation.js";

/** A perturbation model as stored in files and provenance records: `makePerturbation(type, params)` rebuilds it. */
export interface PerturbationJSON {
  /** Registered type name. */
  readonly type: string;
  /** The model's parameters. */
  readonly params: PerturbationParams;
}

/** A {@link Perturbation} that also serialises itself (`JSON.stringify(model)` gives its {@link PerturbationJSON}). */
export interface PerturbationModel extends Perturbation {
  /** `{ type, params }`, enough to rebuild the model with `makePerturbation`. */
  toJSON(): PerturbationJSON;
}

/**
 * Assemble a model object (for perturbation models defined elsewhere, e.g. learned ones): the
 * parameters are frozen so that the stored record cannot drift from the behaviour.
 */
export function definePerturbation(
  type: string,
  params: PerturbationParams,
  apply: (key: Key, clean: Tensor, context?: PerturbContext) => Tensor,
  logProb?: (perturbed: Tensor, clean: Tensor, context?: PerturbContext) => Tensor,
): PerturbationModel {
  const frozen = Object.freeze({ ...params });
  const model: PerturbationModel = {
    type,
    params: frozen,
    apply,
    toJSON: () => ({ type, params: frozen }),
  };
  if (logProb) (model as { logProb?: typeof logProb }).logProb = logProb;
  return Object.freeze(model);
}
