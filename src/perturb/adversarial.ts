/**
 * Adversarial observation perturbations against a differentiable policy: the fast gradient
 * sign method (FGSM, Goodfellow, Shlens & Szegedy 2015) and projected gradient descent (PGD,
 * Madry et al. 2018), both maximising KL(π(·|clean) ‖ π(·|perturbed)) within an ε-ball around
 * the clean observation, in the L∞ or the L2 norm. This is the attack of Huang et al. (2017)
 * and Zhang et al. (2020) on deep RL policies: with no reward signal at test time, the
 * adversary pushes the action distribution as far as it can from the one the agent meant.
 * @module
 */
import { sum, valueAndGrad } from "../autodiff/index.js";
import type { DifferentiablePolicy } from "../envs/policy.js";
import { type Key, normal, split, uniform } from "../random/index.js";
import { Tensor } from "../tensor/tensor.js";
import { definePerturbation, type PerturbationModel } from "./define.js";
import type { PerturbContext } from "./perturbation.js";
import { checkApply, checkBoolean, checkChoice, checkInteger, checkKnownKeys, checkNumber } from "./validate.js";

/** The norm of the ε-ball: `"linf"` (max-abs) or `"l2"` (Euclidean), per row. */
export type AttackNorm = "linf" | "l2";

/** The attack norms, as accepted by {@link fgsm} and {@link pgd}. */
export const attackNorms: readonly AttackNorm[] = Object.freeze(["linf", "l2"]);

/** Parameters of {@link fgsm}. */
export interface FgsmOptions {
  /** Radius ε ≥ 0 of the ball, in observation units. */
  readonly epsilon: number;
  /** Ball norm (default `"linf"`). */
  readonly norm?: AttackNorm;
}

/** Parameters of {@link pgd}. */
export interface PgdOptions {
  /** Radius ε ≥ 0 of the ball, in observation units. */
  readonly epsilon: number;
  /** Ball norm (default `"linf"`). */
  readonly norm?: AttackNorm;
  /** Number of projected ascent steps, ≥ 1 (default 10). */
  readonly steps?: number;
  /** Length of each step (L∞: per coordinate; L2: Euclidean), > 0 (≥ 0 when ε = 0); default 2.5 ε / steps. */
  readonly stepSize?: number;
  /** Start from a uniform point of the ball instead of the clean observation (default true). */
  readonly randomStart?: boolean;
  /**
   * Independent runs, each row keeping its best result (default 1). Near δ = 0 the KL is a
   * convex quadratic, ½ δᵀFδ, being maximised over a ball, so projected ascent can stop at a
   * local maximum (for L∞, a vertex of the box where sign(Fδ) = sign(δ)); restarts from other
   * random points find better ones, as in Madry et al.'s evaluations. Useful with `randomStart`.
   */
  readonly restarts?: number;
}

/**
 * Relative size of the finite probe that replaces the vanishing gradient at δ = 0: the probe
 * sits at ξ = 1e-3 · ε from its base point, small enough for the KL's second-order expansion
 * to hold (its gradient there is ξ·H·d to relative O(ξ)) and large enough that p − q, of order
 * ξ, is far above rounding.
 */
const PROBE_SCALE = 1e-3;

function checkPolicy(where: string, context: PerturbContext | undefined): DifferentiablePolicy {
  const p = context?.policy;
  if (p === undefined)
    throw new Error(
      `${where}: context.policy is required (the DifferentiablePolicy whose KL divergence the attack maximises)`,
    );
  if (typeof p !== "object" || p === null || typeof (p as DifferentiablePolicy).klDivergence !== "function")
    throw new Error(`${where}: context.policy must be a DifferentiablePolicy (with a klDivergence method)`);
  return p;
}

/**
 * Per-row KL and its gradient with respect to the perturbed batch `x` (rows are independent,
 * so the gradient of the summed KL is each row's own gradient).
 */
function klAndGrad(where: string, policy: DifferentiablePolicy, clean: Tensor, x: Float64Array, n: number, d: number) {
  let rows: Float64Array | undefined;
  const [, g] = valueAndGrad((p: Tensor) => {
    const kl = policy.klDivergence(clean, p);
    if (!(kl instanceof Tensor) || kl.size !== n)
      throw new Error(
        `${where}: policy.klDivergence must return a Tensor of shape [${n}], got ${
          kl instanceof Tensor ? `shape [${kl.shape.join(", ")}]` : typeof kl
        }`,
      );
    rows = kl.data.slice();
    return sum(kl);
  })(new Tensor(x, [n, d]));
  const gd = g.data;
  for (let i = 0; i < gd.length; i++)
    if (!Number.isFinite(gd[i]!))
      throw new Error(
        `${where}: the KL gradient is not finite (${gd[i]}) at row ${Math.floor(i / d)}, column ${i % d}`,
      );
  return { kl: rows!, grad: gd };
}

