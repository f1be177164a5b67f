/**
 * The Tensor: a contiguous row-major Float64Array with a shape.
 *
 * Tensors are treated as immutable values: no operation writes into its inputs. Float64
 * throughout, as in Stan, because log-densities and Hamiltonian energy errors need it.
 * @module
 */
import { type Shape, checkShape, formatShape, sizeOf, stridesOf } from "./shape.js";

/** Nested arrays of numbers, as accepted by {@link tensor}. */
export type NestedArray = number | readonly NestedArray[];

export class Tensor {
  /** Row-major values. Do not write into it: tensors are shared between computations. */
  readonly data: Float64Array;
  readonly shape: Shape;
  /**
   * Slot owned by the autodiff layer: the tape node that produced this tensor while a
   * gradient is being taken, or null for a constant. Not part of the public API.
   * @internal
   */
  node: object | null = null;

  constructor(data: Float64Array, shape: Shape) {
    if (data.length !== sizeOf(shape))
      throw new Error(`Tensor: data has ${data.length} values but shape ${formatShape(shape)} needs ${sizeOf(shape)}`);
    this.data = data;
    this.shape = shape;
  }

  get size(): number {
    return this.data.length;
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.data.length !== 1)
      throw new Error(`item(): tensor of shape ${formatShape(this.shape)} has ${this.data.length} values, expected 1`);
    return this.data[0]!;
  }

  /** Value at a multi-index (negative indices count from the end). */
  get(...index: number[]): number {
    if (index.length !== this.shape.length)
      throw new Error(
        `get(): expected ${this.shape.length} indices for shape ${formatShape(this.shape)}, got ${index.length}`,
      );
    const strides = stridesOf(this.shape);
    let off = 0;
    for (let i = 0; i < index.length; i++) {
      const d = this.shape[i]!;
      let k = index[i]!;
      if (k < 0) k += d;
      if (!Number.isInteger(k) || k < 0 || k >= d)
        throw new Error(`get(): index ${index[i]} out of range for axis ${i} of extent ${d}`);
      off += k * strides[i]!;
    }
    return this.data[off]!;
  }

  /** The values as nested arrays (a number for a scalar). */
  toArray(): NestedArray {
    const build = (axis: number, offset: number, strides: number[]): NestedArray => {
      if (axis === this.shape.length) return this.data[offset]!;
      const out: NestedArray[] = [];
      for (let i = 0; i < this.shape[axis]!; i++) out.push(build(axis + 1, offset + i * strides[axis]!, strides));
      return out;
    };
    return build(0, 0, stridesOf(this.shape));
  }

  /** A flat copy of the values as a plain array. */
  toFlatArray(): number[] {
    return Array.from(this.data);
  }

  toString(): string {
    return `Tensor(${formatShape(this.shape)}) ${JSON.stringify(this.toArray())}`;
  }
}

function inferShape(values: NestedArray): number[] {
  const shape: number[] = [];
  let v: NestedArray = values;
  while (Array.isArray(v)) {
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0]!;
  }
  return shape;
}

function flattenInto(values: NestedArray, shape: Shape, axis: number, out: Float64Array, offset: number[]): void {
  if (axis === shape.length) {
    if (typeof values !== "number")
      throw new Error(`tensor(): ragged nested array: expected a number at depth ${axis}`);
    out[offset[0]!++] = values;
    return;
  }
  if (!Array.isArray(values) || values.length !== shape[axis])
    throw new Error(`tensor(): ragged nested array: expected ${shape[axis]} entries at depth ${axis}`);
  for (const v of values as readonly NestedArray[]) flattenInto(v, shape, axis + 1, out, offset);
}

/**
 * Make a tensor from a number, nested arrays or a flat array with an explicit shape.
 * A Float64Array passed in is used as is (not copied).
 */
export function tensor(values: NestedArray | Float64Array | readonly number[], shape?: Shape): Tensor {
  if (values instanceof Float64Array) {
    const s = shape ?? [values.length];
    checkShape(s);
    return new Tensor(values, s.slice());
  }
  if (shape !== undefined) {
    checkShape(shape);
    const flat = typeof values === "number" ? [values] : (values as readonly NestedArray[]).flat(Infinity as 1);
    const data = Float64Array.from(flat as number[]);
    return new Tensor(data, shape.slice());
  }
  if (typeof values === "number") return scalar(values);
  const s = inferShape(values);
  const data = new Float64Array(sizeOf(s));
  flattenInto(values, s, 0, data, [0]);
  return new Tensor(data, s);
}

/** A 0-dimensional tensor. */
export function scalar(value: number): Tensor {
  const d = new Float64Array(1);
  d[0] = value;
  return new Tensor(d, []);
}

export function full(shape: Shape, value: number): Tensor {
  checkShape(shape);
  return new Tensor(new Float64Array(sizeOf(shape)).fill(value), shape.slice());
}

export function zeros(shape: Shape): Tensor {
  checkShape(shape);
  return new Tensor(new Float64Array(sizeOf(shape)), shape.slice());
}

export function ones(shape: Shape): Tensor {
  return full(shape, 1);
}

export function zerosLike(t: Tensor): Tensor {
  return new Tensor(new Float64Array(t.size), t.shape);
}

export function onesLike(t: Tensor): Tensor {
  return new Tensor(new Float64Array(t.size).fill(1), t.shape);
}

/** `[start, start + step, ...)` up to but excluding `stop`, like NumPy's arange. */
export function arange(start: number, stop?: number, step = 1): Tensor {
  if (stop === undefined) {
    stop = start;
    start = 0;
  }
  if (step === 0 || !Number.isFinite(step)) throw new Error(`arange: step must be finite and non-zero, got ${step}`);
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = start + i * step;
  return new Tensor(d, [n]);
}

/** `num` evenly spaced values from `start` to `stop` inclusive. */
export function linspace(start: number, stop: number, num: number): Tensor {
  if (!Number.isInteger(num) || num < 0) throw new Error(`linspace: num must be a non-negative integer, got ${num}`);
  const d = new Float64Array(num);
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) d[i] = start + i * step;
  if (num > 1) d[num - 1] = stop;
  return new Tensor(d, [num]);
}

/** The n×n identity matrix. */
export function eye(n: number): Tensor {
  if (!Number.isInteger(n) || n < 0) throw new Error(`eye: n must be a non-negative integer, got ${n}`);
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) d[i * n + i] = 1;
  return new Tensor(d, [n, n]);
}

/** Anything the ops accept as an operand. */
export type TensorLike = Tensor | number;

/** A Tensor from a tensor or a number (numbers become scalars). */
export function asTensor(x: TensorLike): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x === "number") return scalar(x);
  throw new Error(`expected a Tensor or a number, got ${typeof x}`);
}
