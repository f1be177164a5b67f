/**
 * Stan's windowed warmup schedule: a fast initial buffer (step size only), a series of slow
 * windows doubling in length in which the metric is estimated, and a fast terminal buffer.
 * Defaults 75 / 25 / 50, shrunk to 15% / 75% / 10% of warmup when warmup is too short, as in
 * Stan's reference manual ("HMC algorithm parameters: Automatic parameter tuning").
 * @module
 */

export interface AdaptationScheduleOptions {
  initBuffer?: number;
  baseWindow?: number;
  termBuffer?: number;
}

/** Half-open iteration ranges [start, end) of the slow (metric) windows. */
export interface AdaptationSchedule {
  readonly numWarmup: number;
  readonly windows: readonly { start: number; end: number }[];
}

export function adaptationSchedule(
  numWarmup: number,
  { initBuffer = 75, baseWindow = 25, termBuffer = 50 }: AdaptationScheduleOptions = {},
): AdaptationSchedule {
  if (!Number.isInteger(numWarmup) || numWarmup < 0)
    throw new Error(`adaptation schedule: numWarmup must be a non-negative integer, got ${numWarmup}`);
  // Too short to learn a metric: Stan adapts the step size only.
  if (numWarmup < 20) return { numWarmup, windows: [] };
  if (initBuffer + baseWindow + termBuffer > numWarmup) {
    initBuffer = Math.floor(0.15 * numWarmup);
    termBuffer = Math.floor(0.1 * numWarmup);
    baseWindow = numWarmup - (initBuffer + termBuffer);
  }
  const slowEnd = numWarmup - termBuffer;
  const windows: { start: number; end: number }[] = [];
  let start = initBuffer;
  let size = baseWindow;
  while (start < slowEnd) {
    let end = start + size;
    // If the window after this one would not fit, this one absorbs the rest of the slow phase.
    if (end + 2 * size > slowEnd) end = slowEnd;
    windows.push({ start, end });
    start = end;
    size *= 2;
  }
  return { numWarmup, windows };
}
