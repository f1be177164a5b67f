/**
 * The user-facing transformations: valueAndGrad, grad, vjp, jacobian, stopGradient and
 * customGrad.
 *
 * Nesting: a gradient call made while another is recording (for instance a `valueAndGrad`
 * inside a loss that is itself being differentiated) returns a value that stays
 * differentiable for the enclosing call, through its parameters and through any tracked
 * tensors it closed over. The gradients it returns are not: derivatives of derivatives are
 * not supported, and differentiating through one raises an error rather than silently
 * giving zero (wrap it in {@link stopGradient} to use it as a constant).
 * @module
 */
import { formatShape, sizeOf } from "../tensor/shape.js";
import { type Tree, TreeDef } from "../tensor/tree.js";
import { type TensorLike, Tensor, asTensor, onesLike, zerosLike } from "../tensor/tensor.js";
import { type TapeNode, Tape, activeTape, record, tracked, withTape } from "./tape.js";

interface Lifted<T> {
  lifted: T;
  /** The caller's tensors, in tree-leaf order. */
  sources: Tensor[];
  /** Fresh leaves of the new tape sharing their values. */
  leaves: Tensor[];
}

function liftLeaves<T extends Tree>(tape: Tape, def: TreeDef, sources: Tensor[]): Lifted<T> {
  const leaves = new Array<Tensor>(sources.length);
  for (let i = 0; i < sources.length; i++) leaves[i] = tape.leaf(sources[i]!);
  return { lifted: def.unflatten<T>(leaves), sources, leaves };
}

/**
 * The structure of a call site's parameter trees, kept from one call to the next: successive
 * calls nearly always pass trees of one structure, which then need no key sorting.
 */
class ParamsStructure {
  private def: TreeDef | null = null;

  /** The structure of `params` and its leaves. */
  flatten(params: Tree): { def: TreeDef; sources: Tensor[] } {
    let def = this.def;
    let sources = def === null ? null : def.flatten(params);
    if (sources === null) {
      def = TreeDef.of(params);
      sources = def.flatten(params)!;
      this.def = def;
    }
    return { def: def!, sources };
  }
}

/** What a nested computation depends on in the enclosing gradient computation. */
interface Enclosing {
  /** Tracked tensors of the enclosing tapes: tracked parameters first, then closed-over ones. */
  inputs: Tensor[];
  /** Tree-leaf index of each tracked parameter. */
  paramIndex: number[];
  /** Tensors read from enclosing tapes, each after the parameters in `inputs`. */
  foreign: Tensor[];
}

// Called after the nested call's tape has been closed, so `tracked` sees the enclosing tapes.
function enclosing(tape: Tape, out: Tensor, sources: readonly Tensor[]): Enclosing | null {
  if (activeTape() === null) return null;
  const paramIndex: number[] = [];
  sources.forEach((s, i) => {
    if (tracked(s)) paramIndex.push(i);
  });
  const foreign = tape.foreignInputs(out);
  if (paramIndex.length === 0 && foreign.length === 0) return null;
  return { inputs: [...paramIndex.map((i) => sources[i]!), ...foreign], paramIndex, foreign };
}

/**
 * Make `plain` (the value of `out`) differentiable on the enclosing tape: its pullback re-runs
 * this tape's backward pass and hands on the cotangents of the parameters and closed-over
 * tensors.
 */
function linkToEnclosing(tape: Tape, out: Tensor, plain: Tensor, leaves: readonly Tensor[], enc: Enclosing): Tensor {
  return record(plain, enc.inputs, (g) => {
    const foreignGrads = new Map<Tensor, Tensor>();
    const grads = tape.backward(out, new Tensor(g.data, out.shape), foreignGrads);
    return [
      ...enc.paramIndex.map((i) => grads[(leaves[i]!.node as TapeNode).index] ?? null),
      ...enc.foreign.map((t) => foreignGrads.get(t) ?? null),
    ];
  });
}

/** Mark gradients computed inside an enclosing gradient call as not differentiable again. */
function poison(what: string, grads: Tensor[], enc: Enclosing): Tensor[] {
  return grads.map((g) =>
    record(g, enc.inputs, () => {
      throw new Error(
        `${what}: a gradient computed inside another gradient computation was differentiated again; ` +
          "higher-order derivatives are not supported (wrap it in stopGradient() to use it as a constant)",
      );
    }),
  );
}

function gradsOf(tape: Tape, grads: (Tensor | null)[], leaves: Tensor[]): Tensor[] {
  return leaves.map((l) => {
    const g = grads[(l.node as TapeNode).index];
    return g === null || g === undefined ? zerosLike(l) : new Tensor(g.data, l.shape);
  });
}

function checkScalar(value: Tensor, what: string): void {
  if (value.size !== 1)
    throw new Error(`${what}: the function must return a scalar, got a tensor of shape ${formatShape(value.shape)}`);
}