/** Per-row KL without a gradient (to score the final iterate). */
function klOnly(policy: DifferentiablePolicy, clean: Tensor, x: Float64Array, n: number, d: number): Float64Array {
  return policy.klDivergence(clean, new Tensor(x, [n, d])).data;
}

function rowNorm(v: Float64Array, i: number, d: number, norm: AttackNorm): number {
  let s = 0;
  if (norm === "linf") {
    for (let j = 0; j < d; j++) s = Math.max(s, Math.abs(v[i * d + j]!));
    return s;
  }
  for (let j = 0; j < d; j++) s += v[i * d + j]! * v[i * d + j]!;
  return Math.sqrt(s);
}

/**
 * The steepest-ascent unit direction of a gradient row in the given norm: sign(g) for L∞
 * (the maximiser of gᵀu over ‖u‖∞ ≤ 1), g / ‖g‖₂ for L2. A zero row gives a zero direction.
 */
function ascentDirection(g: Float64Array, n: number, d: number, norm: AttackNorm): Float64Array {
  const u = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    if (norm === "linf") {
      for (let j = 0; j < d; j++) u[i * d + j] = Math.sign(g[i * d + j]!);
    } else {
      const r = rowNorm(g, i, d, "l2");
      if (r > 0) for (let j = 0; j < d; j++) u[i * d + j] = g[i * d + j]! / r;
    }
  }
  return u;
}

/**
 * Project δ (in place) onto the ε-ball: clip each coordinate to [−ε, ε] for L∞, rescale rows
 * longer than ε for L2 (Madry et al. 2018, the projection step of PGD).
 */
function projectInPlace(delta: Float64Array, n: number, d: number, epsilon: number, norm: AttackNorm): void {
  for (let i = 0; i < n; i++) {
    if (norm === "linf") {
      for (let j = 0; j < d; j++) delta[i * d + j] = Math.min(epsilon, Math.max(-epsilon, delta[i * d + j]!));
    } else {
      const r = rowNorm(delta, i, d, "l2");
      if (r > epsilon) for (let j = 0; j < d; j++) delta[i * d + j] = (delta[i * d + j]! * epsilon) / r;
    }
  }
}

/** A uniform point of the ε-ball per row: the box for L∞; for L2, a Gaussian direction at radius ε·U^(1/D). */
function uniformInBall(k: Key, n: number, d: number, epsilon: number, norm: AttackNorm): Float64Array {
  const [k1, k2] = split(k, 2) as [Key, Key];
  if (norm === "linf") {
    const u = uniform(k1, [n, d]).data;
    return u.map((v) => epsilon * (2 * v - 1));
  }
  const z = normal(k1, [n, d]).data.slice();
  const radius = uniform(k2, [n]).data;
  for (let i = 0; i < n; i++) {
    const r = rowNorm(z, i, d, "l2");
    const s = (epsilon * radius[i]! ** (1 / d)) / r;
    for (let j = 0; j < d; j++) z[i * d + j] = z[i * d + j]! * s;
  }
  return z;
}

/**
 * The gradient of the KL at `base + ξ·dir` (dir a Gaussian direction of unit L2 length per row).
 * At δ = 0 the KL has its minimum (zero), so its gradient vanishes; one step away it is
 * ξ·H·dir + O(ξ²) with H the KL's Hessian (the Fisher information of the action distribution
 * pulled back to observations): one power iteration towards H's leading eigenvector, the
 * direction in which the action distribution is most sensitive. This is the finite-difference
 * power method of virtual adversarial training (Miyato et al. 2018, eq. 9–10).
 */
function probeGradient(
  where: string,
  k: Key,
  policy: DifferentiablePolicy,
  clean: Tensor,
  base: Float64Array,
  n: number,
  d: number,
  xi: number,
): Float64Array {
  const z = normal(k, [n, d]).data;
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const r = rowNorm(z, i, d, "l2");
    for (let j = 0; j < d; j++) x[i * d + j] = base[i * d + j]! + (xi * z[i * d + j]!) / r;
  }
  const { kl, grad: g } = klAndGrad(where, policy, clean, x, n, d);
  // A KL that moves while its gradient is zero everywhere was not built from autodiff ops.
  if (kl.some((v) => v > 0) && g.every((v) => v === 0))
    throw new Error(
      `${where}: policy.klDivergence changes with the observations but its gradient is zero; ` +
        "build it from autodiff ops so that gradients reach the perturbed observations",
    );
  return g;
}

