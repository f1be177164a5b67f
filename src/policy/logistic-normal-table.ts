/**
 * The two-action marginal likelihood through an interpolation table, for many transitions.
 *
 * With two actions and no hierarchy every transition's logit given its observation is
 * N(μᵢ, s²) with one shared s, so log p(aᵢ | oᵢ) = f_{aᵢ}(μᵢ; s) for two smooth functions of μ:
 * f₀ = log E[σ(μ + sZ)] and f₁ = log E[σ(−μ − sZ)]. Instead of a cubature per transition (16
 * exponentials each), both are tabulated on a uniform grid over the range of the μᵢ — value,
 * ∂/∂μ, ∂/∂s and ∂²/∂μ∂s from the same Gauss–Hermite nodes — and evaluated by cubic Hermite
 * interpolation (de Boor, "A Practical Guide to Splines", ch. IV). The grid is fixed in μ (spacing
 * h = 0.1, aligned to multiples of h), so the interpolant is one C¹ function of (μ, s) whatever
 * the current weights; the op returns its value and exact gradient, and HMC sees one smooth
 * potential. The interpolation error is h⁴/384 · max|f⁗| ≲ 3e-8 per transition, and the cost per
 * gradient is (range/h) × nodes + O(N) instead of N × nodes.
 * @module
 */
import { anyTracked, record } from "../autodiff/tape.js";
import { Tensor } from "../tensor/tensor.js";

/** Grid spacing of the table in logit units. */
export const TABLE_SPACING = 0.1;

/** Largest table; wider logit ranges (far from any sensible posterior) are not tabulated. */
export const MAX_TABLE_POINTS = 20_000;

/** Values and derivatives of f₀ and f₁ at the grid points (module docs). */
interface Table {
  readonly lo: number;
  readonly h: number;
  readonly points: number;
  /** Per action a ∈ {0, 1}: f, f_μ, f_s, f_μs at each grid point, interleaved [g·4 + k]. */
  readonly f: [Float64Array, Float64Array];
}

/** Tabulate f₀, f₁ and their derivatives over [lo, hi] for logit sd `s`. */
function tabulate(lo: number, g: number, s: number, nodes: Float64Array, weights: Float64Array): Table {
  const h = TABLE_SPACING;
  const f0 = new Float64Array(g * 4);
  const f1 = new Float64Array(g * 4);
  for (let i = 0; i < g; i++) {
    const mu = lo + i * h;
    // P = E σ(z), Q = E σ(−z) (computed separately so log Q keeps its precision when P ≈ 1).
    let p = 0;
    let q = 0;
    let pMu = 0;
    let pS = 0;
    let pMuS = 0;
    for (let k = 0; k < nodes.length; k++) {
      const xi = nodes[k]!;
      const z = mu + s * xi;
      const e = Math.exp(-Math.abs(z));
      const big = 1 / (1 + e);
      const sig = z >= 0 ? big : e * big; // σ(z)
      const sigNeg = z >= 0 ? e * big : big; // σ(−z)
      const d1 = sig * sigNeg; // σ'(z)
      const d2 = d1 * (sigNeg - sig); // σ''(z) = σ'(1 − 2σ)
      const w = weights[k]!;
      p += w * sig;
      q += w * sigNeg;
      pMu += w * d1;
      pS += w * xi * d1;
      pMuS += w * xi * d2;
    }
    // f₀ = log P: f_μ = P_μ/P, f_s = P_s/P, f_μs = P_μs/P − P_μ P_s / P². Q has the opposite derivatives.
    f0[i * 4] = Math.log(p);
    f0[i * 4 + 1] = pMu / p;
    f0[i * 4 + 2] = pS / p;
    f0[i * 4 + 3] = pMuS / p - (pMu * pS) / (p * p);
    f1[i * 4] = Math.log(q);
    f1[i * 4 + 1] = -pMu / q;
    f1[i * 4 + 2] = -pS / q;
    f1[i * 4 + 3] = -pMuS / q - (pMu * pS) / (q * q);
  }
  return { lo, h, points: g, f: [f0, f1] };
}

