/**
 * The batch shape of a distribution: the broadcast of its parameters' shapes.
 * @module
 */
import { broadcastShapes, formatShape } from "../tensor/shape.js";

/**
 * The broadcast shape of the given parameter shapes, with an error naming the distribution
 * and every parameter's shape when they do not broadcast.
 */
export function batchShapeOf(dist: string, params: Readonly<Record<string, readonly number[]>>): number[] {
  let shape: number[] = [];
  for (const name in params) {
    try {
      shape = broadcastShapes(shape, params[name]!);
    } catch {
      const all = Object.entries(params)
        .map(([n, sh]) => `${n} ${formatShape(sh)}`)
        .join(", ");
      throw new Error(`${dist}: parameter shapes do not broadcast: ${all}`);
    }
  }
  return shape;
}
