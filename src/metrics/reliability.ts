/**
 * Reliability diagrams: equal-width confidence bins on [0, 1] with the mean confidence, the
 * observed frequency and the count in each — the data behind the plot and behind the ECE.
 */
import { checkBinary, checkLabels, checkNumBins, checkProbs, type Sample } from "./validate.js";

/**
 * Which side of a bin is closed. `"guo"`: bins (lo, hi], as in Guo et al. (2017), "On Calibration
 * of Modern Neural Networks", ICML — except that a confidence of exactly 0 joins the first bin, so
 * no example is dropped. `"loInclusive"`: bins [lo, hi), the last one [lo, 1].
 */
export type BinEdges = "guo" | "loInclusive";

/** Options for binning. */
export interface BinningOptions {
  /** Number of equal-width bins on [0, 1]; default 15 (Guo et al. 2017). */
  numBins?: number;
  /** Which side of each bin is closed; default `"guo"`. */
  binEdges?: BinEdges;
}

/** One bin of a reliability diagram. Empty bins have count 0 and null confidence and accuracy. */
export interface ReliabilityBin {
  /** Lower edge, `i / numBins`. */
  lo: number;
  /** Upper edge, `(i + 1) / numBins`. */
  hi: number;
  /** Examples in the bin. */
  count: number;
  /** Mean confidence (or mean predicted probability) of the bin's examples. */
  confidence: number | null;
  /** Fraction correct (or fraction positive) among the bin's examples. */
  accuracy: number | null;
}

/**
 * Index of the bin holding confidence `c` in [0, 1]. Edges are `i / numBins` (one correctly
 * rounded division each), not `i * (1 / numBins)`: with the latter 9 * (1/15) exceeds 0.6 and a
 * confidence of exactly 0.6 would change bins.
 */
export function binIndex(c: number, numBins: number, binEdges: BinEdges): number {
  let i = Math.min(numBins - 1, Math.max(0, Math.floor(c * numBins)));
  // The floor is only a first guess; the comparisons against the exact edges decide.
  if (binEdges === "guo") {
    while (i > 0 && c <= i / numBins) i--;
    while (i < numBins - 1 && c > (i + 1) / numBins) i++;
  } else {
    while (i > 0 && c < i / numBins) i--;
    while (i < numBins - 1 && c >= (i + 1) / numBins) i++;
  }
  return i;
}

/** Bin (confidence, hit) pairs; hit is 1 for a correct prediction (or a positive label), else 0. */
export function binPairs(
  confidence: ArrayLike<number>,
  hit: ArrayLike<number>,
  numBins: number,
  binEdges: BinEdges,
): ReliabilityBin[] {
  const count = new Array<number>(numBins).fill(0);
  const confSum = new Array<number>(numBins).fill(0);
  const hitSum = new Array<number>(numBins).fill(0);
  for (let i = 0; i < confidence.length; i++) {
    const b = binIndex(confidence[i]!, numBins, binEdges);
    count[b]!++;
    confSum[b]! += confidence[i]!;
    hitSum[b]! += hit[i]!;
  }
  return count.map((n, b) => ({
    lo: b / numBins,
    hi: (b + 1) / numBins,
    count: n,
    confidence: n > 0 ? confSum[b]! / n : null,
    accuracy: n > 0 ? hitSum[b]! / n : null,
  }));
}

/**
 * Top-label confidence and correctness per example: the largest class probability, and whether
 * its class (the first one on ties, as argmax does) is the label.
 */
export function topLabel(
  probs: ReadonlyArray<Sample>,
  labels: Sample,
): { confidence: Float64Array; hit: Float64Array } {
  const confidence = new Float64Array(probs.length);
  const hit = new Float64Array(probs.length);
  for (let i = 0; i < probs.length; i++) {
    const row = probs[i]!;
    let best = 0;
    for (let j = 1; j < row.length; j++) if (row[j]! > row[best]!) best = j;
    confidence[i] = row[best]!;
    hit[i] = best === labels[i] ? 1 : 0;
  }
  return { confidence, hit };
}

/**
 * Reliability diagram of a multiclass classifier from its top-label confidence (Guo et al. 2017).
 * @param probs - one row of class probabilities per example, each summing to 1
 * @param labels - the true class of each example, an integer in [0, classes)
 */
export function reliabilityDiagram(
  probs: ReadonlyArray<Sample>,
  labels: Sample,
  { numBins = 15, binEdges = "guo" }: BinningOptions = {},
): ReliabilityBin[] {
  checkNumBins("reliabilityDiagram", numBins);
  const k = checkProbs("reliabilityDiagram", probs);
  checkLabels("reliabilityDiagram", labels, probs.length, k);
  const { confidence, hit } = topLabel(probs, labels);
  return binPairs(confidence, hit, numBins, binEdges);
}

/**
 * Reliability diagram of a binary classifier: bins of the predicted probability of the positive
 * class, with the fraction of positive labels in each (scikit-learn's calibration_curve view).
 * @param pPositive - predicted probability that the label is 1
 * @param labels - 0 or 1
 */
export function reliabilityDiagramBinary(
  pPositive: Sample,
  labels: Sample,
  { numBins = 15, binEdges = "guo" }: BinningOptions = {},
): ReliabilityBin[] {
  checkNumBins("reliabilityDiagramBinary", numBins);
  checkBinary("reliabilityDiagramBinary", pPositive, labels);
  return binPairs(pPositive, labels, numBins, binEdges);
}
