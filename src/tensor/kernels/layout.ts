/**
 * Layout kernels: reshape and axis permutation. They copy (tensors are contiguous).
 * @module
 */
import { checkShape, formatShape, sizeOf, stridesOf } from "../shape.js";
import { Tensor } from "../tensor.js";

/** The same values with a new shape; one extent may be -1 (inferred). Shares the data. */
export function reshapeKernel(a: Tensor, shape: readonly number[]): Tensor {
  const s = shape.slice();
  const infer = s.indexOf(-1);
  if (infer >= 0) {
    if (s.indexOf(-1, infer + 1) >= 0) throw new Error(`reshape: only one extent may be -1, got ${formatShape(shape)}`);
    const rest = sizeOf(s.filter((_, i) => i !== infer));
    if (rest === 0 || a.size % rest !== 0)
      throw new Error(`reshape: cannot infer the -1 extent of ${formatShape(shape)} for ${a.size} values`);
    s[infer] = a.size / rest;
  }
  checkShape(s);
  if (sizeOf(s) !== a.size)
    throw new Error(`reshape: cannot reshape ${formatShape(a.shape)} (${a.size} values) to ${formatShape(shape)}`);
  return new Tensor(a.data, s);
}

/** Permute axes: `out.shape[i] = a.shape[perm[i]]`. Default reverses the axes. */
export function transposeKernel(a: Tensor, perm?: readonly number[]): Tensor {
  const nd = a.ndim;
  const p = perm ?? Array.from({ length: nd }, (_, i) => nd - 1 - i);
  if (p.length !== nd || new Set(p).size !== nd || p.some((x) => !Number.isInteger(x) || x < 0 || x >= nd))
    throw new Error(`transpose: ${formatShape(p)} is not a permutation of the ${nd} axes of ${formatShape(a.shape)}`);
  const outShape = p.map((i) => a.shape[i]!);
  const inStrides = stridesOf(a.shape);
  const st = p.map((i) => inStrides[i]!);
  const out = new Float64Array(a.size);
  const src = a.data;
  if (nd === 2) {
    const [r, c] = outShape as [number, number];
    const s0 = st[0]!,
      s1 = st[1]!;
    for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[i * c + j] = src[i * s0 + j * s1]!;
    return new Tensor(out, outShape);
  }
  const counter = new Array<number>(nd).fill(0);
  let off = 0;
  for (let o = 0; o < out.length; o++) {
    out[o] = src[off]!;
    for (let d = nd - 1; d >= 0; d--) {
      counter[d]!++;
      off += st[d]!;
      if (counter[d]! < outShape[d]!) break;
      off -= st[d]! * outShape[d]!;
      counter[d] = 0;
    }
  }
  return new Tensor(out, outShape);
}

/** The inverse of a permutation. */
export function invertPermutation(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}
