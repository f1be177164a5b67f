/**
 * Between parameter trees and flat name → tensor records, with dotted paths as names
 * (`layers.0.weight`), the convention of PyTorch state dicts and of safetensors files.
 * @module
 */
import { Tensor } from "../tensor/tensor.js";
import { formatShape, shapesEqual } from "../tensor/shape.js";
import { type Tree, treeUnflatten } from "../tensor/tree.js";

/** Set an own property, so that names like `__proto__` are stored as data, not as a prototype. */
export function setOwn<V>(o: Record<string, V>, k: string, v: V): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** Visit the leaves of a tree with their dotted paths, in the order `treeLeaves` lists them. */
function walk(t: Tree, path: string, visit: (path: string, leaf: Tensor) => void): void {
  if (t instanceof Tensor) {
    visit(path, t);
    return;
  }
  const join = (k: string) => (path === "" ? k : `${path}.${k}`);
  if (Array.isArray(t)) {
    t.forEach((c: Tree, i: number) => walk(c, join(String(i)), visit));
    return;
  }
  if (t === null || typeof t !== "object")
    throw new Error(`treeToNamedTensors: expected a Tensor, an array or an object at "${path}", got ${String(t)}`);
  const o = t as Record<string, Tree>;
  for (const k of Object.keys(o).sort()) walk(o[k]!, join(k), visit);
}

/**
 * The leaves of a tree keyed by their dotted paths: `{ layers: [{ weight, bias }] }` gives
 * `{ "layers.0.bias": ..., "layers.0.weight": ... }`. Throws if two leaves get the same name
 * (a key containing a dot can collide with a nested path) or if the tree is a single tensor
 * (it has no path to name it by).
 */
export function treeToNamedTensors(tree: Tree): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [name, leaf] of namedLeaves(tree)) setOwn(out, name, leaf);
  return out;
}

/**
 * The leaves of a tree with their dotted paths, in `treeLeaves` order (a list, since an
 * object would enumerate integer-like names first).
 */
function namedLeaves(tree: Tree): [string, Tensor][] {
  if (tree instanceof Tensor)
    throw new Error("treeToNamedTensors: the tree is a single Tensor, which has no name; wrap it, e.g. { x: tensor }");
  const out: [string, Tensor][] = [];
  const seen = new Set<string>();
  walk(tree, "", (path, leaf) => {
    if (seen.has(path)) throw new Error(`treeToNamedTensors: two leaves have the name "${path}"`);
    seen.add(path);
    out.push([path, leaf]);
  });
  return out;
}

/** Whether the keys of an object are exactly "0", "1", …, "n−1" (in any order). */
function isIndexRecord(keys: readonly string[]): boolean {
  const seen = new Set(keys);
  for (let i = 0; i < keys.length; i++) if (!seen.has(String(i))) return false;
  return keys.length > 0;
}

type Node = { leaf?: Tensor; children: Map<string, Node> };

function toTree(node: Node): Tree {
  if (node.leaf !== undefined) return node.leaf;
  const keys = [...node.children.keys()];
  if (isIndexRecord(keys)) return keys.map((_, i) => toTree(node.children.get(String(i))!));
  const out: Record<string, Tree> = {};
  for (const k of keys.sort()) setOwn(out, k, toTree(node.children.get(k)!));
  return out;
}

/**
 * Rebuild a tree from dotted names, the inverse of {@link treeToNamedTensors}.
 *
 * Without `template`, names are split at dots and a level whose keys are exactly 0 … n−1
 * becomes an array (so `layers.0.weight` gives `{ layers: [{ weight }] }`). With `template`,
 * the result has the template's exact structure and every tensor is checked against the
 * template's leaf of the same name: all must be present with the same shape, and no others.
 */
export function namedTensorsToTree<T extends Tree = Tree>(named: Record<string, Tensor>, template?: T): T {
  if (template !== undefined) return fillTemplate(named, template);
  const root: Node = { children: new Map() };
  for (const name of Object.keys(named)) {
    const t = named[name];
    if (!(t instanceof Tensor)) throw new Error(`namedTensorsToTree: "${name}" is not a Tensor, got ${String(t)}`);
    let node = root;
    for (const part of name.split(".")) {
      if (node.leaf !== undefined)
        throw new Error(
          `namedTensorsToTree: "${name}" extends the name of another tensor, which cannot also be a group`,
        );
      let next = node.children.get(part);
      if (next === undefined) node.children.set(part, (next = { children: new Map() }));
      node = next;
    }
    if (node.leaf !== undefined || node.children.size > 0)
      throw new Error(`namedTensorsToTree: "${name}" is both a tensor and a group of other tensors' names`);
    node.leaf = t;
  }
  return toTree(root) as T;
}

function fillTemplate<T extends Tree>(named: Record<string, Tensor>, template: T): T {
  const expected = namedLeaves(template);
  const names = new Set(expected.map(([n]) => n));
  const missing = expected.filter(([n]) => !Object.hasOwn(named, n)).map(([n]) => `"${n}"`);
  if (missing.length > 0) throw new Error(`namedTensorsToTree: missing tensors ${missing.join(", ")}`);
  const extra = Object.keys(named).filter((n) => !names.has(n));
  if (extra.length > 0)
    throw new Error(`namedTensorsToTree: tensors not in the template: ${extra.map((n) => `"${n}"`).join(", ")}`);
  const leaves = expected.map(([n, like]) => {
    const t = named[n];
    if (!(t instanceof Tensor)) throw new Error(`namedTensorsToTree: "${n}" is not a Tensor, got ${String(t)}`);
    if (!shapesEqual(t.shape, like.shape))
      throw new Error(
        `namedTensorsToTree: "${n}" has shape ${formatShape(t.shape)}, the template expects ${formatShape(like.shape)}`,
      );
    return t;
  });
  return treeUnflatten(template, leaves);
}
