/**
 * The user-facing transformations: valueAndGrad, grad, vjp, jacobian, stopGradient and
 * customGrad.
 * @module
 */
import { sizeOf } from "../tensor/shape.js";
import { type Tree, treeLeaves, treeUnflatten } from "../tensor/tree.js";
import { type TensorLike, Tensor, asTensor, onesLike, zerosLike } from "../tensor/tensor.js";
import { type TapeNode, Tape, record, tracked, withTape } from "./tape.js";

function liftLeaves<T extends Tree>(tape: Tape, args: T): { lifted: T; leaves: Tensor[] } {
  const leaves = treeLeaves(args).map((x) => tape.leaf(x));
  return { lifted: treeUnflatten(args, leaves), leaves };
}

function gradsOf(tape: Tape, grads: (Tensor | null)[], leaves: Tensor[]): Tensor[] {
  return leaves.map((l) => {
    const g = grads[(l.node as TapeNode).index];
    return g === null || g === undefined ? zerosLike(l) : new Tensor(g.data, l.shape);
  });
}

function checkScalar(value: Tensor, what: string): void {
  if (value.size !== 1)
    throw new Error(`${what}: the function must return a scalar, got a tensor of shape [${value.shape.join(", ")}]`);
}

/**
 * Turn `f(params)` (a scalar-valued function of a tree of tensors) into a function returning
 * `[value, gradient]`, the gradient having the same tree structure as `params`.
 *
 * @example
 * const [v, g] = valueAndGrad((x: Tensor) => sum(square(x)))(tensor([1, 2]));  // v = 5, g = [2, 4]
 */
export function valueAndGrad<T extends Tree>(f: (params: T) => TensorLike): (params: T) => [Tensor, T] {
  return (params: T) => {
    const tape = new Tape();
    const { lifted, leaves } = liftLeaves(tape, params);
    const value = asTensor(withTape(tape, () => f(lifted)));
    checkScalar(value, "valueAndGrad");
    const grads = tape.backward(value, onesLike(value));
    const plain = new Tensor(value.data, value.shape);
    return [plain, treeUnflatten(params, gradsOf(tape, grads, leaves))];
  };
}

/** The gradient of a scalar-valued function of a tree of tensors. */
export function grad<T extends Tree>(f: (params: T) => TensorLike): (params: T) => T {
  const vg = valueAndGrad(f);
  return (params: T) => vg(params)[1];
}

/**
 * Evaluate `f` at `params` and return its output with a function mapping a cotangent of the
 * output (same shape) to the cotangent of `params` (vector-Jacobian product).
 */
export function vjp<T extends Tree>(f: (params: T) => Tensor, params: T): [Tensor, (cotangent: TensorLike) => T] {
  const tape = new Tape();
  const { lifted, leaves } = liftLeaves(tape, params);
  const out = withTape(tape, () => f(lifted));
  const plain = new Tensor(out.data, out.shape);
  const pullback = (cotangent: TensorLike): T => {
    const c = asTensor(cotangent);
    if (c.size !== out.size)
      throw new Error(`vjp: cotangent has ${c.size} values, the output has shape [${out.shape.join(", ")}]`);
    const grads = tape.backward(out, new Tensor(c.data, out.shape));
    return treeUnflatten(params, gradsOf(tape, grads, leaves));
  };
  return [plain, pullback];
}

/**
 * The Jacobian of `f: R^n -> R^m` at `x`, as an m×n tensor (output shape then input shape),
 * by one vjp per output element. Meant for small functions (transform log-determinants,
 * tests).
 */
export function jacobian(f: (x: Tensor) => Tensor, x: Tensor): Tensor {
  const [out, pullback] = vjp(f, x);
  const m = out.size;
  const n = x.size;
  const J = new Float64Array(m * n);
  const e = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    e.fill(0);
    e[i] = 1;
    const row = pullback(new Tensor(e.slice(), out.shape));
    J.set(row.data, i * n);
  }
  return new Tensor(J, [...out.shape, ...x.shape]);
}

/** The same values with no gradient flowing through (straight-through / Gumbel tricks). */
export function stopGradient(x: TensorLike): Tensor {
  const t = asTensor(x);
  return t.node === null ? t : new Tensor(t.data, t.shape);
}

/**
 * Define an op with a hand-written gradient: `forward` computes the output from plain
 * tensors (not recorded), `backward(g, out, ...inputs)` returns one cotangent per input,
 * shaped like that input (null for none).
 */
export function customGrad(
  forward: (...inputs: Tensor[]) => Tensor,
  backward: (g: Tensor, out: Tensor, ...inputs: Tensor[]) => readonly (Tensor | null)[],
): (...inputs: TensorLike[]) => Tensor {
  return (...xs: TensorLike[]) => {
    const inputs = xs.map(asTensor);
    const plainInputs = inputs.map((t) => (t.node === null ? t : new Tensor(t.data, t.shape)));
    const out = withNoTape(() => forward(...plainInputs));
    const result = new Tensor(out.data, out.shape);
    const needs = inputs.map((t) => tracked(t));
    if (!needs.includes(true)) return result;
    return record(result, inputs, (g) => {
      const gs = backward(g, result, ...plainInputs);
      if (gs.length !== inputs.length)
        throw new Error(`customGrad: backward returned ${gs.length} cotangents for ${inputs.length} inputs`);
      return gs.map((gi, i) => {
        if (gi === null || !needs[i]) return null;
        if (sizeOf(gi.shape) !== inputs[i]!.size)
          throw new Error(`customGrad: cotangent ${i} has shape [${gi.shape.join(", ")}], input has [${inputs[i]!.shape.join(", ")}]`);
        return gi;
      });
    });
  };
}

// Evaluate without recording: a fresh inert tape tracks nothing the caller passed in.
function withNoTape<R>(f: () => R): R {
  return withTape(new Tape(), f);
}
