/**
 * Learning-rate schedules: functions from the step (the number of updates already applied,
 * starting at 0) to a value. Every optimiser's `learningRate` accepts one, and evaluates it
 * at `state.step` before each update, so the first update uses `schedule(0)` (as in optax).
 * @module
 */
import { boolean, finiteNumber, nonNegative, nonNegativeInteger, positive, positiveInteger } from "./validate.js";

/** A value as a function of the step count (0, 1, 2, ...). */
export type Schedule = (step: number) => number;

function checkStep(owner: string, step: number): number {
  if (typeof step !== "number" || !Number.isFinite(step) || step < 0)
    throw new Error(`${owner}: step must be a finite number >= 0, got ${String(step)}`);
  return step;
}

/** Boundaries must be strictly increasing integers > 0 so each one changes the value once. */
function checkBoundaries(owner: string, boundaries: readonly number[]): number[] {
  if (!Array.isArray(boundaries))
    throw new Error(`${owner}: boundaries must be an array of steps, got ${String(boundaries)}`);
  boundaries.forEach((b, i) => {
    positiveInteger(owner, `boundaries[${i}]`, b);
    if (i > 0 && b <= boundaries[i - 1]!)
      throw new Error(
        `${owner}: boundaries must be strictly increasing, got ${boundaries[i - 1]} then ${b} at index ${i}`,
      );
  });
  return boundaries.slice();
}

/** How many boundaries the step has reached (a boundary at `b` takes effect at step `b`). */
function boundariesPassed(boundaries: readonly number[], step: number): number {
  let k = 0;
  while (k < boundaries.length && boundaries[k]! <= step) k++;
  return k;
}

/** The same value at every step. */
export function constant(value: number): Schedule {
  const v = finiteNumber("constant", "value", value);
  return (step) => {
    checkStep("constant", step);
    return v;
  };
}

/** Options of {@link exponentialDecay}. */
export type ExponentialDecayOptions = {
  initialValue: number;
  /** Factor applied per `decaySteps` steps. */
  decayRate: number;
  decaySteps: number;
  /** Decay in whole periods (a staircase) rather than continuously. Default false. */
  staircase?: boolean;
};

/**
 * `initialValue · decayRate^(step / decaySteps)`, the exponent floored when `staircase`
 * (TensorFlow's ExponentialDecay, optax's exponential_decay).
 */
export function exponentialDecay({
  initialValue,
  decayRate,
  decaySteps,
  staircase = false,
}: ExponentialDecayOptions): Schedule {
  const owner = "exponentialDecay";
  const v0 = finiteNumber(owner, "initialValue", initialValue);
  const rate = positive(owner, "decayRate", decayRate);
  const period = positive(owner, "decaySteps", decaySteps);
  const stairs = boolean(owner, "staircase", staircase);
  return (step) => {
    const p = checkStep(owner, step) / period;
    return v0 * rate ** (stairs ? Math.floor(p) : p);
  };
}

/** Options of {@link stepDecay}. */
export type StepDecayOptions = {
  initialValue: number;
  /** Steps at which the value is multiplied by `factor`, strictly increasing. */
  boundaries: readonly number[];
  /** Multiplier applied at each boundary. Default 0.1. */
  factor?: number;
};

/**
 * Piecewise-constant decay: `initialValue · factor^k` where k is the number of boundaries
 * `<= step` (PyTorch's MultiStepLR with `gamma = factor`).
 */
export function stepDecay({ initialValue, boundaries, factor = 0.1 }: StepDecayOptions): Schedule {
  const owner = "stepDecay";
  const v0 = finiteNumber(owner, "initialValue", initialValue);
  const bs = checkBoundaries(owner, boundaries);
  const f = nonNegative(owner, "factor", factor);
  return (step) => v0 * f ** boundariesPassed(bs, checkStep(owner, step));
}

/** Options of {@link piecewiseConstant}. */
export type PiecewiseConstantOptions = {
  /** Steps at which the value changes, strictly increasing. */
  boundaries: readonly number[];
  /** One value per piece: `values[k]` holds from `boundaries[k-1]` up to `boundaries[k]`. */
  values: readonly number[];
};

