import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "../helpers/assert.js";
import {
  expectedCalibrationError,
  expectedCalibrationErrorBinary,
  reliabilityDiagram,
  reliabilityDiagramBinary,
} from "../../src/metrics/index.js";
import { reference } from "./referenceValues.js";

const { probs, labels, binary } = reference.calibration;

test("ECE matches the reference with 3 bins", () => {
  assertClose(expectedCalibrationError(probs, labels, { numBins: 3 }), reference.calibration.ece_3_bins);
});

test("ECE with 15 bins: Guo (lo, hi] bins by default, [lo, hi) on request", () => {
  assertClose(expectedCalibrationError(probs, labels), reference.calibration.ece_15_bins_guo);
  assertClose(expectedCalibrationError(probs, labels, { binEdges: "guo" }), reference.calibration.ece_15_bins_guo);
  assertClose(
    expectedCalibrationError(probs, labels, { binEdges: "loInclusive" }),
    reference.calibration.ece_15_bins_lo_inclusive,
  );
});

test("binary ECE bins the positive-class probability against the fraction positive", () => {
  assertClose(expectedCalibrationErrorBinary(binary.p_positive, binary.labels, { numBins: 2 }), binary.ece_2_bins);
  // The fixture agrees with top-label binning too; this case tells them apart. Positive-class bins:
  // |0.2 - 0| / 2 + |0.8 - 0| / 2 = 0.5. Top-label confidence would give |0.8 - 0.5| = 0.3.
  assertClose(expectedCalibrationErrorBinary([0.2, 0.8], [0, 0], { numBins: 2 }), 0.5);
});

test("reliability diagram: per-bin confidence, accuracy and count", () => {
  const bins = reliabilityDiagram(probs, labels, { numBins: 3 });
  assert.equal(bins.length, 3);
  assert.deepEqual(
    bins.map((b) => b.count),
    [0, 3, 1],
  );
  assert.equal(bins[0]!.confidence, null);
  assert.equal(bins[0]!.accuracy, null);
  assertClose(bins[1]!.confidence!, (0.55 + 0.55 + 0.6) / 3);
  assertClose(bins[1]!.accuracy!, 1 / 3);
  assertClose([bins[2]!.confidence!, bins[2]!.accuracy!], [0.9, 1]);
  assertClose([bins[1]!.lo, bins[1]!.hi], [1 / 3, 2 / 3]);
});

test("bin edges are exact: 0.6 with 15 bins sits on an edge", () => {
  const guo = reliabilityDiagramBinary([0.6], [1], { numBins: 15 });
  const lo = reliabilityDiagramBinary([0.6], [1], { numBins: 15, binEdges: "loInclusive" });
  assert.equal(
    guo.findIndex((b) => b.count === 1),
    8,
  );
  assert.equal(
    lo.findIndex((b) => b.count === 1),
    9,
  );
  // The ends: 0 joins the first bin under Guo's convention, 1 the last under [lo, hi).
  assert.equal(reliabilityDiagramBinary([0], [0], { numBins: 4 })[0]!.count, 1);
  assert.equal(reliabilityDiagramBinary([1], [1], { numBins: 4, binEdges: "loInclusive" })[3]!.count, 1);
});

test("a perfectly calibrated forecast has ECE 0", () => {
  const p = [0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75];
  const y = [1, 0, 0, 0, 1, 1, 1, 0];
  assert.equal(expectedCalibrationErrorBinary(p, y, { numBins: 10 }), 0);
});

test("calibration input errors name the value", () => {
  assert.throws(
    () =>
      expectedCalibrationError(
        [
          [0.5, 0.5],
          [0.9, 0.4],
          [1, 0],
        ],
        [0, 1, 0],
      ),
    /ece: probs row 1 sums to 1\.3.*expected 1/,
  );
  assert.throws(() => expectedCalibrationError([[0.5, 0.5]], [2]), /ece: labels\[0\] is 2/);
  assert.throws(() => expectedCalibrationError([[0.5, 0.5]], [0, 1]), /labels has length 2, expected 1/);
  assert.throws(() => expectedCalibrationError([[NaN, 1]], [0]), /probs\[0\]\[0\] is NaN/);
  assert.throws(() => expectedCalibrationError([[0.5, 0.5]], [0], { numBins: 0 }), /numBins is 0/);
  assert.throws(() => expectedCalibrationError([], []), /probs has no rows/);
  assert.throws(() => expectedCalibrationErrorBinary([1.2], [1]), /pPositive\[0\] is 1\.2/);
  assert.throws(() => expectedCalibrationErrorBinary([0.2], [0.5]), /labels\[0\] is 0\.5/);
});
