/**
 * Shared fixtures of the policy-posterior tests: synthetic data from a known linear-softmax
 * policy, textbook Gaussian algebra written independently of src/policy, one-dimensional
 * numerical integration, and the model's log-likelihood at fixed weights.
 */
import { type Key, key as makeKey, normal, split, uniform } from "../../src/random/index.js";
import { siteLogProb, substitute, trace } from "../../src/ppl/index.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { type PolicyPosteriorConfig, resolveConfig } from "../../src/policy/config.js";
import { buildModelArgs, buildStateModel, checkPolicyData } from "../../src/policy/data.js";
import { policyModel } from "../../src/policy/model.js";
import type { SummaryRow } from "../../src/infer/diagnostics/index.js";

/** Synthetic transitions: clean states, noisy observations and actions. */
export interface SoftmaxData {
  readonly n: number;
  readonly d: number;
  /** `[n, d]` clean states. */
  readonly states: Float64Array;
  /** Observations as rows. */
  readonly obs: number[][];
  readonly actions: number[];
}

/** Probabilities of softmax([x·W_s + b, 0]) for W given as rows `[F][C]` (last row = bias). */
export function softmaxProbs(x: ArrayLike<number>, w: readonly (readonly number[])[]): number[] {
  const d = x.length;
  const c = w[0]!.length;
  const logits: number[] = [];
  for (let j = 0; j < c; j++) {
    let v = w[d]![j]!;
    for (let a = 0; a < d; a++) v += x[a]! * w[a]![j]!;
    logits.push(v);
  }
  logits.push(0);
  const m = Math.max(...logits);
  const e = logits.map((l) => Math.exp(l - m));
  const z = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / z);
}

/**
 * n transitions with x ~ N(0, I_d) (times `stateScale`), o = x + noiseStd·ε and a drawn from
 * the softmax policy with weights `w` (rows `[F][C]`) at the clean state, all from `seed`.
 */
export function softmaxData(
  k: Key,
  n: number,
  w: readonly (readonly number[])[],
  noiseStd: number,
  stateScale = 1,
): SoftmaxData {
  const d = w.length - 1;
  const [k1, k2, k3] = split(k, 3);
  const x = normal(k1!, [n, d]).data.map((v) => v * stateScale);
  const e = normal(k2!, [n, d]).data;
  const u = uniform(k3!, [n]).data;
  const obs: number[][] = [];
  const actions: number[] = [];
  for (let i = 0; i < n; i++) {
    const xi = x.subarray(i * d, (i + 1) * d);
    const p = softmaxProbs(xi, w);
    let cum = 0;
    let a = p.length - 1;
    for (let j = 0; j < p.length; j++) {
      cum += p[j]!;
      if (u[i]! < cum) {
        a = j;
        break;
      }
    }
    actions.push(a);
    obs.push(Array.from(xi, (v, j) => v + noiseStd * e[i * d + j]!));
  }
  return { n, d, states: x, obs, actions };
}

/** Weights `[F][C]` drawn from N(0, priorVar). */
export function priorWeights(k: Key, f: number, c: number, priorVar = 1): number[][] {
  const z = normal(k, [f, c]).data;
  return Array.from({ length: f }, (_, i) => Array.from({ length: c }, (_, j) => Math.sqrt(priorVar) * z[i * c + j]!));
}

/** Lower Cholesky factor of a small SPD matrix (row-major), written out for the tests. */
export function cholesky(a: ArrayLike<number>, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++)
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j]!;
      for (let k = 0; k < j; k++) s -= l[i * d + k]! * l[j * d + k]!;
      l[i * d + j] = i === j ? Math.sqrt(s) : s / l[j * d + j]!;
    }
  return l;
}

/** Inverse of a small matrix by Gauss–Jordan elimination with partial pivoting. */
export function inverse(a: ArrayLike<number>, d: number): Float64Array {
  const m = Float64Array.from(a);
  const inv = new Float64Array(d * d);
  for (let i = 0; i < d; i++) inv[i * d + i] = 1;
  for (let c = 0; c < d; c++) {
    let p = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(m[r * d + c]!) > Math.abs(m[p * d + c]!)) p = r;
    for (let j = 0; j < d; j++) {
      [m[c * d + j], m[p * d + j]] = [m[p * d + j]!, m[c * d + j]!];
      [inv[c * d + j], inv[p * d + j]] = [inv[p * d + j]!, inv[c * d + j]!];
    }
    const piv = m[c * d + c]!;
    for (let j = 0; j < d; j++) {
      m[c * d + j] /= piv;
      inv[c * d + j] /= piv;
    }
    for (let r = 0; r < d; r++) {
      if (r === c) continue;
      const f = m[r * d + c]!;
      for (let j = 0; j < d; j++) {
        m[r * d + j] -= f * m[c * d + j]!;
        inv[r * d + j] -= f * inv[c * d + j]!;
      }
    }
  }
  return inv;
}

