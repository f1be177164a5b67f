/**
 * Differentiable linear algebra, batched over leading axes: matrix products, the Cholesky
 * factorisation, triangular, Cholesky and general (LU) solves, the inverse, diagonals and
 * log-determinants.
 * @module
 */
import { choleskyKernel } from "../../tensor/kernels/cholesky.js";
import { transposeKernel } from "../../tensor/kernels/layout.js";
import { luFactorKernel, luSolveKernel } from "../../tensor/kernels/lu.js";
import { gemm } from "../../tensor/kernels/matmul.js";
import { triangularSolveKernel } from "../../tensor/kernels/triangular.js";
import { broadcastShapes, broadcastStrides, formatShape, shapesEqual, sizeOf, stridesOf } from "../../tensor/shape.js";
import { type TensorLike, Tensor, asTensor } from "../../tensor/tensor.js";
import { anyTracked, record, tracked } from "../tape.js";

/** Swap the last two axes of a raw tensor (a copy). */
function swapLastAxes(a: Tensor): Tensor {
  const nd = a.ndim;
  const perm = Array.from({ length: nd }, (_, i) => i);
  perm[nd - 2] = nd - 1;
  perm[nd - 1] = nd - 2;
  return transposeKernel(a, perm);
}

/** The matrix transpose: swap the last two axes ([..., m, n] → [..., n, m]). Differentiable. */
export function mT(a: TensorLike): Tensor {
  const A = asTensor(a);
  if (A.ndim < 2) throw new Error(`mT: expected at least 2 dimensions, got shape ${formatShape(A.shape)}`);
  const out = swapLastAxes(A);
  if (!anyTracked(A)) return out;
  return record(out, [A], (g) => [swapLastAxes(g)]);
}

/**
 * For each position of the (broadcast) batch shape `batch`, in row-major order, the flat
 * index of the matrix an operand with batch shape `operand` supplies there (NumPy
 * broadcasting: the operand's batch shape must broadcast to `batch`).
 */
function batchIndices(batch: readonly number[], operand: readonly number[]): Int32Array {
  const nb = sizeOf(batch);
  const out = new Int32Array(nb);
  if (sizeOf(operand) === nb) {
    for (let b = 0; b < nb; b++) out[b] = b;
    return out;
  }
  const so = broadcastStrides(operand, batch);
  const bs = stridesOf(batch);
  for (let b = 0; b < nb; b++) {
    let rem = b;
    let idx = 0;
    for (let d = 0; d < batch.length; d++) {
      const q = Math.floor(rem / bs[d]!);
      rem -= q * bs[d]!;
      idx += q * so[d]!;
    }
    out[b] = idx;
  }
  return out;
}

/** The last two extents of a stored operand, as (rows, cols) of op(X). */
function opDims(X: Tensor, trans: boolean, what: string): [number, number] {
  if (X.ndim < 2) throw new Error(`matmul: ${what} must have at least 2 dimensions, got shape ${formatShape(X.shape)}`);
  const r = X.shape[X.ndim - 2]!;
  const c = X.shape[X.ndim - 1]!;
  return trans ? [c, r] : [r, c];
}

function isAllOnes(s: readonly number[]): boolean {
  for (const d of s) if (d !== 1) return false;
  return true;
}

/**
 * Batched `op(A)·op(B)` (op(X) = Xᵀ over the last two axes when its flag is set). Batch axes
 * broadcast; with `batchShape` the products are summed down to that batch shape (which must
 * broadcast to the full batch shape), as the gradient of a broadcast operand needs — without
 * materialising the per-batch products.
 */
