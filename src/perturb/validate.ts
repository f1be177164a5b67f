/**
 * Parameter and input checks shared by the perturbation models. Parameters usually arrive from
 * JSON (a data-set file, a provenance record, a CLI flag), so every check works on `unknown`
 * values and every message names the model, the parameter and the offending value.
 * @module
 */
import { checkKey, type Key } from "../random/key.js";
import { Tensor } from "../tensor/tensor.js";
import type { PerturbContext } from "./perturbation.js";

/** A parameter that is one number for every dimension, or one number per dimension. */
export type ScalarOrPerDim = number | readonly number[];

/** Bounds for {@link checkScalarOrPerDim} and {@link checkNumber}. */
export interface NumberBounds {
  /** Smallest allowed value (inclusive unless `minExclusive`). */
  readonly min?: number;
  /** Largest allowed value (inclusive). */
  readonly max?: number;
  /** Exclude `min` itself (`> min` instead of `>= min`). */
  readonly minExclusive?: boolean;
}

function describe(v: unknown): string {
  if (typeof v === "number") return String(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v;
}

function boundsText(b: NumberBounds): string {
  const lo = b.min === undefined ? "" : `${b.minExclusive ? ">" : ">="} ${b.min}`;
  if (b.max !== undefined && b.min !== undefined && !b.minExclusive) return `in [${b.min}, ${b.max}]`;
  if (b.max !== undefined && b.min !== undefined) return `in (${b.min}, ${b.max}]`;
  if (b.max !== undefined) return `<= ${b.max}`;
  return lo;
}

function within(v: number, b: NumberBounds): boolean {
  if (b.min !== undefined && (b.minExclusive ? !(v > b.min) : !(v >= b.min))) return false;
  if (b.max !== undefined && !(v <= b.max)) return false;
  return true;
}

/**
 * A finite number within `bounds`, or an error such as `fgsm: epsilon must be >= 0, got -0.1`.
 * @internal
 */
export function checkNumber(where: string, name: string, value: unknown, bounds: NumberBounds = {}): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    const what = boundsText(bounds);
    throw new Error(`${where}: ${name} must be a finite number${what ? ` ${what}` : ""}, got ${describe(value)}`);
  }
  if (!within(value, bounds)) throw new Error(`${where}: ${name} must be ${boundsText(bounds)}, got ${value}`);
  return value;
}

/** An integer within `bounds`. @internal */
export function checkInteger(where: string, name: string, value: unknown, bounds: NumberBounds = {}): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value))
    throw new Error(`${where}: ${name} must be an integer ${boundsText(bounds)}, got ${describe(value)}`);
  return checkNumber(where, name, value, bounds);
}

/** A boolean. @internal */
export function checkBoolean(where: string, name: string, value: unknown): boolean {
  if (typeof value !== "boolean") throw new Error(`${where}: ${name} must be true or false, got ${describe(value)}`);
  return value;
}

/** One of the listed strings. @internal */
export function checkChoice<T extends string>(where: string, name: string, value: unknown, choices: readonly T[]): T {
  if (typeof value !== "string" || !(choices as readonly string[]).includes(value))
    throw new Error(
      `${where}: ${name} must be one of ${choices.map((c) => `"${c}"`).join(", ")}, got ${describe(value)}`,
    );
  return value as T;
}

/**
 * A number, or a non-empty array of numbers, each within its bounds (`scalarBounds` for the
 * single number, `entryBounds` for array entries). Returns a frozen copy of an array, so later
 * edits of the caller's array cannot change the model.
 * @internal
 */
export function checkScalarOrPerDim(
  where: string,
  name: string,
  value: unknown,
  scalarBounds: NumberBounds,
  entryBounds: NumberBounds = scalarBounds,
): ScalarOrPerDim {
  if (typeof value === "number") return checkNumber(where, name, value, scalarBounds);
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const arr = Array.from(value as ArrayLike<unknown>);
    if (arr.length === 0) throw new Error(`${where}: ${name} must not be an empty array`);
    return Object.freeze(arr.map((v, i) => checkNumber(where, `${name}[${i}]`, v, entryBounds)));
  }
  throw new Error(
    `${where}: ${name} must be a number or an array of numbers (one per dimension), got ${describe(value)}`,
  );
}

