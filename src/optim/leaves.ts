/**
 * Leaf bookkeeping shared by the optimisers: zero-filled moment trees, and the checks that a
 * gradient or a (possibly restored) state tree lines up with the parameters leaf by leaf.
 * @module
 */
import { formatShape, shapesEqual } from "../tensor/shape.js";
import { Tensor, zerosLike } from "../tensor/tensor.js";
import { type Tree, treeLeaves, treeMap } from "../tensor/tree.js";

/** A tree shaped like `params` with every value 0: the initial moment estimates. */
export function zerosTreeLike<P extends Tree>(params: P): P {
  return treeMap((x) => zerosLike(x), params);
}

/**
 * The leaves of `tree` (a gradient or a state tree, named `what` in errors), checked to match
 * `paramLeaves` in number and in shape.
 */
export function matchingLeaves(
  owner: string,
  what: string,
  tree: Tree | null | undefined,
  paramLeaves: readonly Tensor[],
): Tensor[] {
  if (tree === null || tree === undefined)
    throw new Error(`${owner}: the state has no ${what}; was it made by this optimiser's init()?`);
  const leaves = treeLeaves(tree);
  if (leaves.length !== paramLeaves.length)
    throw new Error(`${owner}: ${what} has ${leaves.length} leaves but the parameters have ${paramLeaves.length}`);
  for (let i = 0; i < leaves.length; i++) {
    const a = leaves[i]!.shape;
    const b = paramLeaves[i]!.shape;
    if (!shapesEqual(a, b))
      throw new Error(
        `${owner}: ${what} leaf ${i} has shape ${formatShape(a)} but the parameter has shape ${formatShape(b)}`,
      );
  }
  return leaves;
}

/** The state's step count, checked: restored states may be corrupt. */
export function stepCount(owner: string, step: unknown): number {
  if (typeof step !== "number" || !Number.isInteger(step) || step < 0)
    throw new Error(`${owner}: state.step must be an integer >= 0, got ${String(step)}`);
  return step;
}

/** A new tensor of `like`'s shape holding `data`. */
export function withData(like: Tensor, data: Float64Array): Tensor {
  return new Tensor(data, like.shape);
}