function outputOf(result: unknown, what: string): Tensor {
  if (result instanceof Tensor) return result;
  if (typeof result === "number") return asTensor(result);
  throw new Error(
    `${what}: the function must return a Tensor or a number, got ${result === null ? "null" : typeof result}`,
  );
}

/**
 * Turn `f(params)` (a scalar-valued function of a tree of tensors) into a function returning
 * `[value, gradient]`, the gradient having the same tree structure as `params`.
 *
 * @example
 * const [v, g] = valueAndGrad((x: Tensor) => sum(square(x)))(tensor([1, 2]));  // v = 5, g = [2, 4]
 */
export function valueAndGrad<T extends Tree>(f: (params: T) => TensorLike): (params: T) => [Tensor, T] {
  const structure = new ParamsStructure();
  return (params: T) => {
    const { def, sources } = structure.flatten(params);
    const tape = new Tape();
    const { lifted, leaves } = liftLeaves<T>(tape, def, sources);
    const value = outputOf(
      withTape(tape, () => f(lifted)),
      "valueAndGrad",
    );
    checkScalar(value, "valueAndGrad");
    const grads = gradsOf(tape, tape.backward(value, onesLike(value)), leaves);
    const plain = new Tensor(value.data, value.shape);
    const enc = enclosing(tape, value, sources);
    if (enc === null) return [plain, def.unflatten<T>(grads)];
    return [linkToEnclosing(tape, value, plain, leaves, enc), def.unflatten<T>(poison("valueAndGrad", grads, enc))];
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
export function vjp<T extends Tree>(f: (params: T) => TensorLike, params: T): [Tensor, (cotangent: TensorLike) => T] {
  const def = TreeDef.of(params);
  const sources = def.flatten(params)!;
  const tape = new Tape();
  const { lifted, leaves } = liftLeaves<T>(tape, def, sources);
  const out = outputOf(
    withTape(tape, () => f(lifted)),
    "vjp",
  );
  const plain = new Tensor(out.data, out.shape);
  const enc = enclosing(tape, out, sources);
  const pullback = (cotangent: TensorLike): T => {
    const c = asTensor(cotangent);
    if (c.size !== out.size)
      throw new Error(
        `vjp: cotangent has shape ${formatShape(c.shape)}, the output has shape ${formatShape(out.shape)}`,
      );
    const grads = gradsOf(tape, tape.backward(out, new Tensor(c.data, out.shape)), leaves);
    return def.unflatten<T>(enc === null ? grads : poison("vjp", grads, enc));
  };
  return [enc === null ? plain : linkToEnclosing(tape, out, plain, leaves, enc), pullback];
}

/**
 * The Jacobian of `f: R^n -> R^m` at `x`, as an m×n tensor (output shape then input shape),
 * by one vjp per output element. Meant for small functions (transform log-determinants,
 * tests).
 */
export function jacobian(f: (x: Tensor) => TensorLike, x: Tensor): Tensor {
  const tape = new Tape();
  const sources = [x];
  const { lifted, leaves } = liftLeaves<Tensor>(tape, TreeDef.of(x), sources);
  const out = outputOf(
    withTape(tape, () => f(lifted)),
    "jacobian",
  );
  const m = out.size;
  const n = x.size;
  const J = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const e = new Float64Array(m);
    e[i] = 1;
    const row = gradsOf(tape, tape.backward(out, new Tensor(e, out.shape)), leaves)[0]!;
    J.set(row.data, i * n);
  }
  const result = new Tensor(J, [...out.shape, ...x.shape]);
  const enc = enclosing(tape, out, sources);
  return enc === null ? result : poison("jacobian", [result], enc)[0]!;
}

/** The same values with no gradient flowing through (straight-through / Gumbel tricks). */
export function stopGradient(x: TensorLike): Tensor {
  const t = asTensor(x);
  return t.node === null ? t : new Tensor(t.data, t.shape);
}

/**
 * Define an op with a hand-written gradient: `forward` computes the output from plain
 * tensors (not recorded), `backward(g, out, ...inputs)` returns one cotangent per input,
 * with as many values as that input (null for none; it is reshaped to the input's shape).
 * `forward` must depend on its inputs only: tensors it closes over get no gradient.
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
        const input = inputs[i]!;
        if (sizeOf(gi.shape) !== input.size)
          throw new Error(
            `customGrad: cotangent ${i} has shape ${formatShape(gi.shape)}, input has shape ${formatShape(input.shape)}`,
          );
        // same-sized but differently shaped cotangents would broadcast wrongly when summed
        return gi.shape.length === input.shape.length && gi.shape.every((d, k) => d === input.shape[k])
          ? gi
          : new Tensor(gi.data, input.shape);
      });
    });
  };
}

// Evaluate without recording: a fresh inert tape tracks nothing the caller passed in.
function withNoTape<R>(f: () => R): R {
  return withTape(new Tape(), f);
}
