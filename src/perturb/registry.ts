/**
 * Perturbation models by name: build one from a `{ type, params }` record (a data-set file's
 * attributes, a provenance record, a CLI flag or an HTTP request) and write it back.
 * @module
 */
import { fgsm, pgd, type FgsmOptions, type PgdOptions } from "./adversarial.js";
import { biasDrift, type BiasDriftOptions } from "./bias-drift.js";
import { boundedUniform, type BoundedUniformOptions } from "./bounded-uniform.js";
import { compose } from "./compose.js";
import type { PerturbationJSON, PerturbationModel } from "./define.js";
import { sensorDropout, type DropoutOptions } from "./dropout.js";
import { gaussianNoise, type GaussianOptions } from "./gaussian.js";
import type { Perturbation } from "./perturbation.js";
import { quantisation, type QuantisationOptions } from "./quantisation.js";
import { saltAndPepper, type SaltAndPepperOptions } from "./salt-and-pepper.js";
import { checkKnownKeys } from "./validate.js";

type Factory = (params: object) => PerturbationModel;

/** Parts of a composition: an array of `{ type, params }` records, or the JSON text `compose` stores. */
function composeFromParams(params: object): PerturbationModel {
  const o = checkKnownKeys("compose", params, ["parts"]);
  let parts: unknown = o.parts;
  if (typeof parts === "string") {
    try {
      parts = JSON.parse(parts);
    } catch (e) {
      throw new Error(`compose: parts is a string but not valid JSON (${(e as Error).message})`);
    }
  }
  if (!Array.isArray(parts) || parts.length === 0)
    throw new Error("compose: parts must be a non-empty array of { type, params } records");
  return compose(
    parts.map((p, i) => {
      try {
        return perturbationFromJSON(p as PerturbationJSON);
      } catch (e) {
        throw new Error(`compose: parts[${i}]: ${(e as Error).message}`);
      }
    }),
  );
}

const FACTORIES: Readonly<Record<string, Factory>> = Object.freeze({
  gaussian: (p) => gaussianNoise(p as GaussianOptions),
  "salt-and-pepper": (p) => saltAndPepper(p as SaltAndPepperOptions),
  "bounded-uniform": (p) => boundedUniform(p as BoundedUniformOptions),
  dropout: (p) => sensorDropout(p as DropoutOptions),
  "bias-drift": (p) => biasDrift(p as BiasDriftOptions),
  quantisation: (p) => quantisation(p as QuantisationOptions),
  fgsm: (p) => fgsm(p as FgsmOptions),
  pgd: (p) => pgd(p as PgdOptions),
  compose: composeFromParams,
});

/** Every registered perturbation type name, in the order the registry lists them. */
export const perturbationTypes: readonly string[] = Object.freeze(Object.keys(FACTORIES));

/**
 * Build a perturbation model from its type name and parameters, e.g.
 * `makePerturbation("gaussian", { std: 0.1 })` or
 * `makePerturbation("compose", { parts: [{ type: "bias-drift", params: { driftStd: 0.01 } }, { type: "quantisation", params: { step: 0.05 } }] })`.
 * Parameters are validated by the model's factory (unknown names are errors).
 */
export function makePerturbation(type: string, params: object = {}): PerturbationModel {
  if (typeof type !== "string" || !Object.prototype.hasOwnProperty.call(FACTORIES, type))
    throw new Error(`unknown perturbation "${String(type)}"; valid: ${perturbationTypes.join(", ")}`);
  return FACTORIES[type]!(params);
}

/** The `{ type, params }` record of a model (what `JSON.stringify(model)` writes). */
export function perturbationToJSON(p: Perturbation): PerturbationJSON {
  return { type: p.type, params: p.params };
}

/** Rebuild a model from a `{ type, params }` record or its JSON text. */
export function perturbationFromJSON(json: PerturbationJSON | string): PerturbationModel {
  let rec: unknown = json;
  if (typeof json === "string") {
    try {
      rec = JSON.parse(json);
    } catch (e) {
      throw new Error(`perturbationFromJSON: not valid JSON (${(e as Error).message})`);
    }
  }
  if (typeof rec !== "object" || rec === null || typeof (rec as PerturbationJSON).type !== "string")
    throw new Error("perturbationFromJSON: expected an object { type: string, params: object }");
  const { type, params } = rec as PerturbationJSON;
  return makePerturbation(type, params ?? {});
}
