/**
 * The reverse-mode tape.
 *
 * One tape per gradient call. While a function is being differentiated its tape is the
 * active one; every op whose inputs are tracked by that tape appends one node (a vectorised
 * op, never a scalar) holding a closure that maps the output's cotangent to the inputs'
 * cotangents. The backward pass walks the nodes in reverse creation order, which is a
 * topological order, so no sort is needed. The active-tape variable is set only for the
 * duration of a call and restored in `finally`: nothing survives a call.
 * @module
 */
import { addKernel } from "../tensor/kernels/elementwise.js";
import { Tensor } from "../tensor/tensor.js";

/** Maps the output cotangent to one cotangent per input (null where an input needs none). */
export type Backward = (g: Tensor) => readonly (Tensor | null)[];

export class TapeNode {
  constructor(
    readonly tape: Tape,
    readonly index: number,
    readonly inputs: readonly Tensor[],
    readonly backward: Backward | null,
  ) {}
}

export class Tape {
  readonly nodes: TapeNode[] = [];

  /** A fresh leaf tracked by this tape, sharing `x`'s values. */
  leaf(x: Tensor): Tensor {
    const t = new Tensor(x.data, x.shape);
    t.node = this.push([], null);
    return t;
  }

  push(inputs: readonly Tensor[], backward: Backward | null): TapeNode {
    const node = new TapeNode(this, this.nodes.length, inputs, backward);
    this.nodes.push(node);
    return node;
  }

  /**
   * Propagate `seed` (the cotangent of `output`) back to every node; returns the cotangent
   * of each node by index (null where nothing flowed).
   */
  backward(output: Tensor, seed: Tensor): (Tensor | null)[] {
    const grads: (Tensor | null)[] = new Array<Tensor | null>(this.nodes.length).fill(null);
    const outNode = output.node as TapeNode | null;
    if (outNode === null || outNode.tape !== this) return grads;
    grads[outNode.index] = seed;
    const saved = active;
    active = null; // backward closures call ops; they must not be recorded anywhere
    try {
      for (let i = outNode.index; i >= 0; i--) {
        const g = grads[i];
        if (g === null || g === undefined) continue;
        const node = this.nodes[i]!;
        if (node.backward === null) continue;
        const gs = node.backward(g);
        const inputs = node.inputs;
        for (let j = 0; j < inputs.length; j++) {
          const gj = gs[j];
          if (gj === null || gj === undefined) continue;
          const inNode = inputs[j]!.node as TapeNode | null;
          if (inNode === null || inNode.tape !== this) continue;
          const prev = grads[inNode.index];
          grads[inNode.index] = prev === null || prev === undefined ? gj : addKernel(prev, gj);
        }
      }
    } finally {
      active = saved;
    }
    return grads;
  }
}

let active: Tape | null = null;

/** Run `f` with `tape` active, restoring the previous tape afterwards (tapes nest). */
export function withTape<R>(tape: Tape, f: () => R): R {
  const saved = active;
  active = tape;
  try {
    return f();
  } finally {
    active = saved;
  }
}

/** True when `t` is tracked by the active tape, so a gradient must flow into it. */
export function tracked(t: Tensor): boolean {
  const n = t.node as TapeNode | null;
  return n !== null && n.tape === active;
}

/**
 * Record that `out` was computed from `inputs`, if any input is tracked. Ops call this after
 * their forward kernel; it returns `out` for convenience.
 */
export function record(out: Tensor, inputs: readonly Tensor[], backward: Backward): Tensor {
  const tape = active;
  if (tape === null) return out;
  for (let i = 0; i < inputs.length; i++) {
    const n = inputs[i]!.node as TapeNode | null;
    if (n !== null && n.tape === tape) {
      out.node = tape.push(inputs, backward);
      return out;
    }
  }
  return out;
}

/** True when any of the inputs is tracked (lets an op skip building its backward closure). */
export function anyTracked(a: Tensor, b?: Tensor, c?: Tensor): boolean {
  if (active === null) return false;
  return tracked(a) || (b !== undefined && tracked(b)) || (c !== undefined && tracked(c));
}
