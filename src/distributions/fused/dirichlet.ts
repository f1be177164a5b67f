/**
 * Fused Dirichlet log-density: value and gradient with respect to x and the concentration in
 * one node.
 * @module
 */
import { anyTracked, record, tracked } from "../../autodiff/tape.js";
import { expandTo } from "../../tensor/kernels/elementwise.js";
import { sumToShape } from "../../tensor/kernels/reduce.js";
import { digamma, lgamma } from "../../tensor/special/gamma.js";
import { broadcastShapes, shapesEqual, sizeOf } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";

/** How far from 1 a simplex point's sum may be (NumPyro's tolerance) before it counts as outside. */
export const SIMPLEX_TOLERANCE = 1e-6;

/** Rows of length k laid out for `batch`, and whether all batch rows share one row. */
function rowsOf(t: Tensor, batch: readonly number[], k: number): { d: Float64Array; shared: boolean } {
  if (t.size === k) return { d: t.data, shared: true };
  const full = [...batch, k];
  return { d: shapesEqual(t.shape, full) ? t.data : expandTo(t, full).data, shared: false };
}

/**
 * log Dir(x | α) = Σ_j (α_j - 1) log x_j + log Γ(α₀) - Σ_j log Γ(α_j), α₀ = Σ α_j, for x on
 * the simplex (entries in [0, 1] summing to 1 within {@link SIMPLEX_TOLERANCE}; 0 · log 0 = 0),
 * -Infinity off it. Partials: ∂/∂x_j = (α_j - 1)/x_j, ∂/∂α_j = log x_j + ψ(α₀) - ψ(α_j).
 */
export function dirichletLogProb(x: Tensor, concentration: Tensor): Tensor {
  const k = concentration.shape[concentration.ndim - 1]!;
  const batch = broadcastShapes(x.shape.slice(0, -1), concentration.shape.slice(0, -1));
  const nb = sizeOf(batch);
  const X = rowsOf(x, batch, k);
  const A = rowsOf(concentration, batch, k);
  const any = anyTracked(x, concentration);
  const tx = any && tracked(x),
    ta = any && tracked(concentration);
  const out = new Float64Array(nb);
  const dx = tx ? new Float64Array(nb * k) : null;
  const da = ta ? new Float64Array(nb * k) : null;
  // log-normaliser and digammas, per row or once for a shared concentration
  let norm = 0;
  let psiSum = 0;
  const psi = ta ? new Float64Array(k) : null;
  const prepare = (ao: number): void => {
    let a0 = 0;
    norm = 0;
    for (let j = 0; j < k; j++) {
      const a = A.d[ao + j]!;
      a0 += a;
      norm -= lgamma(a);
      if (psi !== null) psi[j] = digamma(a);
    }
    norm += lgamma(a0);
    if (psi !== null) psiSum = digamma(a0);
  };
  if (A.shared) prepare(0);
  for (let b = 0; b < nb; b++) {
    const xo = X.shared ? 0 : b * k;
    const ao = A.shared ? 0 : b * k;
    let total = 0;
    let inside = true;
    for (let j = 0; j < k; j++) {
      const v = X.d[xo + j]!;
      if (!(v >= 0 && v <= 1)) inside = false;
      total += v;
    }
    if (!inside || !(Math.abs(total - 1) <= SIMPLEX_TOLERANCE)) {
      out[b] = -Infinity;
      continue;
    }
    if (!A.shared) prepare(ao);
    let s = norm;
    for (let j = 0; j < k; j++) {
      const am1 = A.d[ao + j]! - 1;
      const v = X.d[xo + j]!;
      const logX = Math.log(v);
      if (am1 !== 0) s += am1 * logX;
      if (dx !== null) dx[b * k + j] = am1 === 0 ? 0 : am1 / v;
      if (da !== null) da[b * k + j] = logX + psiSum - psi![j]!;
    }
    out[b] = s;
  }
  const res = new Tensor(out, batch);
  if (!any) return res;
  return record(res, [x, concentration], (g) => {
    const scaled = (p: Float64Array | null, target: Tensor): Tensor | null => {
      if (p === null) return null;
      const r = new Float64Array(p.length);
      for (let b = 0; b < nb; b++) for (let j = 0; j < k; j++) r[b * k + j] = g.data[b]! * p[b * k + j]!;
      return sumToShape(new Tensor(r, [...batch, k]), target.shape);
    };
    return [scaled(dx, x), scaled(da, concentration)];
  });
}