function rowIsZero(g: Float64Array, i: number, d: number): boolean {
  for (let j = 0; j < d; j++) if (g[i * d + j] !== 0) return false;
  return true;
}

/** The neighbouring double of x in the direction of target (x itself when equal). */
function nextToward(x: number, target: number): number {
  if (x === target) return x;
  const f = new Float64Array([x]);
  const bits = new BigInt64Array(f.buffer);
  // Away from zero means a larger magnitude: the integer view of a double is monotone in it.
  const up = target > x;
  if (x === 0) return up ? Number.MIN_VALUE : -Number.MIN_VALUE;
  bits[0] = x > 0 === up ? bits[0]! + 1n : bits[0]! - 1n;
  return f[0]!;
}

/**
 * Make every row satisfy ‖out − clean‖ ≤ ε as computed in floating point. δ is within the ball
 * by construction, but clean + δ rounds, and (clean + δ) − clean can exceed ε by half an ulp of
 * clean (large observations, small ε). Offending coordinates move one ulp towards clean at a
 * time, which lowers the computed distance monotonically; a few steps always suffice.
 */
function enforceBallInPlace(
  out: Float64Array,
  clean: Float64Array,
  n: number,
  d: number,
  epsilon: number,
  norm: AttackNorm,
): void {
  const dist = (i: number): number => {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const v = Math.abs(out[i * d + j]! - clean[i * d + j]!);
      s = norm === "linf" ? Math.max(s, v) : s + v * v;
    }
    return norm === "linf" ? s : Math.sqrt(s);
  };
  for (let i = 0; i < n; i++) {
    for (let it = 0; dist(i) > epsilon; it++) {
      if (it === 64) {
        // Unreachable in practice; the clean row is always inside.
        out.set(clean.subarray(i * d, (i + 1) * d), i * d);
        break;
      }
      for (let j = 0; j < d; j++) {
        const c = clean[i * d + j]!;
        const o = out[i * d + j]!;
        if (norm === "l2" || Math.abs(o - c) > epsilon) out[i * d + j] = nextToward(o, c);
      }
    }
  }
}

function cleanCopy(clean: Tensor): Tensor {
  return new Tensor(clean.data.slice(), clean.shape.slice());
}

/**
 * FGSM (Goodfellow et al. 2015): one step of size ε along the steepest-ascent direction of the
 * KL, perturbed = clean + ε·sign(g) for L∞ or clean + ε·g/‖g‖₂ for L2, per row.
 *
 * The classic FGSM takes g at the clean point, but there the KL is at its minimum and g = 0
 * exactly. We take g at a probe point clean + ξ·d (d a random unit direction from the key,
 * ξ = 1e-3·ε) instead: the virtual-adversarial trick of Miyato et al. (2018), whose gradient is
 * ξ·H·d + O(ξ²), one power iteration towards the most sensitive direction. We prefer it to a
 * random start inside the ball (R+FGSM, Tramèr et al. 2018) because it keeps the whole budget
 * for the adversarial direction; the key only decides which mix of the high-curvature directions
 * (and which of ± each) the single power iteration lands on. The KL is even in δ to second order, so ±sign(g)
 * are equally good to that order; the probe's sign decides. Rows where the policy does not
 * depend on the observation (g = 0) are returned clean. `context.policy` is required; ε = 0
 * returns a copy of `clean`. The perturbation is not clipped to any observation space.
 */
export function fgsm(options: FgsmOptions): PerturbationModel {
  const WHERE = "fgsm";
  const o = checkKnownKeys(WHERE, options, ["epsilon", "norm"]);
  const epsilon = checkNumber(WHERE, "epsilon", o.epsilon, { min: 0 });
  const norm = o.norm === undefined ? "linf" : checkChoice(WHERE, "norm", o.norm, attackNorms);
  return definePerturbation(WHERE, { epsilon, norm }, (k, clean, context) => {
    const [n, d] = checkApply(WHERE, k, clean);
    const policy = checkPolicy(WHERE, context);
    if (epsilon === 0 || n === 0) return cleanCopy(clean);
    const c = new Tensor(clean.data, clean.shape);
    const g = probeGradient(WHERE, k, policy, c, clean.data, n, d, PROBE_SCALE * epsilon);
    const u = ascentDirection(g, n, d, norm);
    const out = new Float64Array(n * d);
    for (let i = 0; i < n * d; i++) out[i] = clean.data[i]! + epsilon * u[i]!;
    enforceBallInPlace(out, clean.data, n, d, epsilon, norm);
    return new Tensor(out, [n, d]);
  });
}

