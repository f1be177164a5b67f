/**
 * Trees of tensors: nested plain objects and arrays whose leaves are tensors. Gradients,
 * optimisers and parameter stores all work over trees, so a model's parameters can be
 * grouped however the user likes.
 * @module
 */
import { Tensor } from "./tensor.js";

/** A tensor, or nested arrays / plain objects of tensors. */
export type Tree = Tensor | readonly Tree[] | { readonly [key: string]: Tree };

/** The same structure as `T` with every tensor replaced by `L`. */
export type MapTree<T, L> = T extends Tensor
  ? L
  : T extends readonly (infer E)[]
    ? MapTree<E, L>[]
    : T extends object
      ? { [K in keyof T]: MapTree<T[K], L> }
      : never;

/** The leaves of a tree in a fixed order (arrays by index, objects by sorted key). */
export function treeLeaves(tree: Tree): Tensor[] {
  const out: Tensor[] = [];
  const walk = (t: Tree, path: string): void => {
    if (t instanceof Tensor) out.push(t);
    else if (Array.isArray(t)) (t as readonly Tree[]).forEach((c, i) => walk(c, `${path}[${i}]`));
    else if (t !== null && typeof t === "object") {
      for (const k of Object.keys(t).sort()) walk((t as Record<string, Tree>)[k]!, `${path}.${k}`);
    } else throw new Error(`tree: expected a Tensor, an array or an object at ${path || "the root"}, got ${String(t)}`);
  };
  walk(tree, "");
  return out;
}

/** Rebuild a tree of the same structure as `tree` from leaves in {@link treeLeaves} order. */
export function treeUnflatten<T extends Tree>(tree: T, leaves: readonly Tensor[]): T {
  let i = 0;
  const build = (t: Tree): Tree => {
    if (t instanceof Tensor) {
      if (i >= leaves.length) throw new Error(`treeUnflatten: too few leaves (${leaves.length})`);
      return leaves[i++]!;
    }
    if (Array.isArray(t)) return (t as readonly Tree[]).map(build);
    const o: Record<string, Tree> = {};
    for (const k of Object.keys(t).sort()) o[k] = build((t as Record<string, Tree>)[k]!);
    return o;
  };
  const out = build(tree);
  if (i !== leaves.length) throw new Error(`treeUnflatten: ${leaves.length} leaves given, tree has ${i}`);
  return out as T;
}

/** Apply `f` to each leaf (with the matching leaves of `others`), keeping the structure. */
export function treeMap<T extends Tree>(f: (x: Tensor, ...rest: Tensor[]) => Tensor, tree: T, ...others: Tree[]): T {
  const leaves = treeLeaves(tree);
  const otherLeaves = others.map((o) => {
    const l = treeLeaves(o);
    if (l.length !== leaves.length) throw new Error(`treeMap: trees have ${leaves.length} and ${l.length} leaves`);
    return l;
  });
  return treeUnflatten(
    tree,
    leaves.map((x, i) => f(x, ...otherLeaves.map((l) => l[i]!))),
  );
}
