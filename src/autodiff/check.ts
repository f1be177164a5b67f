/**
 * Finite-difference gradient checking: the independent reference every op's gradient is
 * tested against, and a tool users can point at their own models.
 * @module
 */
import { type Tree, treeLeaves, treeUnflatten } from "../tensor/tree.js";
import { type TensorLike, Tensor, asTensor } from "../tensor/tensor.js";
import { valueAndGrad } from "./grad.js";

export interface GradCheckOptions {
  /** Step of the central difference (default 1e-6, scaled by max(1, |x|)). */
  eps?: number;
  /** Absolute tolerance (default 1e-6). */
  atol?: number;
  /** Relative tolerance (default 1e-5). */
  rtol?: number;
}

export interface GradCheckResult {
  ok: boolean;
  /** Largest |analytic - numeric| over all coordinates. */
  maxAbsError: number;
  /** Per-leaf analytic and numeric gradients (flat), in tree-leaf order. */
  analytic: Float64Array[];
  numeric: Float64Array[];
  /** Human-readable description of the worst coordinate. */
  worst: string;
}

/**
 * Numerical gradient of a scalar function of a tree by central differences,
 * (f(x + h e_i) - f(x - h e_i)) / 2h, with h = eps · max(1, |x_i|).
 */
export function numericalGrad<T extends Tree>(f: (params: T) => TensorLike, params: T, eps = 1e-6): Float64Array[] {
  const leaves = treeLeaves(params);
  const copies = leaves.map((l) => new Tensor(Float64Array.from(l.data), l.shape));
  const tree = treeUnflatten(params, copies);
  const evalf = (): number => {
    const v = asTensor(f(tree));
    if (v.size !== 1)
      throw new Error(`numericalGrad: function must return a scalar, got shape [${v.shape.join(", ")}]`);
    return v.data[0]!;
  };
  return copies.map((c) => {
    const g = new Float64Array(c.size);
    const d = c.data as Float64Array;
    for (let i = 0; i < d.length; i++) {
      const x = d[i]!;
      const h = eps * Math.max(1, Math.abs(x));
      d[i] = x + h;
      const fp = evalf();
      d[i] = x - h;
      const fm = evalf();
      d[i] = x;
      g[i] = (fp - fm) / (2 * h);
    }
    return g;
  });
}

/**
 * Compare the reverse-mode gradient of `f` at `params` with central finite differences.
 * Passes when every coordinate satisfies |a - n| <= atol + rtol · |n|.
 */
export function checkGrad<T extends Tree>(
  f: (params: T) => TensorLike,
  params: T,
  options: GradCheckOptions = {},
): GradCheckResult {
  const { eps = 1e-6, atol = 1e-6, rtol = 1e-5 } = options;
  const [, g] = valueAndGrad(f)(params);
  const analytic = treeLeaves(g).map((t) => Float64Array.from(t.data));
  const numeric = numericalGrad(f, params, eps);
  let ok = true;
  let maxAbsError = 0;
  let worst = "none";
  analytic.forEach((a, leaf) => {
    const n = numeric[leaf]!;
    for (let i = 0; i < a.length; i++) {
      const err = Math.abs(a[i]! - n[i]!);
      const bad = !(err <= atol + rtol * Math.abs(n[i]!));
      if (bad) ok = false;
      if (err > maxAbsError || Number.isNaN(err)) {
        maxAbsError = Number.isNaN(err) ? Infinity : err;
        worst = `leaf ${leaf}, index ${i}: analytic ${a[i]}, numeric ${n[i]}`;
      }
    }
  });
  return { ok, maxAbsError, analytic, numeric, worst };
}
