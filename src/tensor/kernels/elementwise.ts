/**
 * Elementwise kernels with NumPy broadcasting. These are the raw loops: no autodiff here.
 * @module
 */
import { broadcastShapes, broadcastStrides, shapesEqual, sizeOf } from "../shape.js";
import { Tensor } from "../tensor.js";

/** A scalar function applied elementwise by {@link mapUnary}. */
export type UnaryFn = (x: number) => number;
/** A scalar function of two arguments applied elementwise by {@link mapBinary}. */
export type BinaryFn = (x: number, y: number) => number;

/** Apply `f` to every element. */
export function mapUnary(a: Tensor, f: UnaryFn): Tensor {
  const src = a.data;
  const n = src.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f(src[i]!);
  return new Tensor(out, a.shape);
}

/**
 * Walk the broadcast index space of `outShape`, calling `body(outIndex, aOffset, bOffset)`.
 * The innermost axis is a tight loop; outer axes advance an odometer.
 */
function broadcastWalk(
  aShape: readonly number[],
  bShape: readonly number[],
  outShape: readonly number[],
  body: (o: number, ia: number, ib: number, n: number, sa: number, sb: number) => void,
): void {
  const nd = outShape.length;
  const sa = broadcastStrides(aShape, outShape);
  const sb = broadcastStrides(bShape, outShape);
  const total = sizeOf(outShape);
  if (total === 0) return;
  if (nd === 0) {
    body(0, 0, 0, 1, 0, 0);
    return;
  }
  const inner = outShape[nd - 1]!;
  const innerA = sa[nd - 1]!;
  const innerB = sb[nd - 1]!;
  const counter = new Array<number>(nd - 1).fill(0);
  let ia = 0;
  let ib = 0;
  for (let o = 0; o < total; o += inner) {
    body(o, ia, ib, inner, innerA, innerB);
    // advance the odometer over the outer axes
    for (let ax = nd - 2; ax >= 0; ax--) {
      counter[ax]!++;
      ia += sa[ax]!;
      ib += sb[ax]!;
      if (counter[ax]! < outShape[ax]!) break;
      ia -= sa[ax]! * outShape[ax]!;
      ib -= sb[ax]! * outShape[ax]!;
      counter[ax] = 0;
    }
  }
}

/** Elementwise `f(a, b)` with broadcasting. */
export function mapBinary(a: Tensor, b: Tensor, f: BinaryFn): Tensor {
  const ad = a.data;
  const bd = b.data;
  if (shapesEqual(a.shape, b.shape)) {
    const n = ad.length;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = f(ad[i]!, bd[i]!);
    return new Tensor(out, a.shape);
  }
  const outShape = broadcastShapes(a.shape, b.shape);
  const out = new Float64Array(sizeOf(outShape));
  if (bd.length === 1 && outShape.length === a.shape.length) {
    const y = bd[0]!;
    for (let i = 0; i < out.length; i++) out[i] = f(ad[i]!, y);
    return new Tensor(out, outShape);
  }
  if (ad.length === 1 && outShape.length === b.shape.length) {
    const x = ad[0]!;
    for (let i = 0; i < out.length; i++) out[i] = f(x, bd[i]!);
    return new Tensor(out, outShape);
  }
  broadcastWalk(a.shape, b.shape, outShape, (o, ia, ib, n, sa, sb) => {
    for (let j = 0; j < n; j++) out[o + j] = f(ad[ia + j * sa]!, bd[ib + j * sb]!);
  });
  return new Tensor(out, outShape);
}

/** Elementwise `f(a, b, c)` with broadcasting of all three (used by `where` and fused ops). */
export function mapTernary(a: Tensor, b: Tensor, c: Tensor, f: (x: number, y: number, z: number) => number): Tensor {
  const outShape = broadcastShapes(broadcastShapes(a.shape, b.shape), c.shape);
  const n = sizeOf(outShape);
  const out = new Float64Array(n);
  if (shapesEqual(a.shape, outShape) && shapesEqual(b.shape, outShape) && shapesEqual(c.shape, outShape)) {
    const ad = a.data;
    const bd = b.data;
    const cd = c.data;
    for (let i = 0; i < n; i++) out[i] = f(ad[i]!, bd[i]!, cd[i]!);
    return new Tensor(out, outShape);
  }
  const ae = expandTo(a, outShape).data;
  const be = expandTo(b, outShape).data;
  const ce = expandTo(c, outShape).data;
  for (let i = 0; i < n; i++) out[i] = f(ae[i]!, be[i]!, ce[i]!);
  return new Tensor(out, outShape);
}

/** Materialise `a` broadcast to `shape` (a copy unless the shape already matches). */
export function expandTo(a: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(a.shape, shape)) return a;
  const target = broadcastShapes(a.shape, shape);
  if (!shapesEqual(target, shape))
    throw new Error(`cannot broadcast shape [${a.shape.join(", ")}] to [${shape.join(", ")}]`);
  const out = new Float64Array(sizeOf(shape));
  const ad = a.data;
  if (ad.length === 1) {
    out.fill(ad[0]!);
    return new Tensor(out, shape.slice());
  }
  broadcastWalk(a.shape, [], shape, (o, ia, _ib, n, sa) => {
    for (let j = 0; j < n; j++) out[o + j] = ad[ia + j * sa]!;
  });
  return new Tensor(out, shape.slice());
}

