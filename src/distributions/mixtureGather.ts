/**
 * Selecting one component's draw per mixture draw: the gather both mixture classes use for
 * sampling (no gradient: mixture draws are not reparameterised).
 * @module
 */
import { sizeOf } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";

/**
 * From `draws` of shape `outer + [K] + event` (axis `outer.length` holding the K component
 * draws) and integer `choice` of shape `outer`, pick `draws[..., choice, ...]`: the result
 * has shape `outer + event`.
 */
export function gatherComponent(draws: Tensor, choice: Tensor, outerNdim: number, k: number): Tensor {
  const outer = draws.shape.slice(0, outerNdim);
  const event = draws.shape.slice(outerNdim + 1);
  const no = sizeOf(outer);
  const ne = sizeOf(event);
  const out = new Float64Array(no * ne);
  const src = draws.data;
  for (let o = 0; o < no; o++) {
    const c = choice.data[o]!;
    const base = (o * k + c) * ne;
    for (let e = 0; e < ne; e++) out[o * ne + e] = src[base + e]!;
  }
  return new Tensor(out, [...outer, ...event]);
}
