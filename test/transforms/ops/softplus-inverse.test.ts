import { test } from "node:test";
import assert from "node:assert/strict";
import { softplusInverse } from "../../../src/transforms/ops/softplus-inverse.js";
import { atanh } from "../../../src/transforms/ops/inverse-squashing.js";
import { logit, logSigmoid, softplus } from "../../../src/autodiff/ops/special.js";
import { sum } from "../../../src/autodiff/index.js";
import { type Tensor, tensor } from "../../../src/tensor/tensor.js";
import { assertClose, assertGradOk } from "../../helpers/assert.js";

test("softplus and logSigmoid are accurate at both tails", () => {
  assertClose(softplus(tensor([-800, -40, 0, 40, 800])).data, [0, Math.exp(-40), Math.LN2, 40 + Math.exp(-40), 800], {
    rtol: 1e-15,
  });
  assertClose(logSigmoid(tensor([-800, 0, 40])).data, [-800, -Math.LN2, -Math.exp(-40)], { rtol: 1e-15 });
  assertClose(softplusInverse(softplus(tensor([-30, -1, 0.5, 30, 500]))).data, [-30, -1, 0.5, 30, 500], {
    rtol: 1e-12,
  });
});

test("logit and atanh invert sigmoid and tanh", () => {
  const y = tensor([1e-9, 0.25, 0.5, 0.99]);
  assertClose(
    logit(y).data,
    y.toFlatArray().map((v) => Math.log(v / (1 - v))),
    { rtol: 1e-13 },
  );
  assertClose(atanh(tensor([-0.9, 0, 0.3])).data, [Math.atanh(-0.9), 0, Math.atanh(0.3)]);
});

test("gradients of the stable elementwise ops match finite differences", () => {
  const x = tensor([-3, -0.2, 0.7, 4]);
  for (const op of [softplus, logSigmoid]) assertGradOk((u: Tensor) => sum(op(u)), x);
  assertGradOk((u: Tensor) => sum(softplusInverse(u)), tensor([0.1, 1, 5]));
  assertGradOk((u: Tensor) => sum(logit(u)), tensor([0.1, 0.5, 0.8]));
  assertGradOk((u: Tensor) => sum(atanh(u)), tensor([-0.8, 0.1, 0.6]));
  assert.ok(Number.isFinite(softplus(tensor(1e308)).item()));
});
