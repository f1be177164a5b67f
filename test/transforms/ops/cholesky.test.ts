import { test } from "node:test";
import assert from "node:assert/strict";
import { cholesky } from "../../../src/transforms/ops/cholesky.js";
import { matmul, mul, sum, transpose } from "../../../src/autodiff/index.js";
import { type Tensor, tensor } from "../../../src/tensor/tensor.js";
import { assertClose, assertGradOk } from "../../helpers/assert.js";
import { fixedPoints } from "../support.js";

const A = tensor([
  [4, 2, -2],
  [2, 10, 1],
  [-2, 1, 6],
]);

test("cholesky: a known factor and its reconstruction", () => {
  const L = cholesky(A);
  // hand-computed: L00 = 2, L10 = 1, L11 = 3, L20 = -1, L21 = 2/3, L22 = √(6 - 1 - 4/9)
  assertClose(L.data, [2, 0, 0, 1, 3, 0, -1, 2 / 3, Math.sqrt(5 - 4 / 9)], { rtol: 1e-14, atol: 1e-15 });
  assertClose(matmul(L, transpose(L)).data, A.data, { rtol: 1e-14 });
});

test("cholesky: gradient matches finite differences (symmetric read of the input)", () => {
  const w = fixedPoints([3, 3], 1, 1);
  assertGradOk((S: Tensor) => sum(mul(w, cholesky(S))), A);
  const batch = tensor([...A.data, 2, 0.5, 0.3, 0.5, 3, -0.4, 0.3, -0.4, 1.5], [2, 3, 3]);
  const wb = fixedPoints([2, 3, 3], 2, 1);
  assertGradOk((S: Tensor) => sum(mul(wb, cholesky(S))), batch);
});

test("cholesky: a matrix that is not positive definite is reported", () => {
  assert.throws(
    () =>
      cholesky(
        tensor([
          [1, 2],
          [2, 1],
        ]),
      ),
    /matrix 0 of the batch is not positive definite \(pivot -3 at row 1/,
  );
});
