/**
 * Shared checks for the transform tests: deterministic inputs, a finite-difference Jacobian
 * with its log |det|, round trips, batch consistency and gradient checks.
 */
import assert from "node:assert/strict";
import type { Bijector } from "../../src/distributions/bijector.js";
import { mul, sum } from "../../src/autodiff/index.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { assertClose, assertGradOk } from "../helpers/assert.js";

/**
 * Deterministic pseudo-random values in [-spread, spread] (a 32-bit xorshift from `seed`),
 * so every run sees the same inputs.
 */
export function fixedPoints(shape: readonly number[], seed: number, spread = 2): Tensor {
  let s = (seed * 2654435761 + 12345) >>> 0 || 1;
  const n = shape.reduce((a, b) => a * b, 1);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    d[i] = spread * (2 * (s / 4294967296) - 1);
  }
  return new Tensor(d, shape.slice());
}

/** Central-difference Jacobian (rows: outputs, columns: inputs) of g at v. */
export function finiteDifferenceJacobian(g: (v: number[]) => number[], v: readonly number[], h = 1e-6): number[][] {
  const m = g(v.slice()).length;
  const J = Array.from({ length: m }, () => new Array<number>(v.length).fill(0));
  for (let j = 0; j < v.length; j++) {
    const step = h * Math.max(1, Math.abs(v[j]!));
    const up = v.slice();
    const down = v.slice();
    up[j]! += step;
    down[j]! -= step;
    const fu = g(up);
    const fd = g(down);
    for (let i = 0; i < m; i++) J[i]![j] = (fu[i]! - fd[i]!) / (2 * step);
  }
  return J;
}

/** log |det A| of a square matrix by LU decomposition with partial pivoting. */
export function logAbsDet(A: readonly (readonly number[])[]): number {
  const n = A.length;
  const M = A.map((r) => {
    assert.equal(r.length, n, `logAbsDet: expected a square matrix, got ${n}×${r.length}`);
    return r.slice();
  });
  let total = 0;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    const pivot = M[c]![c]!;
    total += Math.log(Math.abs(pivot));
    for (let r = c + 1; r < n; r++) {
      const f = M[r]![c]! / pivot;
      for (let k = c; k < n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  return total;
}

/** Entries (i, j) with j ≤ i (or j < i when `strict`) of the n×n matrix stored at the end of `t`, row-major. */
export function lowerEntries(t: Tensor, strict = false): number[] {
  const n = t.shape[t.ndim - 1]!;
  const out: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < (strict ? i : i + 1); j++) out.push(t.data[i * n + j]!);
  return out;
}

/** The n×n lower-triangular matrix whose lower entries (row-major) are v. */
export function lowerFromEntries(v: readonly number[], n: number): Tensor {
  const d = new Float64Array(n * n);
  let k = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) d[i * n + j] = v[k++]!;
  return new Tensor(d, [n, n]);
}

export interface JacobianCheck {
  /** The coordinates of the domain the Jacobian is taken in (default: every entry of x). */
  readonly coordinates?: { pack: (x: Tensor) => number[]; unpack: (v: number[]) => Tensor };
  /** Free coordinates of the output (default: every entry of y). */
  readonly restrict?: (y: Tensor) => number[];
  readonly atol?: number;
}

/**
 * The transform's log |det| at one event x (summed over all entries for elementwise
 * transforms) equals log |det| of the finite-difference Jacobian of forward, taken from the
 * domain's coordinates to the codomain's free coordinates.
 */
export function assertLogDetMatchesJacobian(t: Bijector, x: Tensor, check: JacobianCheck = {}): void {
  const pack = check.coordinates?.pack ?? ((u: Tensor) => Array.from(u.data));
  const unpack = check.coordinates?.unpack ?? ((v: number[]) => new Tensor(Float64Array.from(v), x.shape.slice()));
  const restrict = check.restrict ?? ((y: Tensor) => Array.from(y.data));
  const J = finiteDifferenceJacobian((v) => restrict(t.forward(unpack(v))), pack(x));
  assert.equal(J.length, J[0]?.length ?? 0, `${t.name}: Jacobian is ${J.length}×${J[0]?.length}, expected square`);
  const expected = logAbsDet(J);
  const actual = sum(t.logAbsDetJacobian(x, t.forward(x))).item();
  assertClose(actual, expected, { atol: check.atol ?? 1e-6, rtol: 1e-6, what: `${t.name} log|det J|` });
}

/** inverse(forward(x)) ≈ x and forward(inverse(y)) ≈ y. */
export function assertRoundTrip(t: Bijector, x: Tensor, y: Tensor, tol = 1e-10): void {
  const xr = t.inverse(t.forward(x));
  assert.deepEqual(xr.shape, x.shape);
  assertClose(xr.data, x.data, { atol: tol, rtol: tol, what: `${t.name} inverse(forward(x))` });
  const yr = t.forward(t.inverse(y));
  assert.deepEqual(yr.shape, y.shape);
  assertClose(yr.data, y.data, { atol: tol, rtol: tol, what: `${t.name} forward(inverse(y))` });
}

/** forward, inverse and logAbsDetJacobian on a batch [B, ...event] agree with each event alone. */
export function assertBatchConsistent(t: Bijector, xs: Tensor): void {
  const B = xs.shape[0]!;
  const eventShape = xs.shape.slice(1);
  const eventSize = xs.size / B;
  const ys = t.forward(xs);
  assert.deepEqual(ys.shape, t.forwardShape(xs.shape), `${t.name}: forward shape vs forwardShape`);
  assert.deepEqual(t.inverseShape(ys.shape), xs.shape, `${t.name}: inverseShape`);
  const ladj = t.logAbsDetJacobian(xs, ys);
  assert.deepEqual(ladj.shape, xs.shape.slice(0, xs.ndim - t.domainEventDim), `${t.name}: log-det shape`);
  const xsBack = t.inverse(ys);
  const ySize = ys.size / B;
  const lSize = ladj.size / B;
  for (let b = 0; b < B; b++) {
    const x = new Tensor(xs.data.slice(b * eventSize, (b + 1) * eventSize), eventShape);
    const y = t.forward(x);
    assertClose(ys.data.slice(b * ySize, (b + 1) * ySize), y.data, { what: `${t.name} batch forward ${b}` });
    assertClose(ladj.data.slice(b * lSize, (b + 1) * lSize), t.logAbsDetJacobian(x, y).data, {
      what: `${t.name} batch log-det ${b}`,
    });
    assertClose(xsBack.data.slice(b * eventSize, (b + 1) * eventSize), t.inverse(y).data, {
      what: `${t.name} batch inverse ${b}`,
    });
  }
}

/** Reverse-mode gradients of forward (a fixed weighting of it), of the log-det and of inverse match finite differences. */
export function assertTransformGradients(t: Bijector, x: Tensor, y: Tensor = t.forward(x), seed = 99): void {
  const wy = fixedPoints(t.forwardShape(x.shape), seed, 1);
  const wx = fixedPoints(t.inverseShape(y.shape), seed + 1, 1);
  assertGradOk((u: Tensor) => sum(mul(wy, t.forward(u))), x);
  assertGradOk((u: Tensor) => sum(t.logAbsDetJacobian(u, t.forward(u))), x);
  assertGradOk((v: Tensor) => sum(mul(wx, t.inverse(v))), y);
}