export function matmulKernel(
  A: Tensor,
  B: Tensor,
  transA = false,
  transB = false,
  batchShape?: readonly number[],
): Tensor {
  const [m, k] = opDims(A, transA, "the left operand");
  const [k2, n] = opDims(B, transB, "the right operand");
  if (k !== k2)
    throw new Error(
      `matmul: inner dimensions differ: ${formatShape(A.shape)}${transA ? "ᵀ" : ""} @ ` +
        `${formatShape(B.shape)}${transB ? "ᵀ" : ""} (${k} vs ${k2})`,
    );
  const batchA = A.shape.slice(0, -2);
  const batchB = B.shape.slice(0, -2);
  const batch = broadcastShapes(batchA, batchB);
  const outBatch = batchShape === undefined ? batch : batchShape.slice();
  if (batchShape !== undefined && !shapesEqual(broadcastShapes(outBatch, batch), batch))
    throw new Error(`matmul: batch shape ${formatShape(outBatch)} does not broadcast to ${formatShape(batch)}`);
  const nb = sizeOf(batch);
  const nOut = sizeOf(outBatch);
  const out = new Float64Array(nOut * m * n);
  const result = new Tensor(out, [...outBatch, m, n]);
  if (nb === 0) return result;

  // One big product instead of a loop of small ones where the memory layout allows:
  // a batch of row-major A against one B is a single (batch·m)×k product, and the
  // sum over a shared batch of Aᵀ·B is a single k×(batch·m)ᵀ product.
  if (!transA && isAllOnes(batchB) && nOut === nb) {
    gemm(false, transB, nb * m, n, k, A.data, 0, B.data, 0, out, 0);
    return result;
  }
  if (transA && !transB && nOut === 1 && shapesEqual(batchA, batch) && shapesEqual(batchB, batch)) {
    gemm(true, false, m, n, nb * k, A.data, 0, B.data, 0, out, 0);
    return result;
  }

  const ia = batchIndices(batch, batchA);
  const ib = batchIndices(batch, batchB);
  const io = batchIndices(batch, outBatch);
  const reduced = nOut !== nb;
  for (let b = 0; b < nb; b++) {
    gemm(transA, transB, m, n, k, A.data, ia[b]! * m * k, B.data, ib[b]! * k * n, out, io[b]! * m * n, reduced);
  }
  return result;
}

/**
 * Matrix product with NumPy's rules: 1-D operands are promoted to a row (left) or a column
 * (right) and the promoted axis is dropped from the result; leading axes broadcast.
 * Gradients: `∂A = G·Bᵀ`, `∂B = Aᵀ·G`, each summed over the batch axes its operand was
 * broadcast along, computed by the transposing kernels without materialising a transpose.
 */
export function matmul(a: TensorLike, b: TensorLike): Tensor {
  const A0 = asTensor(a);
  const B0 = asTensor(b);
  if (A0.ndim === 0 || B0.ndim === 0)
    throw new Error(
      `matmul: operands must have at least 1 dimension, got shapes ${formatShape(A0.shape)} and ${formatShape(B0.shape)}; use mul for scalars`,
    );
  const A = A0.ndim === 1 ? new Tensor(A0.data, [1, A0.shape[0]!]) : A0;
  const B = B0.ndim === 1 ? new Tensor(B0.data, [B0.shape[0]!, 1]) : B0;
  const full = matmulKernel(A, B);
  let outShape = full.shape.slice();
  if (A0.ndim === 1) outShape.splice(outShape.length - 2, 1);
  if (B0.ndim === 1) outShape = outShape.slice(0, -1);
  const out = new Tensor(full.data, outShape);
  if (!anyTracked(A0, B0)) return out;
  const na = tracked(A0);
  const nb = tracked(B0);
  return record(out, [A0, B0], (g) => {
    const G = new Tensor(g.data, full.shape);
    const ga = na ? matmulKernel(G, B, false, true, A.shape.slice(0, -2)) : null;
    const gb = nb ? matmulKernel(A, G, true, false, B.shape.slice(0, -2)) : null;
    return [ga ? new Tensor(ga.data, A0.shape) : null, gb ? new Tensor(gb.data, B0.shape) : null];
  });
}

/** Check that `A` is a (batch of) square matrices; returns n. */
function squareSize(A: Tensor, what: string): number {
  if (A.ndim < 2 || A.shape[A.ndim - 1] !== A.shape[A.ndim - 2])
    throw new Error(
      `${what}: expected a square matrix or a batch of them (shape [..., n, n]), got ${formatShape(A.shape)}`,
    );
  return A.shape[A.ndim - 1]!;
}

