/**
 * Differentiable elementwise functions of several broadcast operands, built from a scalar
 * value function and its scalar partial derivatives. For cdf, icdf and the like, which are
 * not on the hot path of a log-density: each element calls the two functions, but there is
 * still one tape node per call.
 * @module
 */
import { tracked } from "../../autodiff/tape.js";
import { broadcastShapes, sizeOf } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { operandData, operandStep, recordFused } from "./operands.js";

/** Definition of a {@link scalarOp}. */
export interface ScalarOpSpec {
  /** Used in error messages, e.g. "Gamma.cdf". */
  readonly name: string;
  /** Names of the operands, in order (for error messages). */
  readonly args: readonly string[];
  /** Operands that have no implemented derivative: differentiating through them is an error. */
  readonly constant?: readonly number[];
  /** The value at one element; `v` holds the operands' values in order. */
  value(v: Float64Array): number;
  /**
   * Write ∂out/∂operand_j into `d[j]` for every non-constant operand, given the operands `v`
   * and the value `out` at that element.
   */
  partials(v: Float64Array, out: number, d: Float64Array): void;
}

/** Build the op: a function of tensors (broadcast together) returning one tensor. */
export function scalarOp(spec: ScalarOpSpec): (...operands: Tensor[]) => Tensor {
  const k = spec.args.length;
  const constant = new Set(spec.constant ?? []);
  return (...operands: Tensor[]): Tensor => {
    if (operands.length !== k) throw new Error(`${spec.name}: expected ${k} operands, got ${operands.length}`);
    let shape: number[] = [];
    for (const t of operands) shape = broadcastShapes(shape, t.shape);
    const n = sizeOf(shape);
    const data = operands.map((t) => operandData(t, shape));
    const steps = operands.map(operandStep);
    const needs = operands.map((t) => tracked(t));
    for (let j = 0; j < k; j++)
      if (needs[j] && constant.has(j))
        throw new Error(
          `${spec.name}: the gradient with respect to ${spec.args[j]} is not available (only the other arguments are differentiable here)`,
        );
    const anyNeeded = needs.includes(true);
    const partials = needs.map((need) => (need ? new Float64Array(n) : null));
    const out = new Float64Array(n);
    const v = new Float64Array(k);
    const d = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) v[j] = data[j]![i * steps[j]!]!;
      const y = spec.value(v);
      out[i] = y;
      if (!anyNeeded) continue;
      d.fill(0);
      spec.partials(v, y, d);
      for (let j = 0; j < k; j++) {
        const p = partials[j];
        if (p != null) p[i] = d[j]!;
      }
    }
    const res = new Tensor(out, shape);
    return anyNeeded ? recordFused(res, operands, partials) : res;
  };
}
