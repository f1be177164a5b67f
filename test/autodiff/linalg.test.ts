import { test } from "node:test";
import assert from "node:assert/strict";
import {
  add,
  cholesky,
  choleskySolve,
  diagPart,
  inv,
  linear,
  logDetFromCholesky,
  matmul,
  mul,
  mT,
  scale,
  solve,
  sum,
  tensor,
  triangularSolve,
  type Tensor,
} from "../../src/index.js";
import { matmulKernel } from "../../src/autodiff/ops/linalg.js";
import { assertClose, assertGradOk } from "../helpers/assert.js";

/** Deterministic values in (-1, 1) from a linear congruential generator. */
function randn(shape: number[], seed: number): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  const out = new Float64Array(size);
  let s = seed >>> 0;
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return tensor(out, shape);
}

/** The reference batched product by explicit loops over a broadcast batch. */
function naiveMatmul(A: Tensor, B: Tensor): { data: number[]; shape: number[] } {
  const m = A.shape[A.ndim - 2]!;
  const k = A.shape[A.ndim - 1]!;
  const n = B.shape[B.ndim - 1]!;
  const ba = A.shape.slice(0, -2);
  const bb = B.shape.slice(0, -2);
  const nd = Math.max(ba.length, bb.length);
  const pa = [...new Array<number>(nd - ba.length).fill(1), ...ba];
  const pb = [...new Array<number>(nd - bb.length).fill(1), ...bb];
  const batch = pa.map((d, i) => Math.max(d, pb[i]!));
  const nbatch = batch.reduce((x, y) => x * y, 1);
  const data: number[] = [];
  for (let b = 0; b < nbatch; b++) {
    let rem = b;
    let ia = 0;
    let ib = 0;
    let sa = 1;
    let sb = 1;
    for (let d = nd - 1; d >= 0; d--) {
      const idx = rem % batch[d]!;
      rem = Math.floor(rem / batch[d]!);
      ia += (pa[d] === 1 ? 0 : idx) * sa;
      ib += (pb[d] === 1 ? 0 : idx) * sb;
      sa *= pa[d]!;
      sb *= pb[d]!;
    }
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += A.data[ia * m * k + i * k + p]! * B.data[ib * k * n + p * n + j]!;
        data.push(s);
      }
  }
  return { data, shape: [...batch, m, n] };
}

test("matmul matches explicit loops on odd, batched and broadcast shapes", () => {
  const cases: [number[], number[]][] = [
    [
      [1, 1],
      [1, 1],
    ],
    [
      [3, 5],
      [5, 7],
    ],
    [
      [17, 33],
      [33, 9],
    ],
    [
      [4, 3, 5],
      [5, 2],
    ], // batch against one matrix (the flattened path)
    [
      [3, 5],
      [4, 5, 2],
    ],
    [
      [2, 1, 3, 5],
      [3, 5, 6],
    ], // broadcast batches
    [
      [2, 3, 17, 33],
      [2, 3, 33, 9],
    ],
    [
      [60, 40],
      [40, 30],
    ], // the SIMD kernel
    [
      [2, 1, 30, 20],
      [4, 20, 11],
    ],
  ];
  cases.forEach(([sa, sb], c) => {
    const A = randn(sa, 10 + c);
    const B = randn(sb, 20 + c);
    const got = matmul(A, B);
    const want = naiveMatmul(A, B);
    assert.deepEqual(got.shape, want.shape, `shape of ${sa} @ ${sb}`);
    assertClose(got.data, want.data, { what: `${sa} @ ${sb}` });
  });
});

test("matmulKernel with transpose flags and a summed batch", () => {
  const A = randn([3, 6, 4], 1); // three 6×4
  const B = randn([3, 6, 5], 2);
  // Σ_b A_bᵀ·B_b
  const got = matmulKernel(A, B, true, false, []);
  const want = new Float64Array(20);
  for (let b = 0; b < 3; b++) {
    const p = matmul(
      mT(tensor(A.data.slice(b * 24, b * 24 + 24), [6, 4])),
      tensor(B.data.slice(b * 30, b * 30 + 30), [6, 5]),
    );
    p.data.forEach((v, i) => (want[i] += v));
  }
  assert.deepEqual(got.shape, [4, 5]);
  assertClose(got.data, want);
  // A·Bᵀ with broadcasting
  const C = randn([2, 1, 5, 7], 3);
  const D = randn([4, 3, 7], 4);
  const got2 = matmulKernel(C, D, false, true);
  const want2 = matmul(C, mT(D));
  assert.deepEqual(got2.shape, [2, 4, 5, 3]);
  assertClose(got2.data, want2.data);
});