/** " (batch index [i, j])" for error messages about one matrix of a batch; "" when unbatched. */
function batchLabel(batch: readonly number[], b: number): string {
  if (batch.length === 0) return "";
  const idx: number[] = [];
  for (let d = batch.length - 1; d >= 0; d--) {
    idx.unshift(b % batch[d]!);
    b = Math.floor(b / batch[d]!);
  }
  return ` (batch index ${formatShape(idx)})`;
}

/**
 * The lower-triangular Cholesky factor L of a symmetric positive-definite matrix, A = L·Lᵀ,
 * batched over leading axes. Only the lower triangle of A is read. Throws, naming the failing
 * pivot (and batch index), when A is not numerically positive definite.
 *
 * The gradient is the symmetric one (as in JAX and PyTorch), Murray (2016), "Differentiation
 * of the Cholesky decomposition", arXiv:1602.07527, eq. 10:
 * `Ā = sym(L⁻ᵀ Φ(Lᵀ L̄) L⁻¹)`, Φ taking the lower triangle and halving the diagonal, and
 * sym(X) = (X + Xᵀ)/2. So it is the gradient for perturbations that keep A symmetric; a
 * function that builds A symmetrically (e.g. X·Xᵀ + D) gets its exact gradient through it.
 */
export function cholesky(a: TensorLike): Tensor {
  const A = asTensor(a);
  const n = squareSize(A, "cholesky");
  const batch = A.shape.slice(0, -2);
  const nb = sizeOf(batch);
  const nn = n * n;
  const L = new Float64Array(A.size);
  for (let b = 0; b < nb; b++) {
    const j = choleskyKernel(n, A.data, b * nn, L, b * nn);
    if (j >= 0)
      throw new Error(
        `cholesky: matrix${batchLabel(batch, b)} is not positive definite: pivot ${j} is ${L[b * nn + j * n + j]} ` +
          `(A[${j}, ${j}] minus the squares of L's row ${j} must be > 0)`,
      );
  }
  const out = new Tensor(L, A.shape);
  if (!anyTracked(A)) return out;
  return record(out, [A], (g) => [choleskyBackward(n, nb, L, g.data, A.shape)]);
}

/** Murray (2016) eq. 10, symmetrised; see {@link cholesky}. */
function choleskyBackward(n: number, nb: number, L: Float64Array, G: Float64Array, shape: readonly number[]): Tensor {
  const nn = n * n;
  const out = new Float64Array(nb * nn);
  const P = new Float64Array(nn);
  for (let b = 0; b < nb; b++) {
    const o = b * nn;
    // P = Φ(Lᵀ·L̄)
    gemm(true, false, n, n, n, L, o, G, o, P, 0);
    for (let i = 0; i < n; i++) {
      P[i * n + i] *= 0.5;
      for (let j = i + 1; j < n; j++) P[i * n + j] = 0;
    }
    // Y = L⁻ᵀ·P, then Z = L⁻ᵀ·Yᵀ = (Y·L⁻¹)ᵀ, so sym(L⁻ᵀ P L⁻¹) = sym(Z)
    triangularSolveKernel(n, n, L, o, true, true, P, 0, P, 0);
    transposeSquareInPlace(P, n);
    triangularSolveKernel(n, n, L, o, true, true, P, 0, P, 0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        const v = 0.5 * (P[i * n + j]! + P[j * n + i]!);
        out[o + i * n + j] = v;
        out[o + j * n + i] = v;
      }
    }
  }
  return new Tensor(out, shape);
}

function transposeSquareInPlace(X: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const t = X[i * n + j]!;
      X[i * n + j] = X[j * n + i]!;
      X[j * n + i] = t;
    }
  }
}

/** Options of {@link triangularSolve}. */
export interface TriangularSolveOptions {
  /** Whether the matrix is lower triangular (default) or upper; the other triangle is ignored. */
  lower?: boolean;
  /** Solve with the transposed matrix, Tᵀ·X = B (default false). */
  transpose?: boolean;
}

