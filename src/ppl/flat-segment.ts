/**
 * A differentiable view of a segment of a flat vector as a tensor of a given shape: how the
 * samplers' one flat unconstrained vector is cut into the model's sites (one tape node per site).
 * @module
 */
import { record, tracked } from "../autodiff/tape.js";
import { Tensor } from "../tensor/tensor.js";
import { sizeOf } from "../tensor/shape.js";

export function flatSegment(q: Tensor, offset: number, shape: readonly number[]): Tensor {
  const n = sizeOf(shape);
  const out = new Tensor(q.data.slice(offset, offset + n), shape);
  if (!tracked(q)) return out;
  const total = q.size;
  return record(out, [q], (g) => {
    const full = new Float64Array(total);
    full.set(g.data, offset);
    return [new Tensor(full, q.shape)];
  });
}
