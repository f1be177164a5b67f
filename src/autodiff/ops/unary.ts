/**
 * Differentiable elementwise math of one argument.
 * @module
 */
import { mapBinary, mapUnary, mulKernel } from "../../tensor/kernels/elementwise.js";
import { type TensorLike, Tensor, asTensor } from "../../tensor/tensor.js";
import { anyTracked, record } from "../tape.js";

/**
 * Build a unary op from its value and its derivative. `dfdx(x, y)` receives the input and the
 * output, so ops like exp can reuse the output.
 */
export function unaryOp(name: string, f: (x: number) => number, dfdx: (x: number, y: number) => number) {
  const op = (a: TensorLike): Tensor => {
    const A = asTensor(a);
    const out = mapUnary(A, f);
    if (!anyTracked(A)) return out;
    return record(out, [A], (g) => {
      const ad = A.data;
      const od = out.data;
      const gd = g.data;
      const r = new Float64Array(ad.length);
      for (let i = 0; i < ad.length; i++) r[i] = gd[i]! * dfdx(ad[i]!, od[i]!);
      return [new Tensor(r, A.shape)];
    });
  };
  Object.defineProperty(op, "name", { value: name });
  return op;
}

export const exp = unaryOp("exp", Math.exp, (_x, y) => y);
export const log = unaryOp("log", Math.log, (x) => 1 / x);
export const sqrt = unaryOp("sqrt", Math.sqrt, (_x, y) => 0.5 / y);
export const sin = unaryOp("sin", Math.sin, (x) => Math.cos(x));
export const cos = unaryOp("cos", Math.cos, (x) => -Math.sin(x));
export const tanh = unaryOp("tanh", Math.tanh, (_x, y) => 1 - y * y);
/** |x|, with derivative sign(x) (0 at 0, a valid subgradient). */
export const abs = unaryOp("abs", Math.abs, (x) => Math.sign(x));
export const reciprocal = unaryOp("reciprocal", (x) => 1 / x, (_x, y) => -y * y);

/** Logistic sigmoid 1/(1+e^-x), computed without overflow for large |x|. */
export function sigmoidScalar(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}
export const sigmoid = unaryOp("sigmoid", sigmoidScalar, (_x, y) => y * (1 - y));

/** max(x, 0); derivative taken as 0 at 0. */
export const relu = unaryOp("relu", (x) => (x > 0 ? x : 0), (x) => (x > 0 ? 1 : 0));

/** x * sigmoid(x) (SiLU / swish). */
export const swish = unaryOp(
  "swish",
  (x) => x * sigmoidScalar(x),
  (x) => {
    const s = sigmoidScalar(x);
    return s + x * s * (1 - s);
  },
);

/** Elementwise product of a cotangent with a derivative tensor (helper for fused ops). */
export function chain(g: Tensor, d: Tensor): Tensor {
  return mulKernel(g, d);
}

/** Elementwise clamp to [lo, hi]; the gradient passes only strictly inside the interval. */
export function clip(a: TensorLike, lo: number, hi: number): Tensor {
  if (!(lo <= hi)) throw new Error(`clip: lower bound ${lo} must not exceed upper bound ${hi}`);
  const A = asTensor(a);
  const out = mapUnary(A, (x) => (x < lo ? lo : x > hi ? hi : x));
  if (!anyTracked(A)) return out;
  return record(out, [A], (g) => [mapBinary(g, A, (gi, x) => (x > lo && x < hi ? gi : 0))]);
}