/**
 * Solve op(T)·X = B for X, with T triangular ([..., n, n]; only its `lower` (default) or upper
 * triangle is read) and op(T) = Tᵀ when `transpose`. B is [..., n, k], or a vector [n] (then
 * X is [n]); batch axes broadcast. Throws when T has a zero on its diagonal.
 *
 * Gradients (Giles 2008, "An extended collection of matrix derivative results for forward
 * and reverse mode AD"): `B̄ = op(T)⁻ᵀ·X̄`, and `op(T)‾ = −B̄·Xᵀ`, restricted to T's triangle.
 */
export function triangularSolve(t: TensorLike, b: TensorLike, options: TriangularSolveOptions = {}): Tensor {
  const { lower = true, transpose = false } = options;
  const T = asTensor(t);
  const B0 = asTensor(b);
  const n = squareSize(T, "triangularSolve");
  if (B0.ndim === 0) throw new Error("triangularSolve: the right-hand side must be a vector or a matrix, got a scalar");
  const B = B0.ndim === 1 ? new Tensor(B0.data, [B0.shape[0]!, 1]) : B0;
  if (B.shape[B.ndim - 2] !== n)
    throw new Error(
      `triangularSolve: the matrix is ${n}×${n} but the right-hand side has shape ${formatShape(B0.shape)} ` +
        `(expected ${n} rows)`,
    );
  const k = B.shape[B.ndim - 1]!;
  const batchT = T.shape.slice(0, -2);
  const batchB = B.shape.slice(0, -2);
  const batch = broadcastShapes(batchT, batchB);
  const nb = sizeOf(batch);
  const it = batchIndices(batch, batchT);
  const ib = batchIndices(batch, batchB);
  const X = new Float64Array(nb * n * k);
  for (let i = 0; i < nb; i++) {
    const z = triangularSolveKernel(
      n,
      k,
      T.data,
      it[i]! * n * n,
      lower,
      transpose,
      B.data,
      ib[i]! * n * k,
      X,
      i * n * k,
    );
    if (z >= 0)
      throw new Error(`triangularSolve: the matrix${batchLabel(batch, i)} is singular: diagonal entry ${z} is 0`);
  }
  const xShape = B0.ndim === 1 ? [n] : [...batch, n, k];
  const out = new Tensor(X, xShape);
  if (!anyTracked(T, B0)) return out;
  const nt = tracked(T);
  const nbk = tracked(B0);
  return record(out, [T, B0], (g) => {
    // B̄ = op(T)⁻ᵀ·X̄ for every batch position (before summing over B's broadcast axes)
    const Bbar = new Float64Array(nb * n * k);
    for (let i = 0; i < nb; i++)
      triangularSolveKernel(n, k, T.data, it[i]! * n * n, lower, !transpose, g.data, i * n * k, Bbar, i * n * k);
    let gT: Tensor | null = null;
    if (nt) {
      // op(T)‾ = −B̄·Xᵀ, so T̄ = −B̄·Xᵀ, or its transpose −X·B̄ᵀ when op(T) = Tᵀ
      const G = new Float64Array(T.size);
      const reduced = sizeOf(batchT) !== nb;
      for (let i = 0; i < nb; i++) {
        const [P, Q] = transpose ? [X, Bbar] : [Bbar, X];
        gemm(false, true, n, n, k, P, i * n * k, Q, i * n * k, G, it[i]! * n * n, reduced);
      }
      for (let o = 0; o < G.length; o += n * n) {
        for (let r = 0; r < n; r++) {
          for (let c = 0; c < n; c++) {
            const inTriangle = lower ? c <= r : c >= r;
            G[o + r * n + c] = inTriangle ? -G[o + r * n + c]! : 0;
          }
        }
      }
      gT = new Tensor(G, T.shape);
    }
    let gB: Tensor | null = null;
    if (nbk) {
      if (sizeOf(batchB) === nb) gB = new Tensor(Bbar, B0.shape);
      else {
        const G = new Float64Array(B.size);
        for (let i = 0; i < nb; i++) {
          const src = i * n * k;
          const dst = ib[i]! * n * k;
          for (let j = 0; j < n * k; j++) G[dst + j] += Bbar[src + j]!;
        }
        gB = new Tensor(G, B0.shape);
      }
    }
    return [gT, gB];
  });
}