/** Number of grid points needed for logits in [lo, hi] (Infinity when not finite). */
export function tablePoints(lo: number, hi: number): number {
  const start = Math.floor(lo / TABLE_SPACING);
  return Math.ceil(hi / TABLE_SPACING) - start + 2;
}

/**
 * Σᵢ log p(aᵢ | μᵢ, s) for actions in {0, 1}, `mu` `[N, 1]`, `s` a scalar tensor (> 0), and a
 * standard-normal rule (`nodes`, `logWeights`); differentiable in `mu` and `s`. The caller
 * checks {@link tablePoints} ≤ {@link MAX_TABLE_POINTS} first.
 */
export function logisticNormalLogLik(
  mu: Tensor,
  s: Tensor,
  actions: Float64Array,
  nodes: Float64Array,
  logWeights: Float64Array,
): Tensor {
  const n = mu.size;
  const sv = s.data[0]!;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    lo = Math.min(lo, mu.data[i]!);
    hi = Math.max(hi, mu.data[i]!);
  }
  const points = tablePoints(lo, hi);
  if (!(points <= MAX_TABLE_POINTS) || !Number.isFinite(sv))
    throw new Error(`logisticNormalLogLik: logits span [${lo}, ${hi}] (s = ${sv}); too wide to tabulate`);
  const table = tabulate(
    Math.floor(lo / TABLE_SPACING) * TABLE_SPACING,
    points,
    sv,
    nodes,
    Float64Array.from(logWeights, Math.exp),
  );
  const track = anyTracked(mu, s);
  const dMu = track ? new Float64Array(n) : undefined;
  let dS = 0;
  let total = 0;
  const last = table.points - 2;
  for (let i = 0; i < n; i++) {
    const f = table.f[actions[i] === 0 ? 0 : 1];
    const x = (mu.data[i]! - table.lo) / table.h;
    const j = Math.min(last, Math.max(0, Math.floor(x)));
    const t = x - j;
    // Cubic Hermite basis on [j, j+1] in the local coordinate t (derivatives scaled by h).
    const t2 = t * t;
    const t3 = t2 * t;
    const h00 = 2 * t3 - 3 * t2 + 1;
    const h10 = t3 - 2 * t2 + t;
    const h01 = -2 * t3 + 3 * t2;
    const h11 = t3 - t2;
    const a = j * 4;
    const b = a + 4;
    const hh = table.h;
    total += h00 * f[a]! + hh * h10 * f[a + 1]! + h01 * f[b]! + hh * h11 * f[b + 1]!;
    if (dMu) {
      // d/dμ of the interpolant: basis derivatives divided by h.
      const d00 = (6 * t2 - 6 * t) / hh;
      const d10 = 3 * t2 - 4 * t + 1;
      const d01 = (-6 * t2 + 6 * t) / hh;
      const d11 = 3 * t2 - 2 * t;
      dMu[i] = d00 * f[a]! + d10 * f[a + 1]! + d01 * f[b]! + d11 * f[b + 1]!;
      // d/ds: the same interpolant of the s-derivatives (the grid itself does not move with s).
      dS += h00 * f[a + 2]! + hh * h10 * f[a + 3]! + h01 * f[b + 2]! + hh * h11 * f[b + 3]!;
    }
  }
  const out = new Tensor(new Float64Array([total]), []);
  if (!track) return out;
  return record(out, [mu, s], (g) => {
    const gv = g.data[0]!;
    // A plain loop: Float64Array.from with a mapping function goes through the iterator protocol
    // and cost more than the forward pass at 100k rows.
    const dm = new Float64Array(n);
    for (let i = 0; i < n; i++) dm[i] = dMu![i]! * gv;
    return [new Tensor(dm, mu.shape), new Tensor(new Float64Array([dS * gv]), s.shape)];
  });
}
