/**
 * The nominal policy: what a practitioner fits without an observation model — the maximum a
 * posteriori weights of the same policy family and prior, treating the perturbed observations as
 * if they were the clean states, one set of weights for all episodes. It is the baseline the
 * Bayesian policy is compared with (calibration and regret).
 * @module
 */
import { potentialEnergy } from "../ppl/index.js";
import { key as makeKey } from "../random/index.js";
import type { ResolvedConfig } from "./config.js";
import { type PolicyData, buildModelArgs } from "./data.js";
import { policyModel } from "./model.js";
import type { WeightDraws } from "./predictive.js";

/**
 * Minimise a smooth function by BFGS with a backtracking (Armijo) line search (Nocedal & Wright,
 * "Numerical Optimization", 2nd ed., Alg. 6.1 and 3.1). Small dense problems only (dim ≲ 100).
 * Also returns the final inverse-Hessian approximation (row-major), a Laplace covariance guess.
 */
export function bfgs(
  f: (x: Float64Array, grad: Float64Array) => number,
  x0: Float64Array,
  { maxIterations = 500, gradTol = 1e-8 } = {},
): { x: Float64Array; value: number; iterations: number; converged: boolean; inverseHessian: Float64Array } {
  const n = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let fx = f(x, g);
  if (!Number.isFinite(fx)) throw new Error(`bfgs: the objective is ${fx} at the starting point`);
  const h = new Float64Array(n * n);
  for (let i = 0; i < n; i++) h[i * n + i] = 1;
  const p = new Float64Array(n);
  for (let it = 0; it < maxIterations; it++) {
    let gnorm = 0;
    for (const v of g) gnorm = Math.max(gnorm, Math.abs(v));
    if (gnorm < gradTol) return { x, value: fx, iterations: it, converged: true, inverseHessian: h };
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let j = 0; j < n; j++) v -= h[i * n + j]! * g[j]!;
      p[i] = v;
    }
    let slope = 0;
    for (let i = 0; i < n; i++) slope += p[i]! * g[i]!;
    if (slope >= 0) {
      // Not a descent direction (round-off in H): restart from steepest descent.
      h.fill(0);
      for (let i = 0; i < n; i++) {
        h[i * n + i] = 1;
        p[i] = -g[i]!;
      }
      slope = -g.reduce((s, v) => s + v * v, 0);
    }
    let step = 1;
    const xNew = new Float64Array(n);
    const gNew = new Float64Array(n);
    let fNew = Infinity;
    for (let ls = 0; ls < 60; ls++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + step * p[i]!;
      fNew = f(xNew, gNew);
      if (Number.isFinite(fNew) && fNew <= fx + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNew <= fx)) return { x, value: fx, iterations: it, converged: false, inverseHessian: h };
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    let sy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i]! - x[i]!;
      y[i] = gNew[i]! - g[i]!;
      sy += s[i]! * y[i]!;
    }
    if (sy > 1e-12) {
      // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
      const rho = 1 / sy;
      const hy = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let v = 0;
        for (let j = 0; j < n; j++) v += h[i * n + j]! * y[j]!;
        hy[i] = v;
      }
      let yhy = 0;
      for (let i = 0; i < n; i++) yhy += y[i]! * hy[i]!;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++)
          h[i * n + j] += -rho * (hy[i]! * s[j]! + s[i]! * hy[j]!) + (rho * rho * yhy + rho) * s[i]! * s[j]!;
    }
    x = xNew;
    g = gNew;
    if (Math.abs(fx - fNew) <= 1e-14 * Math.max(1, Math.abs(fx)))
      return { x, value: fNew, iterations: it + 1, converged: true, inverseHessian: h };
    fx = fNew;
  }
  return { x, value: fx, iterations: maxIterations, converged: false, inverseHessian: h };
}

/**
 * Fit the nominal policy: MAP of the non-hierarchical model with the observations taken as
 * clean states. Returns it as a single "draw" so the predictive code serves both.
 */
export function fitNominalPolicy(config: ResolvedConfig, data: PolicyData): WeightDraws & { converged: boolean } {
  const flat: ResolvedConfig = { ...config, hierarchy: "none" };
  const nominalData: PolicyData = { ...data, groups: undefined, numGroups: 0 };
  const args = buildModelArgs(flat, nominalData, { mode: "known" }, makeKey(0));
  const mp = potentialEnergy(policyModel, args, makeKey(0));
  // The potential includes log|dσ/dq| = q of the action scale's log transform; adding q back
  // makes the optimum the MAP of σ itself (the mode in constrained space), not of log σ.
  const scale = mp.sites.find((site) => site.name === "action_scale");
  const objective = (q: Float64Array, grad: Float64Array): number => {
    let u = mp.potential(q, grad);
    if (scale)
      for (let j = scale.offset; j < scale.offset + scale.size; j++) {
        u += q[j]!;
        grad[j] += 1;
      }
    return u;
  };
  const fit = bfgs(objective, new Float64Array(mp.dim));
  const values = mp.constrain(fit.x);
  return {
    numDraws: 1,
    numFeatures: args.numFeatures,
    numOutputs: args.numOutputs,
    weights: Float64Array.from(values["weights"]!.data),
    actionScale: values["action_scale"] ? Float64Array.from(values["action_scale"].data) : undefined,
    converged: fit.converged,
  };
}