/**
 * Solve A·X = B given the Cholesky factor L of A (A = L·Lᵀ): X = L⁻ᵀ·(L⁻¹·B), two triangular
 * solves. B is [..., n, k] or a vector [n]; batch axes broadcast. Differentiable in L and B.
 */
export function choleskySolve(l: TensorLike, b: TensorLike): Tensor {
  const L = asTensor(l);
  return triangularSolve(L, triangularSolve(L, b, { lower: true }), { lower: true, transpose: true });
}

/**
 * The diagonal of each matrix in a batch: [..., n, m] → [..., min(n, m)]. Its gradient puts
 * the cotangent back on the diagonal (zeros elsewhere).
 */
export function diagPart(a: TensorLike): Tensor {
  const A = asTensor(a);
  if (A.ndim < 2) throw new Error(`diagPart: expected a matrix or a batch of them, got shape ${formatShape(A.shape)}`);
  const r = A.shape[A.ndim - 2]!;
  const c = A.shape[A.ndim - 1]!;
  const d = Math.min(r, c);
  const nb = sizeOf(A.shape.slice(0, -2));
  const out = new Float64Array(nb * d);
  for (let b = 0; b < nb; b++) for (let i = 0; i < d; i++) out[b * d + i] = A.data[b * r * c + i * c + i]!;
  const result = new Tensor(out, [...A.shape.slice(0, -2), d]);
  if (!anyTracked(A)) return result;
  return record(result, [A], (g) => {
    const G = new Float64Array(A.size);
    for (let b = 0; b < nb; b++) for (let i = 0; i < d; i++) G[b * r * c + i * c + i] = g.data[b * d + i]!;
    return [new Tensor(G, A.shape)];
  });
}

/**
 * log det(L·Lᵀ) = 2·Σᵢ log Lᵢᵢ from a Cholesky factor L ([..., n, n] → [...]): the
 * log-determinant of the matrix L factors, e.g. of a covariance in a Gaussian log-density.
 * The diagonal of L must be positive (as {@link cholesky} returns it).
 */
export function logDetFromCholesky(l: TensorLike): Tensor {
  const L = asTensor(l);
  const n = squareSize(L, "logDetFromCholesky");
  const nb = sizeOf(L.shape.slice(0, -2));
  const out = new Float64Array(nb);
  for (let b = 0; b < nb; b++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += Math.log(L.data[b * n * n + i * n + i]!);
    out[b] = 2 * s;
  }
  const result = new Tensor(out, L.shape.slice(0, -2));
  if (!anyTracked(L)) return result;
  return record(result, [L], (g) => {
    const G = new Float64Array(L.size);
    for (let b = 0; b < nb; b++) {
      for (let i = 0; i < n; i++) {
        const at = b * n * n + i * n + i;
        G[at] = (2 * g.data[b]!) / L.data[at]!;
      }
    }
    return [new Tensor(G, L.shape)];
  });
}

/** LU-factor every matrix of a batch, throwing (naming the column and batch index) if one is singular. */
function luFactorBatch(A: Tensor, n: number, what: string): { LU: Float64Array; perms: Int32Array[] } {
  const batch = A.shape.slice(0, -2);
  const nb = sizeOf(batch);
  const LU = new Float64Array(A.size);
  const perms: Int32Array[] = [];
  for (let b = 0; b < nb; b++) {
    const perm = new Int32Array(n);
    const c = luFactorKernel(n, A.data, b * n * n, LU, b * n * n, perm);
    if (c >= 0)
      throw new Error(`${what}: the matrix${batchLabel(batch, b)} is singular: no non-zero pivot in column ${c}`);
    perms.push(perm);
  }
  return { LU, perms };
}