/**
 * PGD (Madry et al. 2018): from a uniform random point of the ε-ball (or from the clean point),
 * `steps` ascent steps x ← Π(x + α·u), u = sign(g) for L∞ and g/‖g‖₂ for L2, Π the projection
 * onto the ball around the clean observation (coordinate clipping for L∞, radial rescaling for
 * L2). Default step size α = 2.5·ε/steps, the choice of Madry et al.'s robustness library, so
 * that the iterates can cross the ball and still settle on its boundary.
 *
 * Each row returns its best iterate (largest KL among the start and the `steps` updates), so
 * more steps never lower a row's KL. Where a row's gradient is exactly zero (at the clean point
 * when `randomStart` is false, or where the KL is flat) the step follows the gradient at a
 * probe point ξ = 1e-3·ε away instead, as in {@link fgsm}. With `restarts` > 1 the runs use the
 * children of `split(key, restarts)` and every row keeps its best over all runs. Key use within a
 * run with key k: child 0 of `split(k, steps + 1)` draws the start, child s + 1 the probe of step s.
 */
export function pgd(options: PgdOptions): PerturbationModel {
  const WHERE = "pgd";
  const o = checkKnownKeys(WHERE, options, ["epsilon", "norm", "steps", "stepSize", "randomStart", "restarts"]);
  const epsilon = checkNumber(WHERE, "epsilon", o.epsilon, { min: 0 });
  const norm = o.norm === undefined ? "linf" : checkChoice(WHERE, "norm", o.norm, attackNorms);
  const steps = o.steps === undefined ? 10 : checkInteger(WHERE, "steps", o.steps, { min: 1, max: 100000 });
  // ε = 0 makes the default step 0; accept that back from a stored record.
  const stepSize =
    o.stepSize === undefined
      ? (2.5 * epsilon) / steps
      : checkNumber(WHERE, "stepSize", o.stepSize, { min: 0, minExclusive: epsilon > 0 });
  const randomStart = o.randomStart === undefined ? true : checkBoolean(WHERE, "randomStart", o.randomStart);
  const restarts = o.restarts === undefined ? 1 : checkInteger(WHERE, "restarts", o.restarts, { min: 1, max: 1000 });
  const params = { epsilon, norm, steps, stepSize, randomStart, restarts };
  return definePerturbation(WHERE, params, (k, clean, context) => {
    const [n, d] = checkApply(WHERE, k, clean);
    const policy = checkPolicy(WHERE, context);
    if (epsilon === 0 || n === 0) return cleanCopy(clean);
    const c = new Tensor(clean.data, clean.shape);
    const x0 = clean.data;
    const x = new Float64Array(n * d);
    // Rows whose KL never compares (NaN from the policy) stay clean.
    const best = x0.slice();
    const bestKl = new Float64Array(n).fill(-Infinity);
    const keepBest = (kl: ArrayLike<number>): void => {
      for (let i = 0; i < n; i++)
        if (kl[i]! > bestKl[i]!) {
          bestKl[i] = kl[i]!;
          best.set(x.subarray(i * d, (i + 1) * d), i * d);
        }
    };
    const runKeys = restarts === 1 ? [k] : split(k, restarts);
    for (const kRun of runKeys) {
      const keys = split(kRun, steps + 1);
      const delta = randomStart ? uniformInBall(keys[0]!, n, d, epsilon, norm) : new Float64Array(n * d);
      for (let s = 0; s <= steps; s++) {
        for (let i = 0; i < n * d; i++) x[i] = x0[i]! + delta[i]!;
        if (s === steps) {
          keepBest(klOnly(policy, c, x, n, d));
          break;
        }
        const { kl, grad: g } = klAndGrad(WHERE, policy, c, x, n, d);
        keepBest(kl);
        let anyZero = false;
        for (let i = 0; i < n && !anyZero; i++) anyZero = rowIsZero(g, i, d);
        let gUse = g;
        if (anyZero) {
          const gp = probeGradient(WHERE, keys[s + 1]!, policy, c, x, n, d, PROBE_SCALE * epsilon);
          gUse = g.slice();
          for (let i = 0; i < n; i++) if (rowIsZero(g, i, d)) gUse.set(gp.subarray(i * d, (i + 1) * d), i * d);
        }
        const u = ascentDirection(gUse, n, d, norm);
        for (let i = 0; i < n * d; i++) delta[i] = delta[i]! + stepSize * u[i]!;
        projectInPlace(delta, n, d, epsilon, norm);
      }
    }
    enforceBallInPlace(best, x0, n, d, epsilon, norm);
    return new Tensor(best, [n, d]);
  });
}