test("matmul follows NumPy's rules for 1-D operands", () => {
  const A = tensor([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  assert.deepEqual(matmul(A, tensor([1, 1])).toArray(), [3, 7, 11]);
  assert.deepEqual(matmul(tensor([1, 0, 1]), A).toArray(), [6, 8]);
  assert.equal(matmul(tensor([1, 2]), tensor([3, 4])).item(), 11);
  assert.throws(() => matmul(A, tensor([1, 2, 3])), /inner dimensions differ: \[3, 2\] @ \[3, 1\]/);
  assert.throws(() => matmul(tensor(2), A), /at least 1 dimension/);
});

test("matmul gradients match finite differences (2-D, 1-D, batched, broadcast)", () => {
  const cases: [number[], number[]][] = [
    [
      [3, 4],
      [4, 2],
    ],
    [[4], [4, 3]],
    [[3, 4], [4]],
    [[4], [4]],
    [
      [2, 3, 4],
      [4, 5],
    ],
    [
      [3, 4],
      [2, 4, 5],
    ],
    [
      [2, 1, 3, 4],
      [3, 4, 2],
    ],
    [
      [12, 9],
      [9, 7],
    ], // large enough for the SIMD kernel
    [
      [2, 10, 9],
      [9, 8],
    ],
  ];
  cases.forEach(([sa, sb], c) => {
    // a fixed random weighting of the product's entries, so every entry's gradient is checked
    const f = ({ a, b }: { a: Tensor; b: Tensor }) => {
      const y = matmul(a, b);
      return sum(mul(y, randn(y.shape.slice(), 99)));
    };
    assertGradOk(f, { a: randn(sa, 30 + c), b: randn(sb, 40 + c) });
  });
});

/** A symmetric positive-definite matrix (batch): M·Mᵀ + n·I. */
function spd(batch: number[], n: number, seed: number): Tensor {
  const M = randn([...batch, n, n], seed);
  const A = matmul(M, mT(M));
  const d = A.data.slice();
  for (let o = 0; o < d.length; o += n * n) for (let i = 0; i < n; i++) d[o + i * n + i] += n;
  return tensor(d, A.shape);
}

test("cholesky: L is lower triangular with a positive diagonal and L·Lᵀ = A", () => {
  for (const [batch, n] of [
    [[], 1],
    [[], 5],
    [[3], 4],
    [[2, 2], 3],
    [[], 40],
  ] as [number[], number][]) {
    const A = spd(batch, n, n + batch.length);
    const L = cholesky(A);
    assert.deepEqual(L.shape, A.shape);
    for (let o = 0; o < L.size; o += n * n)
      for (let i = 0; i < n; i++) {
        assert.ok(L.data[o + i * n + i]! > 0);
        for (let j = i + 1; j < n; j++) assert.equal(L.data[o + i * n + j], 0);
      }
    assertClose(matmul(L, mT(L)).data, A.data, { atol: 1e-12, rtol: 1e-12, what: `L·Lᵀ for n=${n}` });
  }
  // a closed form: [[4, 2], [2, 5]] = [[2, 0], [1, 2]]·[[2, 1], [0, 2]]
  assert.deepEqual(cholesky(tensor([[4, 2], [2, 5]])).toArray(), [[2, 0], [1, 2]]); // prettier-ignore
});

test("cholesky names the failing pivot of a matrix that is not positive definite", () => {
  assert.throws(() => cholesky(tensor([[1, 2], [2, 1]])), /not positive definite: pivot 1 is -3/); // prettier-ignore
  assert.throws(() => cholesky(tensor([[-1]])), /pivot 0 is -1/);
  const batch = tensor([[[1, 0], [0, 1]], [[1, 0], [0, 0]]]); // prettier-ignore
  assert.throws(() => cholesky(batch), /matrix \(batch index \[1\]\) is not positive definite: pivot 1 is 0/);
  assert.throws(() => cholesky(tensor([[1, 2, 3]])), /cholesky: expected a square matrix.*\[1, 3\]/);
  assert.throws(() => cholesky(tensor([[1, 0], [0, NaN]])), /pivot 1 is NaN/); // prettier-ignore
});

test("cholesky gradient matches finite differences (input symmetrised in the function)", () => {
  for (const [batch, n] of [
    [[], 1],
    [[], 4],
    [[2], 3],
  ] as [number[], number][]) {
    const W = randn([...batch, n, n], 7);
    const f = (a: Tensor) => {
      const S = scale(add(a, mT(a)), 0.5);
      return sum(mul(cholesky(S), W));
    };
    assertGradOk(f, spd(batch, n, 3 + n), { atol: 1e-6, rtol: 1e-5 });
  }
  // through a matrix built symmetrically: log det(X·Xᵀ + I) = 2 Σ log L_ii
  const g = (x: Tensor) => {
    const A = add(matmul(x, mT(x)), tensor([[1, 0, 0], [0, 1, 0], [0, 0, 1]])); // prettier-ignore
    return logDetFromCholesky(cholesky(A));
  };
  assertGradOk(g, randn([3, 2], 5));
});

test("triangularSolve: op(T)·X = B for lower/upper × transpose, vectors and broadcast batches", () => {
  const n = 5;
  const T = randn([n, n], 3);
  const d = T.data.slice();
  for (let i = 0; i < n; i++) d[i * n + i] = 2 + i; // well conditioned
  const full = tensor(d, [n, n]);
  for (const lower of [true, false]) {
    for (const transpose of [false, true]) {
      // the triangle actually used, as a dense matrix
      const tri = full.data.map((v, idx) => {
        const r = Math.floor(idx / n);
        const c = idx % n;
        return (lower ? c <= r : c >= r) ? v : 0;
      });
      const Tm = tensor(tri, [n, n]);
      const op = transpose ? mT(Tm) : Tm;
      const B = randn([n, 3], 8);
      const X = triangularSolve(full, B, { lower, transpose });
      assertClose(matmul(op, X).data, B.data, { what: `lower ${lower}, transpose ${transpose}`, atol: 1e-12 });
      const b = randn([n], 9);
      const x = triangularSolve(full, b, { lower, transpose });
      assert.deepEqual(x.shape, [n]);
      assertClose(matmul(op, x).data, b.data, { atol: 1e-12 });
    }
  }
  // broadcast: one matrix against a batch of right-hand sides, and a batch against one
  const Ts = tensor(
    Array.from({ length: 2 }, (_, b) => Array.from(full.data).map((v, i) => v + (i % (n + 1) === 0 ? b : 0))).flat(),
    [2, 1, n, n],
  );
  const Bs = randn([3, n, 2], 12);
  const Xs = triangularSolve(Ts, Bs);
  assert.deepEqual(Xs.shape, [2, 3, n, 2]);
  const lowerTs = tensor(
    Ts.data.map((v, idx) => ((idx % (n * n)) % n <= Math.floor((idx % (n * n)) / n) ? v : 0)),
    Ts.shape,
  );
  assertClose(matmul(lowerTs, Xs).data, Array.from({ length: 2 }, () => Array.from(Bs.data)).flat(), { atol: 1e-12 });
  assert.throws(() => triangularSolve(tensor([[1, 0], [1, 0]]), tensor([1, 1])), /singular: diagonal entry 1 is 0/); // prettier-ignore
  assert.throws(() => triangularSolve(full, randn([4, 2], 1)), /5×5 but the right-hand side has shape \[4, 2\]/);
});

test("triangularSolve gradients match finite differences", () => {
  const n = 4;
  const base = randn([n, n], 21);
  const d = base.data.slice();
  for (let i = 0; i < n; i++) d[i * n + i] = 2 + 0.5 * i;
  const T = tensor(d, [n, n]);
  for (const lower of [true, false])
    for (const transpose of [false, true]) {
      const W = randn([n, 3], 22);
      const f = ({ t, b }: { t: Tensor; b: Tensor }) => sum(mul(triangularSolve(t, b, { lower, transpose }), W));
      assertGradOk(f, { t: T, b: randn([n, 3], 23) });
    }
  // broadcast batches: T batched [2, 1, n, n], B [3, n, 2]
  const Tb = tensor([...d, ...d.map((v, i) => (i % (n + 1) === 0 ? v + 1 : v))], [2, 1, n, n]);
  const W2 = randn([2, 3, n, 2], 24);
  assertGradOk(({ t, b }: { t: Tensor; b: Tensor }) => sum(mul(triangularSolve(t, b), W2)), {
    t: Tb,
    b: randn([3, n, 2], 25),
  });
  // vector right-hand side
  assertGradOk(
    ({ t, b }: { t: Tensor; b: Tensor }) =>
      sum(mul(triangularSolve(t, b, { transpose: true }), tensor([1, -2, 3, 0.5]))),
    {
      t: T,
      b: randn([n], 26),
    },
  );
});

test("choleskySolve solves A·X = B", () => {
  const A = spd([], 6, 31);
  const B = randn([6, 2], 32);
  const X = choleskySolve(cholesky(A), B);
  assertClose(matmul(A, X).data, B.data, { atol: 1e-12, rtol: 1e-10 });
  const f = ({ a, b }: { a: Tensor; b: Tensor }) =>
    sum(mul(choleskySolve(cholesky(scale(add(a, mT(a)), 0.5)), b), randn([6, 2], 33)));
  assertGradOk(f, { a: A, b: B });
});

test("diagPart and logDetFromCholesky: values and gradients", () => {
  const A = tensor([
    [
      [1, 2, 3],
      [4, 5, 6],
    ],
    [
      [7, 8, 9],
      [10, 11, 12],
    ],
  ]);
  assert.deepEqual(diagPart(A).toArray(), [
    [1, 5],
    [7, 11],
  ]);
  assertGradOk((a: Tensor) => sum(mul(diagPart(a), tensor([[1, 2], [3, 4]]))), A); // prettier-ignore
  const S = spd([2], 4, 41);
  const L = cholesky(S);
  // log det via the product of the diagonal of L, squared
  const ld = logDetFromCholesky(L);
  assert.deepEqual(ld.shape, [2]);
  for (let b = 0; b < 2; b++) {
    let p = 1;
    for (let i = 0; i < 4; i++) p *= L.data[b * 16 + i * 5]!;
    assertClose(ld.data[b]!, Math.log(p * p), { rtol: 1e-12 });
  }
  assertGradOk((l: Tensor) => sum(mul(logDetFromCholesky(l), tensor([1, -2]))), L);
});

test("inv: A·A⁻¹ = I with pivoting, batches, and a clear error for singular matrices", () => {
  // a zero in the top-left corner needs a row exchange
  const A = tensor([
    [0, 2, 1],
    [1, 1, 0],
    [3, 0, 1],
  ]);
  const Ai = inv(A);
  assertClose(matmul(A, Ai).data, [1, 0, 0, 0, 1, 0, 0, 0, 1], { atol: 1e-14 });
  // closed form for 2×2: [[a, b], [c, d]]⁻¹ = [[d, −b], [−c, a]] / (ad − bc)
  assertClose(inv(tensor([[4, 7], [2, 6]])).data, [0.6, -0.7, -0.2, 0.4], { atol: 1e-15 }); // prettier-ignore
  const batch = add(randn([3, 5, 5], 51), tensor([[3, 0, 0, 0, 0], [0, 3, 0, 0, 0], [0, 0, 3, 0, 0], [0, 0, 0, 3, 0], [0, 0, 0, 0, 3]])); // prettier-ignore
  const prod = matmul(batch, inv(batch));
  for (let b = 0; b < 3; b++)
    for (let i = 0; i < 5; i++)
      for (let j = 0; j < 5; j++) assertClose(prod.data[b * 25 + i * 5 + j]!, i === j ? 1 : 0, { atol: 1e-13 });
  assert.throws(() => inv(tensor([[1, 2], [2, 4]])), /inv: the matrix is singular: no non-zero pivot in column 1/); // prettier-ignore
  assert.throws(() => inv(tensor([[[1, 0], [0, 1]], [[0, 0], [0, 0]]])), /batch index \[1\]\) is singular: .* column 0/); // prettier-ignore
  assert.throws(() => inv(tensor([1, 2])), /inv: expected a square matrix/);
});

test("inv gradient matches finite differences", () => {
  const A = add(randn([2, 4, 4], 52), tensor([[2, 0, 0, 0], [0, 2, 0, 0], [0, 0, 2, 0], [0, 0, 0, 2]])); // prettier-ignore
  const W = randn([2, 4, 4], 53);
  assertGradOk((a: Tensor) => sum(mul(inv(a), W)), A);
});

test("solve: A·X = B, vectors and broadcast batches; gradients", () => {
  const A = add(randn([4, 4], 61), tensor([[0, 3, 0, 0], [3, 0, 0, 0], [0, 0, 3, 0], [0, 0, 0, 3]])); // prettier-ignore
  const B = randn([4, 3], 62);
  assertClose(matmul(A, solve(A, B)).data, B.data, { atol: 1e-13 });
  const b = randn([4], 63);
  const x = solve(A, b);
  assert.deepEqual(x.shape, [4]);
  assertClose(matmul(A, x).data, b.data, { atol: 1e-13 });
  const As = add(randn([2, 1, 4, 4], 64), tensor([[3, 0, 0, 0], [0, 3, 0, 0], [0, 0, 3, 0], [0, 0, 0, 3]])); // prettier-ignore
  const Bs = randn([3, 4, 2], 65);
  const Xs = solve(As, Bs);
  assert.deepEqual(Xs.shape, [2, 3, 4, 2]);
  assertClose(matmul(As, Xs).data, [...Array.from(Bs.data), ...Array.from(Bs.data)], { atol: 1e-13 });
  assert.throws(() => solve(A, randn([3, 2], 1)), /4×4 but the right-hand side has shape \[3, 2\]/);
  const W = randn([2, 3, 4, 2], 66);
  assertGradOk(({ a, b }: { a: Tensor; b: Tensor }) => sum(mul(solve(a, b), W)), { a: As, b: Bs });
  assertGradOk(({ a, b }: { a: Tensor; b: Tensor }) => sum(mul(solve(a, b), tensor([1, 2, -1, 0.5]))), { a: A, b });
});

test("linear: x·W + b over a batch, 1-D inputs, no bias; gradients; clear shape errors", () => {
  for (const xs of [[5, 3], [2, 4, 3], [3], [40, 3]]) {
    const x = randn(xs, 71);
    const W = randn([3, 6], 72);
    const b = randn([6], 73);
    const want = add(matmul(x, W), b);
    const got = linear(x, W, b);
    assert.deepEqual(got.shape, want.shape);
    assertClose(got.data, want.data, { atol: 1e-14 });
    assertClose(linear(x, W).data, matmul(x, W).data, { atol: 1e-14 });
    const G = randn(want.shape.slice(), 74);
    assertGradOk(({ x, w, b }: { x: Tensor; w: Tensor; b: Tensor }) => sum(mul(linear(x, w, b), G)), { x, w: W, b });
    assertGradOk(({ x, w }: { x: Tensor; w: Tensor }) => sum(mul(linear(x, w), G)), { x, w: W });
  }
  assert.throws(
    () => linear(randn([2, 4], 1), randn([3, 6], 2)),
    /last axis has 4 features but the weights \[3, 6\] expect 3/,
  );
  assert.throws(
    () => linear(randn([2, 3], 1), randn([3, 6], 2), randn([5], 3)),
    /bias must have shape \[6\], got \[5\]/,
  );
  assert.throws(() => linear(randn([2, 3], 1), randn([3], 2)), /weights must be a matrix/);
});
