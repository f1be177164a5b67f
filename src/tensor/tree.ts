/**
 * Trees of tensors: nested plain objects and arrays whose leaves are tensors. Gradients,
 * optimisers and parameter stores all work over trees, so a model's parameters can be
 * grouped however the user likes.
 *
 * Every gradient call flattens its parameter tree and rebuilds it twice, so the walks below
 * are kept cheap: no closures or path strings on the way (paths are only worked out when a
 * tree turns out to be malformed, for the error message), and object keys are sorted only
 * when they are not already in order.
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

/** An object's own keys in the order trees use: sorted (as `Array.prototype.sort` does). */
function sortedKeys(o: object): string[] {
  const keys = Object.keys(o);
  // Objects usually list their keys in a fixed order, often already sorted: check first.
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return keys.sort();
  return keys;
}

// Arrays are walked as forEach / map walk them: holes of a sparse array are skipped.
function isHole(a: readonly Tree[], i: number): boolean {
  return a[i] === undefined && !(i in a);
}

/** Push the leaves of `t` onto `out`; false (leaving `out` partly filled) if `t` is not a tree. */
function collectLeaves(t: Tree, out: Tensor[]): boolean {
  if (t instanceof Tensor) {
    out.push(t);
    return true;
  }
  if (Array.isArray(t)) {
    const a = t as readonly Tree[];
    for (let i = 0; i < a.length; i++) if (!isHole(a, i) && !collectLeaves(a[i]!, out)) return false;
    return true;
  }
  if (t === null || typeof t !== "object") return false;
  const o = t as Record<string, Tree>;
  const keys = sortedKeys(o);
  for (let i = 0; i < keys.length; i++) if (!collectLeaves(o[keys[i]!]!, out)) return false;
  return true;
}

/** The first node of `t` that is not a tree, with its path ("" for the root), for error messages. */
function findBadNode(t: Tree, path: string): { path: string; value: unknown } | null {
  if (t instanceof Tensor) return null;
  if (Array.isArray(t)) {
    const a = t as readonly Tree[];
    for (let i = 0; i < a.length; i++) {
      const bad = isHole(a, i) ? null : findBadNode(a[i]!, `${path}[${i}]`);
      if (bad !== null) return bad;
    }
    return null;
  }
  if (t === null || typeof t !== "object") return { path, value: t };
  const o = t as Record<string, Tree>;
  for (const k of sortedKeys(o)) {
    const bad = findBadNode(o[k]!, `${path}.${k}`);
    if (bad !== null) return bad;
  }
  return null;
}

/** The leaves of a tree in a fixed order (arrays by index, objects by sorted key). */
export function treeLeaves(tree: Tree): Tensor[] {
  const out: Tensor[] = [];
  if (collectLeaves(tree, out)) return out;
  throw malformed(tree);
}

function malformed(tree: Tree): Error {
  const bad = findBadNode(tree, "") ?? { path: "", value: tree };
  return new Error(
    `tree: expected a Tensor, an array or an object at ${bad.path || "the root"}, got ${String(bad.value)}`,
  );
}

/** One node of a {@link TreeDef}. */
type DefNode =
  | { readonly kind: "leaf" }
  /** `children[i]` is null for a hole of a sparse array. */
  | { readonly kind: "array"; readonly children: readonly (DefNode | null)[] }
  /** `keys` as `Object.keys` lists them; `children` in sorted key order, `sorted` the keys. */
  | {
      readonly kind: "object";
      readonly keys: readonly string[];
      readonly sorted: readonly string[];
      readonly children: readonly DefNode[];
    };

const LEAF: DefNode = { kind: "leaf" };

/** The structure of `t`, or null if some node of it is neither a tensor, an array nor an object. */
function defOf(t: Tree): DefNode | null {
  if (t instanceof Tensor) return LEAF;
  if (Array.isArray(t)) {
    const a = t as readonly Tree[];
    const children = new Array<DefNode | null>(a.length);
    for (let i = 0; i < a.length; i++) {
      if (isHole(a, i)) children[i] = null;
      else if ((children[i] = defOf(a[i]!)) === null) return null;
    }
    return { kind: "array", children };
  }
  if (t === null || typeof t !== "object") return null;
  const o = t as Record<string, Tree>;
  const keys = Object.keys(o);
  const sorted = sortedKeys(o);
  const children: DefNode[] = [];
  for (const k of sorted) {
    const c = defOf(o[k]!);
    if (c === null) return null;
    children.push(c);
  }
  return { kind: "object", keys, sorted, children };
}

