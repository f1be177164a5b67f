import { test } from "node:test";
import assert from "node:assert/strict";
import { gemm, gemmBlocked, gemmStrided } from "../../src/tensor/kernels/matmul.js";
import { gemmSimd, simdAvailable } from "../../src/tensor/kernels/gemm-simd.js";
import { assertClose } from "../helpers/assert.js";

/** Deterministic values in (-1, 1) from a linear congruential generator. */
function filled(size: number, seed: number): Float64Array {
  const out = new Float64Array(size);
  let s = seed >>> 0;
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** The reference: C = op(A)·op(B) by the textbook triple loop over explicit transposes. */
function naive(transA: boolean, transB: boolean, m: number, n: number, k: number, A: Float64Array, B: Float64Array) {
  const C = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++)
        s += (transA ? A[p * m + i]! : A[i * k + p]!) * (transB ? B[j * k + p]! : B[p * n + j]!);
      C[i * n + j] = s;
    }
  return C;
}

type Kernel = typeof gemm;
const kernels: [string, Kernel][] = [
  ["gemm", gemm],
  ["gemmStrided", gemmStrided],
  ["gemmBlocked", gemmBlocked],
  [
    "gemmSimd",
    (tA, tB, m, n, k, A, aOff, B, bOff, C, cOff, acc = false) => {
      assert.ok(gemmSimd(tA, tB, m, n, k, A, aOff, B, bOff, C, cOff, acc), "gemmSimd declined");
    },
  ],
];

const sizes: [number, number, number][] = [
  [1, 1, 1],
  [3, 7, 5],
  [17, 9, 33],
  [4, 4, 4],
  [8, 12, 3],
  [500, 64, 64],
  [130, 5, 300], // crosses the m-block (128) and k-block (256) boundaries
  [2, 1, 600],
  [5, 0, 3],
  [0, 3, 2],
  [3, 4, 0],
];

test("SIMD kernel is available on Node 20", () => {
  assert.ok(simdAvailable());
});

for (const [name, kernel] of kernels) {
  for (const [transA, transB] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ] as const) {
    test(`${name} (transA ${transA}, transB ${transB}) matches the triple loop on odd sizes`, () => {
      for (const [m, n, k] of sizes) {
        const A = filled(m * k + 3, 1 + m);
        const B = filled(k * n + 5, 2 + n);
        const expected = naive(transA, transB, m, n, k, A.subarray(3), B.subarray(5));
        const C = filled(m * n + 2, 9); // garbage to be overwritten, after an untouched prefix
        const prefix = C.slice(0, 2);
        kernel(transA, transB, m, n, k, A, 3, B, 5, C, 2);
        assertClose(C.subarray(2), expected, { what: `${m}×${k}·${k}×${n}` });
        assert.deepEqual(C.slice(0, 2), prefix, "wrote before its output offset");
        // accumulate: C += op(A)·op(B)
        const base = filled(m * n, 11);
        const acc = base.slice();
        kernel(transA, transB, m, n, k, A, 3, B, 5, acc, 0, true);
        assertClose(
          acc,
          expected.map((x, i) => x + base[i]!),
          { what: `accumulated ${m}×${k}·${k}×${n}`, atol: 1e-12 },
        );
      }
    });
  }
}