/**
 * x | o for (x, o) jointly Gaussian with x ~ N(m, S), o = x + ε, ε ~ N(0, diag(noiseVar)):
 * the joint covariance is [[S, S], [S, S + Σₙ]], so by the Schur complement
 * E[x | o] = m + S (S + Σₙ)⁻¹ (o − m), Cov = S − S (S + Σₙ)⁻¹ S.
 * (S + Σₙ is invertible whenever S is, so a coordinate with zero noise needs no special case.)
 */
export function schurConditional(
  m: ArrayLike<number>,
  s: ArrayLike<number>,
  noiseVar: ArrayLike<number>,
  o: ArrayLike<number>,
  d: number,
): { mean: Float64Array; cov: Float64Array } {
  const soo = Float64Array.from(s);
  for (let j = 0; j < d; j++) soo[j * d + j] += noiseVar[j]!;
  const inv = inverse(soo, d);
  // Σ_xo Σ_oo⁻¹ with Σ_xo = S.
  const gain = new Float64Array(d * d);
  for (let a = 0; a < d; a++)
    for (let b = 0; b < d; b++) {
      let v = 0;
      for (let k = 0; k < d; k++) v += s[a * d + k]! * inv[k * d + b]!;
      gain[a * d + b] = v;
    }
  const mean = new Float64Array(d);
  const cov = new Float64Array(d * d);
  for (let a = 0; a < d; a++) {
    let v = m[a]!;
    for (let b = 0; b < d; b++) v += gain[a * d + b]! * (o[b]! - m[b]!);
    mean[a] = v;
    for (let b = 0; b < d; b++) {
      let g = 0;
      for (let k = 0; k < d; k++) g += gain[a * d + k]! * s[k * d + b]!;
      cov[a * d + b] = s[a * d + b]! - g;
    }
  }
  return { mean, cov };
}

/** Composite Simpson weights on `n` (odd) equally spaced points over [lo, hi]. */
export function simpsonGrid(lo: number, hi: number, n: number): { x: Float64Array; w: Float64Array } {
  if (n % 2 === 0) throw new Error("simpsonGrid: n must be odd");
  const h = (hi - lo) / (n - 1);
  const x = Float64Array.from({ length: n }, (_, i) => lo + i * h);
  const w = Float64Array.from({ length: n }, (_, i) => ((i === 0 || i === n - 1 ? 1 : i % 2 === 1 ? 4 : 2) * h) / 3);
  return { x, w };
}

/** Standard normal density. */
export function phi(z: number): number {
  return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
}

/** Weights rows `[F][C]` as a tensor `[F, C]`. */
export function weightTensor(w: readonly (readonly number[])[]): Tensor {
  return new Tensor(Float64Array.from(w.flat()), [w.length, w[0]!.length]);
}

/**
 * The model's log-likelihood of the actions (the `actions` site) at fixed parameters, built
 * exactly as `samplePosterior` builds its model arguments.
 */
export function modelLogLik(
  config: PolicyPosteriorConfig,
  obs: number[][],
  actions: ArrayLike<number> | number[][],
  params: Record<string, Tensor>,
  seed = 0,
  groups?: ArrayLike<number>,
): { logLik: number; mode: string } {
  const resolved = resolveConfig(config);
  const data = checkPolicyData(resolved, obs, actions, groups);
  const state = buildStateModel(resolved, data);
  const args = buildModelArgs(resolved, data, state, makeKey(seed));
  const { trace: tr } = trace(substitute(policyModel, params))(args);
  return { logLik: siteLogProb(tr.get("actions")!).data[0]!, mode: state.mode };
}

/** Summary rows by name. */
export function rowsByName(rows: readonly SummaryRow[]): Map<string, SummaryRow> {
  return new Map(rows.map((r) => [r.name, r]));
}

/** A flat list of `[chains, draws, ...]` site values for scalar index `j` of the site. */
export function siteColumn(t: Tensor, j: number): Float64Array {
  const chains = t.shape[0]!;
  const draws = t.shape[1]!;
  const width = t.size / (chains * draws);
  return Float64Array.from({ length: chains * draws }, (_, i) => t.data[i * width + j]!);
}

/** Type-7 quantile of a sample. */
export function quantile(x: ArrayLike<number>, q: number): number {
  const s = Array.from(x).sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  return s[lo]! + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)] ?? s[lo]!) - s[lo]!);
}

export { makeKey };
