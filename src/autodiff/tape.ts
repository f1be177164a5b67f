/**
 * The reverse-mode tape.
 *
 * One tape per gradient call. While a function is being differentiated its tape is the
 * active one; every op whose inputs are tracked by that tape appends one node (a vectorised
 * op, never a scalar) holding a closure that maps the output's cotangent to the inputs'
 * cotangents. The backward pass walks the nodes in reverse creation order, which is a
 * topological order, so no sort is needed. The active-tape variable is set only for the
 * duration of a call and restored in `finally`: nothing survives a call.
 *
 * Gradient calls nest (a `valueAndGrad` inside a function being differentiated). Tensors
 * tracked by an enclosing, still-open tape count as tracked too: ops that use them are
 * recorded on the innermost tape, whose backward pass hands their cotangents to the caller
 * (see the `foreign` map of {@link Tape.backward}) so the inner result can be linked into the
 * enclosing tape. Tensors of closed tapes are plain constants.
 * @module
 */
import { addKernel } from "../tensor/kernels/elementwise.js";
import { shapesEqual } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";

/** Maps the output cotangent to one cotangent per input (null where an input needs none). */
export type Backward = (g: Tensor) => readonly (Tensor | null)[];

/** One recorded op: its inputs and the closure mapping its output cotangent to theirs. */
export class TapeNode {
  /**
   * Scratch for {@link Tape.backward}: true while this node's cotangent in the current pass is
   * a sum that pass allocated, so further contributions may be added into it in place.
   */
  gradIsOwnSum = false;

  constructor(
    readonly tape: Tape,
    readonly index: number,
    readonly inputs: readonly Tensor[],
    readonly backward: Backward | null,
    /**
     * For a node whose output is the contiguous elements `[segment, segment + size)` of its
     * one input's data (see {@link recordSegment}), that offset; −1 for every other node.
     */
    readonly segment: number = -1,
  ) {}
}

/** The ops recorded during one gradient call, in creation (hence topological) order. */
export class Tape {
  readonly nodes: TapeNode[] = [];
  /** How many times this tape is on the active stack (0 once its gradient call has returned). */
  open = 0;

  /** A fresh leaf tracked by this tape, sharing `x`'s values. */
  leaf(x: Tensor): Tensor {
    const t = new Tensor(x.data, x.shape);
    t.node = this.push([], null);
    return t;
  }

  /** Append a node; `backward` is null for leaves. */
  push(inputs: readonly Tensor[], backward: Backward | null, segment = -1): TapeNode {
    const node = new TapeNode(this, this.nodes.length, inputs, backward, segment);
    this.nodes.push(node);
    return node;
  }

  /**
   * Propagate `seed` (the cotangent of `output`) back to every node; returns the cotangent
   * of each node by index (null where nothing flowed). Cotangents reaching tensors of other
   * tapes are summed into `foreign`, keyed by tensor, when it is given.
   */
  backward(output: Tensor, seed: Tensor, foreign?: Map<Tensor, Tensor>): (Tensor | null)[] {
    const grads: (Tensor | null)[] = new Array<Tensor | null>(this.nodes.length).fill(null);
    const outNode = output.node as TapeNode | null;
    if (outNode === null) return grads;
    if (outNode.tape !== this) {
      if (foreign !== undefined) accumulate(foreign, output, seed);
      return grads;
    }
    grads[outNode.index] = seed;
    outNode.gradIsOwnSum = false;
    const saved = active;
    active = null; // backward closures call ops; they must not be recorded anywhere
    try {
      for (let i = outNode.index; i >= 0; i--) {
        const g = grads[i];
        if (g === null || g === undefined) continue;
        const node = this.nodes[i]!;
        if (node.backward === null) continue;
        if (node.segment >= 0 && this.addSegment(grads, node, g)) continue;
        const gs = node.backward(g);
        const inputs = node.inputs;
        for (let j = 0; j < inputs.length; j++) {
          const gj = gs[j];
          if (gj === null || gj === undefined) continue;
          const inNode = inputs[j]!.node as TapeNode | null;
          if (inNode === null) continue;
          if (inNode.tape !== this) {
            if (foreign !== undefined) accumulate(foreign, inputs[j]!, gj);
            continue;
          }
          const k = inNode.index;
          const prev = grads[k];
          if (prev === null || prev === undefined) {
            // Cotangents returned by backward closures may alias other tensors (an input's
            // data, the output cotangent g): never written to.
            grads[k] = gj;
            inNode.gradIsOwnSum = false;
          } else if (inNode.gradIsOwnSum && shapesEqual(prev.shape, gj.shape)) {
            // A sum this pass allocated, not yet read by node k's closure (k runs after every
            // node that feeds it): adding in place saves an allocation per extra contribution.
            const pd = prev.data;
            const gd = gj.data;
            for (let e = 0; e < pd.length; e++) pd[e] = pd[e]! + gd[e]!;
          } else {
            grads[k] = addKernel(prev, gj);
            inNode.gradIsOwnSum = true;
          }
        }
      }
    } finally {
      active = saved;
    }
    return grads;
  }