function countLeaves(d: DefNode | null): number {
  if (d === null) return 0;
  if (d.kind === "leaf") return 1;
  let n = 0;
  for (const c of d.children) n += countLeaves(c);
  return n;
}

/** Push the leaves of `t` onto `out` if `t` has the structure `d`; false as soon as it does not. */
function flattenAs(d: DefNode, t: Tree, out: Tensor[]): boolean {
  if (d.kind === "leaf") {
    if (!(t instanceof Tensor)) return false;
    out.push(t);
    return true;
  }
  if (d.kind === "array") {
    if (!Array.isArray(t)) return false;
    const a = t as readonly Tree[];
    if (a.length !== d.children.length) return false;
    for (let i = 0; i < a.length; i++) {
      const c = d.children[i]!;
      if (c === null ? !isHole(a, i) : isHole(a, i) || !flattenAs(c, a[i]!, out)) return false;
    }
    return true;
  }
  if (t === null || typeof t !== "object" || t instanceof Tensor || Array.isArray(t)) return false;
  const o = t as Record<string, Tree>;
  // the same keys in the same insertion order give the same sorted order
  const keys = Object.keys(o);
  if (keys.length !== d.keys.length) return false;
  for (let i = 0; i < keys.length; i++) if (keys[i] !== d.keys[i]) return false;
  for (let i = 0; i < d.sorted.length; i++) if (!flattenAs(d.children[i]!, o[d.sorted[i]!]!, out)) return false;
  return true;
}

function unflattenAs(d: DefNode, leaves: readonly Tensor[], pos: { next: number }): Tree {
  if (d.kind === "leaf") return leaves[pos.next++]!;
  if (d.kind === "array") {
    const out = new Array<Tree>(d.children.length);
    for (let i = 0; i < d.children.length; i++) {
      const c = d.children[i]!;
      if (c !== null) out[i] = unflattenAs(c, leaves, pos);
    }
    return out;
  }
  const out: Record<string, Tree> = {};
  for (let i = 0; i < d.sorted.length; i++) out[d.sorted[i]!] = unflattenAs(d.children[i]!, leaves, pos);
  return out;
}

/**
 * The structure of a tree without its leaves (JAX's treedef). A gradient call site keeps the
 * one of its last parameter tree: flattening a tree of the same structure by it and
 * rebuilding from it skip the key sorting, which costs more than the rest of the walk.
 */
export class TreeDef {
  /** Number of leaves of a tree of this structure. */
  readonly numLeaves: number;

  private constructor(private readonly root: DefNode) {
    this.numLeaves = countLeaves(root);
  }

  /** The structure of `tree` (which must be a valid tree, as {@link treeLeaves} checks). */
  static of(tree: Tree): TreeDef {
    const root = defOf(tree);
    if (root === null) throw malformed(tree);
    return new TreeDef(root);
  }

  /** The leaves of `tree` in {@link treeLeaves} order if it has this structure, else null. */
  flatten(tree: Tree): Tensor[] | null {
    const out: Tensor[] = [];
    return flattenAs(this.root, tree, out) ? out : null;
  }

  /** A tree of this structure with the given leaves, in {@link treeLeaves} order. */
  unflatten<T extends Tree>(leaves: readonly Tensor[]): T {
    if (leaves.length < this.numLeaves) throw new Error(`treeUnflatten: too few leaves (${leaves.length})`);
    if (leaves.length > this.numLeaves)
      throw new Error(`treeUnflatten: ${leaves.length} leaves given, tree has ${this.numLeaves}`);
    if (this.root.kind === "leaf") return leaves[0] as T;
    return unflattenAs(this.root, leaves, { next: 0 }) as T;
  }
}

/** Rebuild a tree of the same structure as `tree` from leaves in {@link treeLeaves} order. */
export function treeUnflatten<T extends Tree>(tree: T, leaves: readonly Tensor[]): T {
  return TreeDef.of(tree).unflatten(leaves);
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