/**
 * The inverse of each square matrix in a batch, by LU factorisation with partial pivoting.
 * Throws when a matrix is exactly singular. Prefer {@link solve} (or {@link choleskySolve}
 * for a symmetric positive-definite matrix) to multiplying by an inverse.
 * Gradient: `Ā = −A⁻ᵀ·Ḡ·A⁻ᵀ` (Giles 2008).
 */
export function inv(a: TensorLike): Tensor {
  const A = asTensor(a);
  const n = squareSize(A, "inv");
  const nb = sizeOf(A.shape.slice(0, -2));
  const { LU, perms } = luFactorBatch(A, n, "inv");
  const identity = new Float64Array(n * n);
  for (let i = 0; i < n; i++) identity[i * n + i] = 1;
  const Y = new Float64Array(A.size);
  for (let b = 0; b < nb; b++) luSolveKernel(n, n, LU, b * n * n, perms[b]!, false, identity, 0, Y, b * n * n);
  const out = new Tensor(Y, A.shape);
  if (!anyTracked(A)) return out;
  return record(out, [A], (g) => {
    // Ā = −Yᵀ·Ḡ·Yᵀ, one batch element at a time
    const G = new Float64Array(A.size);
    const T = new Float64Array(n * n);
    for (let b = 0; b < nb; b++) {
      const o = b * n * n;
      gemm(true, false, n, n, n, Y, o, g.data, o, T, 0);
      gemm(false, true, n, n, n, T, 0, Y, o, G, o);
    }
    for (let i = 0; i < G.length; i++) G[i] = -G[i]!;
    return [new Tensor(G, A.shape)];
  });
}

/**
 * Solve A·X = B for X with A square ([..., n, n]) by LU factorisation with partial pivoting;
 * B is [..., n, k], or a vector [n] (then X is [n]); batch axes broadcast. Throws when A is
 * exactly singular. Gradients (Giles 2008): `B̄ = A⁻ᵀ·X̄`, `Ā = −B̄·Xᵀ`.
 */
export function solve(a: TensorLike, b: TensorLike): Tensor {
  const A = asTensor(a);
  const B0 = asTensor(b);
  const n = squareSize(A, "solve");
  if (B0.ndim === 0) throw new Error("solve: the right-hand side must be a vector or a matrix, got a scalar");
  const B = B0.ndim === 1 ? new Tensor(B0.data, [B0.shape[0]!, 1]) : B0;
  if (B.shape[B.ndim - 2] !== n)
    throw new Error(
      `solve: the matrix is ${n}×${n} but the right-hand side has shape ${formatShape(B0.shape)} (expected ${n} rows)`,
    );
  const k = B.shape[B.ndim - 1]!;
  const batchA = A.shape.slice(0, -2);
  const batchB = B.shape.slice(0, -2);
  const batch = broadcastShapes(batchA, batchB);
  const nb = sizeOf(batch);
  const ia = batchIndices(batch, batchA);
  const ib = batchIndices(batch, batchB);
  const { LU, perms } = luFactorBatch(A, n, "solve");
  const X = new Float64Array(nb * n * k);
  for (let i = 0; i < nb; i++)
    luSolveKernel(n, k, LU, ia[i]! * n * n, perms[ia[i]!]!, false, B.data, ib[i]! * n * k, X, i * n * k);
  const out = new Tensor(X, B0.ndim === 1 ? [n] : [...batch, n, k]);
  if (!anyTracked(A, B0)) return out;
  const na = tracked(A);
  const nbk = tracked(B0);
  return record(out, [A, B0], (g) => {
    const Bbar = new Float64Array(nb * n * k);
    for (let i = 0; i < nb; i++)
      luSolveKernel(n, k, LU, ia[i]! * n * n, perms[ia[i]!]!, true, g.data, i * n * k, Bbar, i * n * k);
    let gA: Tensor | null = null;
    if (na) {
      const G = new Float64Array(A.size);
      const reduced = sizeOf(batchA) !== nb;
      for (let i = 0; i < nb; i++)
        gemm(false, true, n, n, k, Bbar, i * n * k, X, i * n * k, G, ia[i]! * n * n, reduced);
      for (let i = 0; i < G.length; i++) G[i] = -G[i]!;
      gA = new Tensor(G, A.shape);
    }
    let gB: Tensor | null = null;
    if (nbk) {
      if (sizeOf(batchB) === nb) gB = new Tensor(Bbar, B0.shape);
      else {
        const G = new Float64Array(B.size);
        for (let i = 0; i < nb; i++) {
          const src = i * n * k;
          const dst = ib[i]! * n * k;
          for (let j = 0; j < n * k; j++) G[dst + j] += Bbar[src + j]!;
        }
        gB = new Tensor(G, B0.shape);
      }
    }
    return [gA, gB];
  });
}

