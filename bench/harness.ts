/**
 * Timing: warm up, then time batches of calls until a time budget is spent. Samples from
 * several passes over all libraries are pooled before the median is taken, so a change in
 * the machine's load during the run (other processes competing for the cores) spreads over
 * every cell instead of penalising whichever cell it happened to coincide with. Batching
 * keeps the clock's resolution and overhead out of microsecond-scale measurements.
 * @module
 */

/** The raw samples of one cell, possibly pooled over several passes. */
export interface Samples {
  /** Wall time per call of each sample, µs. */
  times: number[];
  /** CPU time (user + system) of this process per call of each sample, µs. */
  cpuTimes: number[];
  /** Calls per sample (of the last pass). */
  callsPerSample: number;
}

/** One measured cell. */
export interface Timing {
  /** Median over samples of the mean time per call within a sample, in microseconds. */
  medianUs: number;
  p10Us: number;
  p90Us: number;
  /** Number of timed samples. */
  samples: number;
  /** Calls per sample. */
  callsPerSample: number;
  /**
   * Median CPU time (user + system) of this process per call, in microseconds (every library
   * measured here runs single-threaded, so it is comparable across them).
   */
  cpuMedianUs: number;
}

export interface MeasureOptions {
  /** Time spent warming up (JIT tiering, caches) before measuring, in ms. */
  warmupMs?: number;
  /** Time budget for the timed samples, in ms. */
  budgetMs?: number;
  /** Target duration of one sample, in ms (a sample runs as many calls as fit). */
  sampleMs?: number;
  minSamples?: number;
  maxSamples?: number;
}

const nowMs = (): number => performance.now();

function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Sample `fn` (which must do all its work synchronously, results read back into JS). */
export function measure(fn: () => unknown, options: MeasureOptions = {}): Samples {
  const { warmupMs = 300, budgetMs = 1000, sampleMs = 5, minSamples = 10, maxSamples = 200 } = options;
  // warm-up, counting calls to size the samples
  let calls = 0;
  const w0 = nowMs();
  do {
    fn();
    calls++;
  } while (nowMs() - w0 < warmupMs || calls < 3);
  const perCall = (nowMs() - w0) / calls;
  const callsPerSample = Math.max(1, Math.round(sampleMs / perCall));
  const times: number[] = [];
  const cpuTimes: number[] = [];
  const t0 = nowMs();
  while (times.length < maxSamples && (times.length < minSamples || nowMs() - t0 < budgetMs)) {
    const c = process.cpuUsage();
    const s = nowMs();
    for (let i = 0; i < callsPerSample; i++) fn();
    times.push(((nowMs() - s) * 1000) / callsPerSample);
    const cu = process.cpuUsage(c);
    cpuTimes.push((cu.user + cu.system) / callsPerSample);
  }
  return { times, cpuTimes, callsPerSample };
}

/** Add `more` to `pooled` (from another pass over the same cell). */
export function pool(pooled: Samples | undefined, more: Samples): Samples {
  if (pooled === undefined)
    return { times: more.times.slice(), cpuTimes: more.cpuTimes.slice(), callsPerSample: more.callsPerSample };
  pooled.times.push(...more.times);
  pooled.cpuTimes.push(...more.cpuTimes);
  pooled.callsPerSample = more.callsPerSample;
  return pooled;
}

/** Median and spread of pooled samples. */
export function summarise(s: Samples): Timing {
  const times = s.times.slice().sort((a, b) => a - b);
  const cpu = s.cpuTimes.slice().sort((a, b) => a - b);
  return {
    medianUs: quantile(times, 0.5),
    p10Us: quantile(times, 0.1),
    p90Us: quantile(times, 0.9),
    samples: times.length,
    callsPerSample: s.callsPerSample,
    cpuMedianUs: quantile(cpu, 0.5),
  };
}
