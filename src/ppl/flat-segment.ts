/**
 * A differentiable view of a segment of a flat vector as a tensor of a given shape: how the
 * samplers' one flat unconstrained vector is cut into the model's sites (one tape node per site).
 * @module
 */
import { recordSegment } from "../autodiff/tape.js";
import { Tensor } from "../tensor/tensor.js";
import { sizeOf } from "../tensor/shape.js";

export function flatSegment(q: Tensor, offset: number, shape: readonly number[]): Tensor {
  const n = sizeOf(shape);
  const out = new Tensor(q.data.slice(offset, offset + n), shape);
  return recordSegment(out, q, offset);
}