/**
 * A scalar-or-per-dimension parameter expanded to `d` values, or an error when an array's
 * length differs from the number of observation dimensions.
 * @internal
 */
export function perDim(where: string, name: string, value: ScalarOrPerDim, d: number): Float64Array {
  if (typeof value === "number") return new Float64Array(d).fill(value);
  if (value.length !== d)
    throw new Error(`${where}: ${name} has ${value.length} entries but the observations have ${d} dimensions`);
  return Float64Array.from(value);
}

/** Throw on parameter names the model does not know (a typo such as `sd` for `std`). @internal */
export function checkKnownKeys(where: string, params: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (typeof params !== "object" || params === null || Array.isArray(params))
    throw new Error(`${where}: parameters must be an object, got ${describe(params)}`);
  for (const k of Object.keys(params))
    if (!allowed.includes(k))
      throw new Error(`${where}: unknown parameter "${k}"; valid: ${allowed.length ? allowed.join(", ") : "(none)"}`);
  return params as Record<string, unknown>;
}

/**
 * Check a `[N, D]` batch of finite clean observations and return `[N, D]`.
 * @internal
 */
export function checkBatch(where: string, what: string, x: unknown): [number, number] {
  if (!(x instanceof Tensor)) throw new Error(`${where}: ${what} must be a Tensor of shape [N, D], got ${describe(x)}`);
  if (x.ndim !== 2) throw new Error(`${where}: ${what} must have shape [N, D], got [${x.shape.join(", ")}]`);
  const [n, d] = x.shape as [number, number];
  const data = x.data;
  for (let i = 0; i < data.length; i++)
    if (!Number.isFinite(data[i]!))
      throw new Error(`${where}: ${what} must be finite, got ${data[i]} at row ${Math.floor(i / d)}, column ${i % d}`);
  return [n, d];
}

/** Check the key and the clean batch of an `apply` call; returns `[N, D]`. @internal */
export function checkApply(where: string, k: Key, clean: unknown): [number, number] {
  checkKey(k, where);
  return checkBatch(where, "clean observations", clean);
}

/**
 * Check the two batches of a `logProb` call (same shape); returns `[N, D]`. The perturbed batch
 * is data and must be finite; the clean batch is the latent state during inference, so only its
 * shape is checked: a sampler that wanders to a non-finite state gets a NaN log-density (which
 * samplers treat as a divergence) rather than an exception in the middle of a trajectory.
 * @internal
 */
export function checkLogProb(where: string, perturbed: unknown, clean: unknown): [number, number] {
  const [n, d] = checkBatch(`${where}.logProb`, "perturbed observations", perturbed);
  if (!(clean instanceof Tensor) || clean.ndim !== 2)
    throw new Error(
      `${where}.logProb: clean observations must be a Tensor of shape [N, D], got ${
        clean instanceof Tensor ? `[${clean.shape.join(", ")}]` : describe(clean)
      }`,
    );
  const [n2, d2] = clean.shape as [number, number];
  if (n !== n2 || d !== d2)
    throw new Error(`${where}.logProb: perturbed has shape [${n}, ${d}] but clean has shape [${n2}, ${d2}]`);
  return [n, d];
}

/**
 * The integer array `context[name]` of length `n` (episode or step indices), or an error
 * saying that this model needs it.
 * @internal
 */
export function contextIndices(
  where: string,
  context: PerturbContext | undefined,
  name: "episode" | "step",
  n: number,
): Int32Array {
  const v = context?.[name];
  if (v === undefined)
    throw new Error(
      `${where}: context.${name} is required (an Int32Array of length N = ${n} giving each row's ${name})`,
    );
  if (!(v instanceof Int32Array))
    throw new Error(`${where}: context.${name} must be an Int32Array, got ${describe(v)}`);
  if (v.length !== n)
    throw new Error(`${where}: context.${name} has length ${v.length} but the batch has N = ${n} rows`);
  return v;
}