/** Explicit piecewise-constant values: `values[k]` where k is the number of boundaries `<= step`. */
export function piecewiseConstant({ boundaries, values }: PiecewiseConstantOptions): Schedule {
  const owner = "piecewiseConstant";
  const bs = checkBoundaries(owner, boundaries);
  if (!Array.isArray(values) || values.length !== bs.length + 1)
    throw new Error(
      `${owner}: values must have boundaries.length + 1 = ${bs.length + 1} entries, got ${Array.isArray(values) ? values.length : String(values)}`,
    );
  const vs = values.map((v, i) => finiteNumber(owner, `values[${i}]`, v));
  return (step) => vs[boundariesPassed(bs, checkStep(owner, step))]!;
}

/** Options of {@link polynomialDecay}. */
export type PolynomialDecayOptions = {
  initialValue: number;
  /** Value reached at `decaySteps` and kept afterwards. Default 0. */
  endValue?: number;
  /** Exponent of the decay; 1 is linear. Default 1. */
  power?: number;
  decaySteps: number;
};

/**
 * `(initialValue − endValue) · (1 − min(step, decaySteps)/decaySteps)^power + endValue`
 * (TensorFlow's PolynomialDecay, optax's polynomial_schedule). With power 1 and
 * `endValue > initialValue` it is a linear ramp up.
 */
export function polynomialDecay({
  initialValue,
  endValue = 0,
  power = 1,
  decaySteps,
}: PolynomialDecayOptions): Schedule {
  const owner = "polynomialDecay";
  const v0 = finiteNumber(owner, "initialValue", initialValue);
  const v1 = finiteNumber(owner, "endValue", endValue);
  const k = positive(owner, "power", power);
  const n = positiveInteger(owner, "decaySteps", decaySteps);
  return (step) => {
    const remaining = 1 - Math.min(checkStep(owner, step), n) / n;
    return (v0 - v1) * remaining ** k + v1;
  };
}

/** Options of {@link cosineDecay}. */
export type CosineDecayOptions = {
  /** The peak value: at step 0, or at the end of the warm-up. */
  initialValue: number;
  /** Length of the cosine phase (after any warm-up). */
  decaySteps: number;
  /** Final value as a fraction of `initialValue`. Default 0. */
  alpha?: number;
  /** Linear warm-up from 0 to `initialValue` over this many steps before the decay. Default 0. */
  warmupSteps?: number;
};

/**
 * Cosine annealing without restarts (Loshchilov & Hutter 2017, SGDR):
 * `initialValue · ((1 − alpha) · ½(1 + cos(π · min(s, decaySteps)/decaySteps)) + alpha)`
 * with `s` the step counted from the end of the optional linear warm-up (Goyal et al. 2017).
 */
export function cosineDecay({ initialValue, decaySteps, alpha = 0, warmupSteps = 0 }: CosineDecayOptions): Schedule {
  const owner = "cosineDecay";
  const v0 = finiteNumber(owner, "initialValue", initialValue);
  const n = positiveInteger(owner, "decaySteps", decaySteps);
  const a = nonNegative(owner, "alpha", alpha);
  const warmup = nonNegativeInteger(owner, "warmupSteps", warmupSteps);
  const cosine: Schedule = (step) => {
    const s = Math.min(checkStep(owner, step), n) / n;
    return v0 * ((1 - a) * 0.5 * (1 + Math.cos(Math.PI * s)) + a);
  };
  return warmup === 0 ? cosine : linearWarmup(cosine, { warmupSteps: warmup });
}

/** Options of {@link linearWarmup}. */
export type LinearWarmupOptions = {
  /** Steps spent ramping up; the wrapped schedule starts after them. */
  warmupSteps: number;
  /** Value at step 0. Default 0. */
  startValue?: number;
};

/**
 * Linear warm-up (Goyal et al. 2017) in front of `schedule`: from `startValue` at step 0 to
 * `schedule(0)` at step `warmupSteps`, then `schedule(step − warmupSteps)`.
 */
export function linearWarmup(schedule: Schedule, { warmupSteps, startValue = 0 }: LinearWarmupOptions): Schedule {
  const owner = "linearWarmup";
  if (typeof schedule !== "function")
    throw new Error(`${owner}: schedule must be a function of the step, got ${String(schedule)}`);
  const n = nonNegativeInteger(owner, "warmupSteps", warmupSteps);
  const v0 = finiteNumber(owner, "startValue", startValue);
  return (step) => {
    if (checkStep(owner, step) >= n) return schedule(step - n);
    return v0 + (schedule(0) - v0) * (step / n);
  };
}