  /**
   * Add the cotangent `g` of a segment node into its range of the input's cotangent, which
   * this pass allocates once (zeros, or a copy of a cotangent it may not write to) rather
   * than one zero-padded full-size cotangent per segment. False, doing nothing, where the
   * node's closure must run instead (an input of another tape, or an odd-shaped cotangent).
   */
  private addSegment(grads: (Tensor | null)[], node: TapeNode, g: Tensor): boolean {
    const input = node.inputs[0]!;
    const inNode = input.node as TapeNode | null;
    if (inNode === null || inNode.tape !== this) return false;
    const k = inNode.index;
    const prev = grads[k];
    let buf: Float64Array;
    if (prev === null || prev === undefined) {
      buf = new Float64Array(input.size);
      grads[k] = new Tensor(buf, input.shape);
    } else if (!shapesEqual(prev.shape, input.shape)) {
      return false;
    } else if (inNode.gradIsOwnSum) {
      buf = prev.data;
    } else {
      buf = prev.data.slice();
      grads[k] = new Tensor(buf, input.shape);
    }
    inNode.gradIsOwnSum = true;
    const gd = g.data;
    const offset = node.segment;
    for (let j = 0; j < gd.length; j++) buf[offset + j] = buf[offset + j]! + gd[j]!;
    return true;
  }

  /**
   * The distinct tensors of other, still-tracked tapes that this tape's nodes read (plus
   * `output` itself if it belongs to one): what a nested result depends on outside.
   */
  foreignInputs(output: Tensor): Tensor[] {
    const seen = new Set<Tensor>();
    const outNode = output.node as TapeNode | null;
    if (outNode !== null && outNode.tape !== this && tracked(output)) seen.add(output);
    for (const node of this.nodes) {
      for (const t of node.inputs) {
        const n = t.node as TapeNode | null;
        if (n !== null && n.tape !== this && tracked(t)) seen.add(t);
      }
    }
    return [...seen];
  }
}

function accumulate(map: Map<Tensor, Tensor>, t: Tensor, g: Tensor): void {
  const prev = map.get(t);
  map.set(t, prev === undefined ? g : addKernel(prev, g));
}

let active: Tape | null = null;

/** Run `f` with `tape` active, restoring the previous tape afterwards (tapes nest). */
export function withTape<R>(tape: Tape, f: () => R): R {
  const saved = active;
  active = tape;
  tape.open++;
  try {
    return f();
  } finally {
    tape.open--;
    active = saved;
  }
}

/** The tape ops are currently recorded on, or null outside any gradient computation. */
export function activeTape(): Tape | null {
  return active;
}

/**
 * True when a gradient must flow into `t`: it belongs to the active tape, or to an enclosing
 * one that is still open (nested gradient calls).
 */
export function tracked(t: Tensor): boolean {
  const n = t.node as TapeNode | null;
  return n !== null && (n.tape === active || (active !== null && n.tape.open > 0));
}

/**
 * Record that `out` was computed from `inputs`, if any input is tracked. Ops call this after
 * their forward kernel and must return its result: when a kernel handed back one of its
 * inputs (or any tensor that already has a node) it is wrapped in a fresh tensor, so no
 * existing node is overwritten.
 */
export function record(out: Tensor, inputs: readonly Tensor[], backward: Backward): Tensor {
  return recordNode(out, inputs, backward, -1);
}

/**
 * Record that `out` holds the contiguous elements `[offset, offset + out.size)` of `input`'s
 * row-major data (a segment of a flat vector, a range of rows), if `input` is tracked. The
 * backward pass adds each such segment's cotangent straight into the input's, so cutting a
 * vector into k pieces costs one full-size cotangent, not k.
 */
export function recordSegment(out: Tensor, input: Tensor, offset: number): Tensor {
  if (!tracked(input)) return out;
  const size = input.size;
  const shape = input.shape;
  // the general form, used when the input belongs to an enclosing tape
  const backward: Backward = (g) => {
    const full = new Float64Array(size);
    full.set(g.data, offset);
    return [new Tensor(full, shape)];
  };
  return recordNode(out, [input], backward, offset);
}

function recordNode(out: Tensor, inputs: readonly Tensor[], backward: Backward, segment: number): Tensor {
  const tape = active;
  if (tape === null) return out;
  for (let i = 0; i < inputs.length; i++) {
    if (tracked(inputs[i]!)) {
      const result = out.node === null && !inputs.includes(out) ? out : new Tensor(out.data, out.shape);
      result.node = tape.push(inputs, backward, segment);
      return result;
    }
  }
  return out;
}

/** True when any of the inputs is tracked (lets an op skip building its backward closure). */
export function anyTracked(a: Tensor, b?: Tensor, c?: Tensor): boolean {
  if (active === null) return false;
  return tracked(a) || (b !== undefined && tracked(b)) || (c !== undefined && tracked(c));
}
