import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "../helpers/assert.js";
import { brierScore, brierScoreBinary, negativeLogLikelihood } from "../../src/metrics/index.js";
import { reference } from "./referenceValues.js";

const { probs, labels, binary } = reference.calibration;

test("multiclass Brier score sums over classes (reference value)", () => {
  assertClose(brierScore(probs, labels), reference.calibration.brier_multiclass_sum_over_classes);
});

test("binary Brier score (reference value) is half the two-class multiclass score", () => {
  assertClose(brierScoreBinary(binary.p_positive, binary.labels), binary.brier);
  const asRows = binary.p_positive.map((p) => [1 - p, p]);
  assertClose(brierScore(asRows, binary.labels), 2 * binary.brier);
  assertClose(brierScoreBinary(new Float64Array(binary.p_positive), new Float64Array(binary.labels)), binary.brier);
});

test("NLL is the mean negative log probability of the true class", () => {
  const expected = -(Math.log(0.25) + Math.log(0.05) + Math.log(0.6) + Math.log(0.9)) / 4;
  assertClose(negativeLogLikelihood(probs, labels), expected);
});

test("NLL is Infinity when the true class has probability 0 (no clamping)", () => {
  assert.equal(
    negativeLogLikelihood(
      [
        [1, 0],
        [0.5, 0.5],
      ],
      [1, 0],
    ),
    Infinity,
  );
});

test("score input errors name the value", () => {
  assert.throws(() => brierScore([[0.2, 0.2]], [0]), /brierScore: probs row 0 sums to 0\.4, expected 1/);
  assert.throws(() => negativeLogLikelihood([[0.5, 0.5]], [-1]), /negativeLogLikelihood: labels\[0\] is -1/);
  assert.throws(() => brierScoreBinary([0.5], [3]), /brierScoreBinary: labels\[0\] is 3/);
  assert.throws(() => brierScore([[0.5, 0.5], [1]], [0, 0]), /probs row 1 has 1 entries, expected 2/);
});