// Hand-written loops for the four arithmetic ops: they are on every hot path, and a loop
// that calls a passed-in function cannot be inlined once it has seen many functions. Besides
// equal shapes, an operand holding one value (a scalar against a vector: tau · theta, mu + …)
// gets its own loop; other broadcasts walk the index space in mapBinary.

/** Same shapes. */
const SAME = 0;
/** `b` holds one value and has no more axes than `a`: the result has `a`'s shape. */
const B_SCALAR = 1;
/** `a` holds one value and has no more axes than `b`: the result has `b`'s shape. */
const A_SCALAR = 2;
/** Anything else. */
const GENERAL = 3;

function broadcastCase(a: Tensor, b: Tensor): number {
  if (shapesEqual(a.shape, b.shape)) return SAME;
  if (b.data.length === 1 && b.shape.length <= a.shape.length) return B_SCALAR;
  if (a.data.length === 1 && a.shape.length <= b.shape.length) return A_SCALAR;
  return GENERAL;
}

/** `a + b` with broadcasting. */
export function addKernel(a: Tensor, b: Tensor): Tensor {
  const ad = a.data;
  const bd = b.data;
  switch (broadcastCase(a, b)) {
    case SAME: {
      const out = new Float64Array(ad.length);
      for (let i = 0; i < out.length; i++) out[i] = ad[i]! + bd[i]!;
      return new Tensor(out, a.shape);
    }
    case B_SCALAR: {
      const out = new Float64Array(ad.length);
      const y = bd[0]!;
      for (let i = 0; i < out.length; i++) out[i] = ad[i]! + y;
      return new Tensor(out, a.shape);
    }
    case A_SCALAR: {
      const out = new Float64Array(bd.length);
      const x = ad[0]!;
      for (let i = 0; i < out.length; i++) out[i] = x + bd[i]!;
      return new Tensor(out, b.shape);
    }
  }
  return mapBinary(a, b, (x, y) => x + y);
}

/** `a − b` with broadcasting. */
export function subKernel(a: Tensor, b: Tensor): Tensor {
  const ad = a.data;
  const bd = b.data;
  switch (broadcastCase(a, b)) {
    case SAME: {
      const out = new Float64Array(ad.length);
      for (let i = 0; i < out.length; i++) out[i] = ad[i]! - bd[i]!;
      return new Tensor(out, a.shape);
    }
    case B_SCALAR: {
      const out = new Float64Array(ad.length);
      const y = bd[0]!;
      for (let i = 0; i < out.length; i++) out[i] = ad[i]! - y;
      return new Tensor(out, a.shape);
    }
    case A_SCALAR: {
      const out = new Float64Array(bd.length);
      const x = ad[0]!;
      for (let i = 0; i < out.length; i++) out[i] = x - bd[i]!;
      return new Tensor(out, b.shape);
    }
  }
  return mapBinary(a, b, (x, y) => x - y);
}

/** `a · b` with broadcasting. */
export function mulKernel(a: Tensor, b: Tensor): Tensor {
  const ad = a.data;
  const bd = b.data;
  switch (broadcastCase(a, b)) {
    case SAME: {
      const out = new Float64Array(ad.length);
      for (let i = 0; i < out.length; i++) out[i] = ad[i]! * bd[i]!;
      return new Tensor(out, a.shape);
    }
    case B_SCALAR: {
      const out = new Float64Array(ad.length);
      const y = bd[0]!;
      for (let i = 0; i < out.length; i++) out[i] = ad[i]! * y;
      return new Tensor(out, a.shape);
    }
    case A_SCALAR: {
      const out = new Float64Array(bd.length);
      const x = ad[0]!;
      for (let i = 0; i < out.length; i++) out[i] = x * bd[i]!;
      return new Tensor(out, b.shape);
    }
  }
  return mapBinary(a, b, (x, y) => x * y);
}

/** `a / b` with broadcasting. */
export function divKernel(a: Tensor, b: Tensor): Tensor {
  const ad = a.data;
  const bd = b.data;
  switch (broadcastCase(a, b)) {
    case SAME: {
      const out = new Float64Array(ad.length);
      for (let i = 0; i < out.length; i++) out[i] = ad[i]! / bd[i]!;
      return new Tensor(out, a.shape);
    }
    case B_SCALAR: {
      const out = new Float64Array(ad.length);
      const y = bd[0]!;
      for (let i = 0; i < out.length; i++) out[i] = ad[i]! / y;
      return new Tensor(out, a.shape);
    }
    case A_SCALAR: {
      const out = new Float64Array(bd.length);
      const x = ad[0]!;
      for (let i = 0; i < out.length; i++) out[i] = x / bd[i]!;
      return new Tensor(out, b.shape);
    }
  }
  return mapBinary(a, b, (x, y) => x / y);
}

/** Multiply every element by a number. */
export function scaleKernel(a: Tensor, s: number): Tensor {
  const ad = a.data,
    n = ad.length,
    out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = ad[i]! * s;
  return new Tensor(out, a.shape);
}