/**
 * The affine map of a dense layer, `x·W + b`, fused: the bias is added in the product's
 * output pass and its gradient (the column sums of the cotangent) is taken in one loop,
 * with no broadcasting machinery. `x` is [..., in] (leading axes are a batch), `w` is
 * [in, out] — the orientation of JAX/Flax's Dense kernel, not PyTorch's [out, in] — and `b`
 * (optional) is [out]. Gradients as for {@link matmul}, and `b̄ = Σ_rows Ḡ`.
 */
export function linear(x: TensorLike, w: TensorLike, b?: TensorLike): Tensor {
  const X = asTensor(x);
  const W = asTensor(w);
  const B = b === undefined ? null : asTensor(b);
  if (X.ndim === 0) throw new Error("linear: the input must have at least 1 dimension, got a scalar");
  if (W.ndim !== 2)
    throw new Error(`linear: the weights must be a matrix [in, out], got shape ${formatShape(W.shape)}`);
  const nIn = W.shape[0]!;
  const nOut = W.shape[1]!;
  if (X.shape[X.ndim - 1] !== nIn)
    throw new Error(
      `linear: the input's last axis has ${X.shape[X.ndim - 1]} features but the weights ${formatShape(W.shape)} expect ${nIn}`,
    );
  if (B !== null && !(B.ndim === 1 && B.shape[0] === nOut))
    throw new Error(`linear: the bias must have shape [${nOut}], got ${formatShape(B.shape)}`);
  const rows = sizeOf(X.shape.slice(0, -1));
  const out = new Float64Array(rows * nOut);
  gemm(false, false, rows, nOut, nIn, X.data, 0, W.data, 0, out, 0);
  if (B !== null) {
    const bd = B.data;
    for (let r = 0; r < out.length; r += nOut) for (let j = 0; j < nOut; j++) out[r + j] += bd[j]!;
  }
  const result = new Tensor(out, [...X.shape.slice(0, -1), nOut]);
  if (!anyTracked(X, W, B ?? undefined)) return result;
  const tx = tracked(X);
  const tw = tracked(W);
  const tb = B !== null && tracked(B);
  const inputs = B === null ? [X, W] : [X, W, B];
  return record(result, inputs, (g) => {
    const G = g.data;
    let gx: Tensor | null = null;
    if (tx) {
      const d = new Float64Array(X.size);
      gemm(false, true, rows, nIn, nOut, G, 0, W.data, 0, d, 0);
      gx = new Tensor(d, X.shape);
    }
    let gw: Tensor | null = null;
    if (tw) {
      const d = new Float64Array(W.size);
      gemm(true, false, nIn, nOut, rows, X.data, 0, G, 0, d, 0);
      gw = new Tensor(d, W.shape);
    }
    if (B === null) return [gx, gw];
    let gb: Tensor | null = null;
    if (tb) {
      const d = new Float64Array(nOut);
      for (let r = 0; r < G.length; r += nOut) for (let j = 0; j < nOut; j++) d[j] += G[r + j]!;
      gb = new Tensor(d, B.shape);
    }
    return [gx, gw, gb];
  });
}
