/**
 * Argument validation shared by every distribution: parameter constraints checked with
 * messages that name the distribution, the parameter, the offending value and its index
 * (`Normal: scale must be > 0, got -1 at index 3`), and value checks for logProb.
 * @module
 */
import { formatShape, stridesOf } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import type { Constraint } from "./constraints.js";

/**
 * A distribution parameter outside its domain (e.g. a scale of 0 or +∞). Its own class so
 * that samplers can tell "this proposal makes the model invalid" (a point of zero density,
 * rejected) from programming errors (which must stop the run).
 */
export class ParameterError extends Error {
  override readonly name = "ParameterError";
}

/** Human wording of a constraint for error messages ("> 0", "in [0, 1]", ...). */
export function describeConstraint(c: Constraint): string {
  switch (c.kind) {
    case "real":
      return "a finite number";
    case "realVector":
      return "a vector of finite numbers";
    case "positive":
      return "> 0";
    case "nonnegative":
      return ">= 0";
    case "greaterThan":
      return `> ${c.lower}`;
    case "lessThan":
      return `< ${c.upper}`;
    case "interval":
    case "unitInterval":
      return `in [${c.lower}, ${c.upper}]`;
    case "boolean":
      return "0 or 1";
    case "integer":
      return "an integer";
    case "nonnegativeInteger":
      return "a non-negative integer";
    case "integerInterval":
      return `an integer in [${c.lower}, ${c.upper}]`;
    case "simplex":
      return "a probability vector (non-negative entries summing to 1)";
    case "orderedVector":
      return "a strictly increasing vector";
    case "lowerCholesky":
      return "lower-triangular with a positive diagonal";
    case "corrCholesky":
      return "the Cholesky factor of a correlation matrix";
    case "positiveDefinite":
      return "a symmetric positive-definite matrix";
  }
}

/** A flat index written as the multi-index of `shape` (`3`, or `[1, 2]` for matrices). */
export function formatIndex(flat: number, shape: readonly number[]): string {
  if (shape.length <= 1) return String(flat);
  const strides = stridesOf(shape);
  const idx: number[] = [];
  let rem = flat;
  for (let d = 0; d < shape.length; d++) {
    const i = Math.floor(rem / strides[d]!);
    rem -= i * strides[d]!;
    idx.push(i);
  }
  return formatShape(idx);
}

/**
 * Throw unless every element (or event) of `t` satisfies `constraint`. The fast path is one
 * call of the constraint's own check; only on failure are elements examined one at a time
 * to name the first offender.
 */
export function checkParam(dist: string, name: string, t: Tensor, constraint: Constraint): void {
  if (constraint.check(t)) return;
  const desc = describeConstraint(constraint);
  const ed = constraint.eventDim;
  if (ed === 0) {
    const d = t.data;
    const one = new Float64Array(1);
    const probe = new Tensor(one, []);
    for (let i = 0; i < d.length; i++) {
      one[0] = d[i]!;
      if (constraint.check(probe)) continue;
      const v = d[i]!;
      // "> 0" alone would be a confusing complaint about +Infinity
      const finite = Number.isFinite(v) || constraint.kind === "real" ? "" : " and finite";
      const where = t.ndim === 0 ? "" : ` at index ${formatIndex(i, t.shape)}`;
      throw new ParameterError(`${dist}: ${name} must be ${desc}${finite}, got ${v}${where}`);
    }
    throw new ParameterError(`${dist}: ${name} must be ${desc}`);
  }
  if (t.ndim < ed)
    throw new Error(`${dist}: ${name} must have at least ${ed} dimension(s), got shape ${formatShape(t.shape)}`);
  const eventShape = t.shape.slice(t.ndim - ed);
  const batchShape = t.shape.slice(0, t.ndim - ed);
  let eventSize = 1;
  for (const e of eventShape) eventSize *= e;
  const nEvents = eventSize === 0 ? 0 : t.size / eventSize;
  for (let b = 0; b < nEvents; b++) {
    const ev = new Tensor(t.data.subarray(b * eventSize, (b + 1) * eventSize), eventShape);
    if (constraint.check(ev)) continue;
    const shown = JSON.stringify(ev.toArray());
    const where = batchShape.length === 0 ? "" : ` at batch index ${formatIndex(b, batchShape)}`;
    throw new ParameterError(`${dist}: ${name} must be ${desc}, got ${shown}${where}`);
  }
  throw new ParameterError(`${dist}: ${name} must be ${desc}`);
}

/** Throw if `t` holds a NaN: a NaN value would otherwise turn into a silent NaN log-density. */
export function checkNotNaN(dist: string, what: string, t: Tensor): void {
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    if (d[i] !== d[i]) {
      const where = t.ndim === 0 ? "" : ` at index ${formatIndex(i, t.shape)}`;
      throw new Error(`${dist}: ${what} must not be NaN, got NaN${where}`);
    }
  }
}

/** Throw unless every element of `q` is a probability in [0, 1] (for icdf). */
export function checkProbabilities(dist: string, method: string, q: Tensor): void {
  const d = q.data;
  for (let i = 0; i < d.length; i++) {
    const v = d[i]!;
    if (!(v >= 0 && v <= 1)) {
      const where = q.ndim === 0 ? "" : ` at index ${formatIndex(i, q.shape)}`;
      throw new Error(`${dist}.${method}: q must be in [0, 1], got ${v}${where}`);
    }
  }
}
