/**
 * Shape arithmetic: sizes, strides and NumPy broadcasting rules.
 * @module
 */

/** A tensor shape: the extent of each axis, outermost first. `[]` is a scalar. */
export type Shape = readonly number[];

/** Number of elements of a tensor with this shape (1 for a scalar). */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

/** Row-major strides, in elements. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function formatShape(shape: Shape): string {
  return `[${shape.join(", ")}]`;
}

/**
 * The broadcast shape of two shapes under NumPy's rules: align trailing axes; each pair of
 * extents must be equal or one of them 1.
 */
export function broadcastShapes(a: Shape, b: Shape): number[] {
  if (shapesEqual(a, b)) return a.slice();
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)]!;
    const db = i < n - b.length ? 1 : b[i - (n - b.length)]!;
    if (da === db || db === 1) out[i] = da;
    else if (da === 1) out[i] = db;
    else
      throw new Error(
        `cannot broadcast shapes ${formatShape(a)} and ${formatShape(b)}: axis ${i} has extents ${da} and ${db}`,
      );
  }
  return out;
}

/**
 * Strides of `shape` seen from a broadcast result of shape `out`: axes that are broadcast
 * (missing or of extent 1) get stride 0, so one index walk serves every operand.
 */
export function broadcastStrides(shape: Shape, out: Shape): number[] {
  const own = stridesOf(shape);
  const offset = out.length - shape.length;
  const strides = new Array<number>(out.length).fill(0);
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] !== 1) strides[i + offset] = own[i]!;
  }
  return strides;
}

/** Normalise a possibly negative axis against `ndim`, with a clear error when out of range. */
export function normalizeAxis(axis: number, ndim: number, what = "axis"): number {
  if (!Number.isInteger(axis)) throw new Error(`${what} must be an integer, got ${axis}`);
  const a = axis < 0 ? axis + ndim : axis;
  if (a < 0 || a >= ndim) throw new Error(`${what} ${axis} is out of range for a tensor with ${ndim} dimensions`);
  return a;
}

/** Validate a shape given by a user: non-negative integers. */
export function checkShape(shape: Shape, what = "shape"): void {
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i]!;
    if (!Number.isInteger(d) || d < 0)
      throw new Error(`${what} must contain non-negative integers, got ${d} at index ${i} of ${formatShape(shape)}`);
  }
}
