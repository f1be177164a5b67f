/**
 * Fused MultivariateNormal log-density in the Cholesky parameterisation: value and gradient
 * with respect to x, loc and scaleTril in one node.
 * @module
 */
import { anyTracked, record, tracked } from "../../autodiff/tape.js";
import { expandTo } from "../../tensor/kernels/elementwise.js";
import { sumToShape } from "../../tensor/kernels/reduce.js";
import { broadcastShapes, shapesEqual, sizeOf } from "../../tensor/shape.js";
import { Tensor } from "../../tensor/tensor.js";
import { LOG_SQRT_2PI } from "./constants.js";

/** Data of `t` laid out as `batch + tail`, and whether every batch element shares one block. */
function blocks(t: Tensor, batch: readonly number[], tail: readonly number[]): { d: Float64Array; shared: boolean } {
  const blockSize = sizeOf(tail);
  if (t.size === blockSize) return { d: t.data, shared: true };
  const full = [...batch, ...tail];
  return { d: shapesEqual(t.shape, full) ? t.data : expandTo(t, full).data, shared: false };
}

/**
 * log N(x | μ, LLᵀ) = -½‖z‖² - Σ log L_ii - (d/2) log 2π with z = L⁻¹(x - μ), for x of shape
 * `[..., d]`, loc `[..., d]`, scaleTril `[..., d, d]` (lower triangle read), batch axes
 * broadcasting. With w = L⁻ᵀ z the partials are ∂/∂x = -w, ∂/∂μ = w,
 * ∂/∂L = tril(w zᵀ) - diag(1/L_ii). Only the triangular solves are done (O(d²) per event).
 */
export function multivariateNormalLogProb(x: Tensor, loc: Tensor, scaleTril: Tensor): Tensor {
  const d = scaleTril.shape[scaleTril.ndim - 1]!;
  const batch = broadcastShapes(
    broadcastShapes(x.shape.slice(0, -1), loc.shape.slice(0, -1)),
    scaleTril.shape.slice(0, -2),
  );
  const nb = sizeOf(batch);
  const X = blocks(x, batch, [d]);
  const M = blocks(loc, batch, [d]);
  const Lb = blocks(scaleTril, batch, [d, d]);
  const Ld = Lb.d;
  const dd = d * d;
  const any = anyTracked(x, loc, scaleTril);
  const out = new Float64Array(nb);
  // z for every batch element, then w = L⁻ᵀ z when a gradient is needed
  const Z = new Float64Array(nb * d);
  const W = any ? new Float64Array(nb * d) : null;
  let sharedLogDet = 0;
  if (Lb.shared) for (let i = 0; i < d; i++) sharedLogDet += Math.log(Ld[i * d + i]!);
  for (let b = 0; b < nb; b++) {
    const lo = Lb.shared ? 0 : b * dd;
    const xo = X.shared ? 0 : b * d;
    const mo = M.shared ? 0 : b * d;
    const zo = b * d;
    let quad = 0;
    let logDet = sharedLogDet;
    for (let i = 0; i < d; i++) {
      let s = X.d[xo + i]! - M.d[mo + i]!;
      for (let j = 0; j < i; j++) s -= Ld[lo + i * d + j]! * Z[zo + j]!;
      const zi = s / Ld[lo + i * d + i]!;
      Z[zo + i] = zi;
      quad += zi * zi;
      if (!Lb.shared) logDet += Math.log(Ld[lo + i * d + i]!);
    }
    out[b] = -0.5 * quad - logDet - d * LOG_SQRT_2PI;
    if (W !== null) {
      for (let i = d - 1; i >= 0; i--) {
        let s = Z[zo + i]!;
        for (let j = i + 1; j < d; j++) s -= Ld[lo + j * d + i]! * W[zo + j]!;
        W[zo + i] = s / Ld[lo + i * d + i]!;
      }
    }
  }
  const res = new Tensor(out, batch);
  if (W === null) return res;
  const tx = tracked(x),
    tm = tracked(loc),
    tl = tracked(scaleTril);
  return record(res, [x, loc, scaleTril], (g) => {
    const gd = g.data;
    let gx: Tensor | null = null;
    let gm: Tensor | null = null;
    let gl: Tensor | null = null;
    if (tx || tm) {
      const gw = new Float64Array(nb * d);
      for (let b = 0; b < nb; b++) for (let i = 0; i < d; i++) gw[b * d + i] = gd[b]! * W[b * d + i]!;
      const t = new Tensor(gw, [...batch, d]);
      if (tm) gm = sumToShape(t, loc.shape);
      if (tx) {
        const neg = new Float64Array(gw.length);
        for (let i = 0; i < gw.length; i++) neg[i] = -gw[i]!;
        gx = sumToShape(new Tensor(neg, [...batch, d]), x.shape);
      }
    }
    if (tl) {
      const G = new Float64Array(Lb.shared ? dd : nb * dd);
      for (let b = 0; b < nb; b++) {
        const go = Lb.shared ? 0 : b * dd;
        const lo = Lb.shared ? 0 : b * dd;
        const gb = gd[b]!;
        for (let i = 0; i < d; i++) {
          for (let j = 0; j <= i; j++) G[go + i * d + j] += gb * W[b * d + i]! * Z[b * d + j]!;
          G[go + i * d + i] -= gb / Ld[lo + i * d + i]!;
        }
      }
      gl = Lb.shared ? new Tensor(G, scaleTril.shape) : sumToShape(new Tensor(G, [...batch, d, d]), scaleTril.shape);
    }
    return [gx, gm, gl];
  });
}
