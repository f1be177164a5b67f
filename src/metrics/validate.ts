/**
 * Input checks shared by the metrics. Each names the metric and the offending value, so bad
 * input fails loudly instead of surfacing later as a NaN.
 */

/** A 1-D sample: a plain array or a typed array of numbers. */
export type Sample = ArrayLike<number>;

/** Copy a 1-D sample into a Float64Array, rejecting empty input and non-finite values. */
export function finiteSample(what: string, name: string, x: Sample): Float64Array {
  if (x.length === 0) throw new Error(`${what}: ${name} is empty`);
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    if (typeof v !== "number" || !Number.isFinite(v))
      throw new Error(`${what}: ${name}[${i}] is ${v}, expected a finite number`);
    out[i] = v;
  }
  return out;
}

/**
 * Check optional weights against their sample: same length, finite, non-negative, positive sum.
 * Returns null when no weights were given (meaning equal weights).
 */
export function sampleWeights(what: string, name: string, w: Sample | undefined, n: number): Float64Array | null {
  if (w === undefined) return null;
  if (w.length !== n) throw new Error(`${what}: ${name} has length ${w.length}, expected ${n} (one per point)`);
  const out = finiteSample(what, name, w);
  let total = 0;
  for (let i = 0; i < n; i++) {
    if (out[i]! < 0) throw new Error(`${what}: ${name}[${i}] is ${out[i]}, expected >= 0`);
    total += out[i]!;
  }
  if (!(total > 0)) throw new Error(`${what}: ${name} sum to ${total}, expected a positive total`);
  return out;
}

/** Check class labels: integers in [0, numClasses), one per example. */
export function checkLabels(what: string, labels: Sample, n: number, numClasses: number): void {
  if (labels.length !== n)
    throw new Error(`${what}: labels has length ${labels.length}, expected ${n} (one per example)`);
  for (let i = 0; i < n; i++) {
    const y = labels[i]!;
    if (!Number.isInteger(y) || y < 0 || y >= numClasses) {
      throw new Error(`${what}: labels[${i}] is ${y}, expected an integer in [0, ${numClasses})`);
    }
  }
}

/** Absolute tolerance on a probability row's sum: loose enough for float32-rounded softmax outputs. */
const ROW_SUM_TOLERANCE = 1e-6;

/**
 * Check a matrix of class probabilities: at least one row, equal row lengths, entries in [0, 1],
 * rows summing to 1 (within 1e-6). Returns the number of classes.
 */
export function checkProbs(what: string, probs: ReadonlyArray<Sample>): number {
  if (probs.length === 0) throw new Error(`${what}: probs has no rows`);
  const k = probs[0]!.length;
  if (k === 0) throw new Error(`${what}: probs row 0 is empty`);
  for (let i = 0; i < probs.length; i++) {
    const row = probs[i]!;
    if (row.length !== k) throw new Error(`${what}: probs row ${i} has ${row.length} entries, expected ${k}`);
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const p = row[j]!;
      if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
        throw new Error(`${what}: probs[${i}][${j}] is ${p}, expected a probability in [0, 1]`);
      }
      sum += p;
    }
    if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) throw new Error(`${what}: probs row ${i} sums to ${sum}, expected 1`);
  }
  return k;
}

/** Check binary probabilities of the positive class and 0/1 labels. */
export function checkBinary(what: string, pPositive: Sample, labels: Sample): void {
  if (pPositive.length === 0) throw new Error(`${what}: pPositive is empty`);
  for (let i = 0; i < pPositive.length; i++) {
    const p = pPositive[i]!;
    if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
      throw new Error(`${what}: pPositive[${i}] is ${p}, expected a probability in [0, 1]`);
    }
  }
  checkLabels(what, labels, pPositive.length, 2);
}

/** Check a bin count: a positive integer. */
export function checkNumBins(what: string, numBins: number): void {
  if (!Number.isInteger(numBins) || numBins < 1)
    throw new Error(`${what}: numBins is ${numBins}, expected a positive integer`);
}
