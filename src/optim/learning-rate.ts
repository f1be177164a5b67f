/**
 * An optimiser's learning rate: a fixed number or a {@link Schedule} of the step count.
 * @module
 */
import type { Schedule } from "./schedules.js";
import { positive } from "./validate.js";

/** A learning rate: a number > 0, or a schedule evaluated at the step count before each update. */
export type LearningRate = number | Schedule;

/** The `learningRate` option, checked: a number must be > 0; a schedule is checked when used. */
export function learningRateOption(owner: string, value: unknown): LearningRate {
  if (typeof value === "function") return value as Schedule;
  if (typeof value !== "number")
    throw new Error(`${owner}: learningRate must be a number > 0 or a schedule (step) => number, got ${String(value)}`);
  return positive(owner, "learningRate", value);
}

/**
 * The learning rate for the update after `step` updates. Schedules may reach 0 (the end of a
 * cosine decay) but never go negative or non-finite, which would silently ascend or poison
 * the parameters with NaN.
 */
export function learningRateAt(owner: string, learningRate: LearningRate, step: number): number {
  if (typeof learningRate === "number") return learningRate;
  const lr = learningRate(step);
  if (typeof lr !== "number" || !Number.isFinite(lr) || lr < 0)
    throw new Error(
      `${owner}: the learningRate schedule returned ${String(lr)} at step ${step}, expected a finite number >= 0`,
    );
  return lr;
}
