/**
 * The hierarchical Bayesian policy model as a probabilistic program over plain-data arguments
 * (so MCMC chains can rebuild it in worker threads).
 *
 * Policy: linear in features φ(x) of the clean state x — a softmax over K actions with the last
 * action's logit fixed at 0 (identifiability), or a Gaussian over continuous actions with
 * per-dimension scale `action_scale`. Weights `[F, C]` (C = K − 1 or the action dimension) have a
 * N(0, policyPriorVariance) prior; under a hierarchy, group g has
 * `weights[g] = weights_loc + weights_scale · weights_raw[g]` with `weights_raw ~ N(0, 1)` — the
 * non-centred parameterisation (Papaspiliopoulos, Roberts & Sköld 2007; Betancourt & Girolami
 * 2015), which NUTS samples without funnels when groups carry little data.
 *
 * The clean state enters in one of four ways (`mode`):
 * - `known`: no observation noise; φ(x) is data.
 * - `quadrature`: affine φ and Gaussian noise. Then the logits (or action means) given o are an
 *   affine function of x | o ~ N(mᵢ, Σ) (state-prior.ts), i.e. Gaussian with mean φ(mᵢ)W and
 *   covariance W_sᵀ Σ W_s (W_s: the state rows of W). The action likelihood p(aᵢ | oᵢ, W) is a
 *   C-dimensional Gaussian expectation, computed by Gauss–Hermite cubature (discrete) or in closed
 *   form (continuous: a | o ~ N(φ(mᵢ)W, W_sᵀ Σ W_s + diag σ²)). Exact up to cubature error, and
 *   the dimension of the posterior is that of the policy only.
 * - `monte-carlo`: any φ or observation density. Fixed draws x_is with self-normalised weights
 *   (from x | o when Gaussian, otherwise from the state prior weighted by p(o | x)) give
 *   p(aᵢ | oᵢ, W) ≈ Σ_s w_is π(aᵢ | x_is, W): a simulated likelihood (Gouriéroux & Monfort 1996),
 *   biased by O(1/S) in log and exact as S → ∞.
 * - `joint`: the clean states are latent (`clean_state_noise`, standard normal, mapped to
 *   x = mᵢ + L ε, so that the prior times the Gaussian observation density is the conditional
 *   x | o exactly). Exact for any φ, but the posterior has N·D more dimensions.
 * @module
 */
import {
  add,
  concat,
  expandDims,
  log,
  logsumexp,
  matmul,
  mT,
  mul,
  neg,
  reshape,
  scale,
  square,
  sub,
  sum,
  take,
  triangularSolve,
  cholesky,
  diagPart,
} from "../autodiff/index.js";
import { Categorical, HalfNormal, Normal } from "../distributions/index.js";
import { deterministic, factor, sample } from "../ppl/index.js";
import { Tensor, eye, zeros } from "../tensor/tensor.js";
import type { FeatureSpec, PolicyFamily } from "./config.js";
import { applyFeatures } from "./features.js";
import { MAX_TABLE_POINTS, logisticNormalLogLik, tablePoints } from "./logistic-normal-table.js";
import { mixtureSoftmaxLogLik } from "./mixture-softmax.js";

/**
 * Transitions from which the two-action likelihood goes through the interpolation table
 * (logistic-normal-table.ts): below this the table costs more than the cubature per row.
 */
export const TABLE_MIN_ROWS = 200;

/** How the clean state enters the likelihood (module docs). */
export type StateMode = "known" | "quadrature" | "monte-carlo" | "joint";

/** Model arguments: plain data only (tensors, numbers, strings, plain objects). */
export interface PolicyModelArgs {
  readonly family: PolicyFamily;
  /** C: K − 1 logits or the action dimension. */
  readonly numOutputs: number;
  readonly numFeatures: number;
  readonly stateDim: number;
  readonly features: FeatureSpec;
  readonly priorScale: number;
  readonly groupScalePrior: number;
  /** 0 without a hierarchy; otherwise the number of groups. */
  readonly numGroups: number;
  /** Group index per transition `[N]` (as numbers), when `numGroups > 0`. */
  readonly groups?: Tensor;
  /** Discrete: action index per transition `[N]`; continuous: `[N, A]`. */
  readonly actions: Tensor;
  readonly mode: StateMode;
  /** known: φ(x) `[N, F]`; quadrature: φ(E[x | oᵢ]) `[N, F]`; monte-carlo: φ(x_is) `[N·S, F]` (row i·S + s). */
  readonly stateFeatures?: Tensor;
  /** monte-carlo: normalised log weights `[N, S]`. */
  readonly logWeights?: Tensor;
  /** quadrature / joint: E[x | oᵢ] `[N, D]`. */
  readonly stateMeans?: Tensor;
  /** quadrature / joint: L with L Lᵀ = Cov[x | o], `[D, D]`. */
  readonly stateScaleTril?: Tensor;
  /** quadrature (discrete): standard-normal nodes `[S, C]` and log weights `[S]`. */
  readonly nodes?: Tensor;
  readonly nodeLogWeights?: Tensor;
}

/** Jitter added to W_sᵀ Σ W_s so its Cholesky factor exists when the weights vanish. */
const JITTER = 1e-10;

function need<T>(v: T | undefined, name: string, mode: string): T {
  if (v === undefined) throw new Error(`policy model: mode ${mode} needs ${name}`);
  return v;
}

/** The policy weights `[F, C]`, or `[G, F, C]` per group. */
function policyWeights(args: PolicyModelArgs): Tensor {
  const shape = [args.numFeatures, args.numOutputs];
  if (args.numGroups === 0) return sample("weights", Normal(zeros(shape), args.priorScale));
  const loc = sample("weights_loc", Normal(zeros(shape), args.priorScale));
  const spread = sample("weights_scale", HalfNormal(scale(ones(shape), args.groupScalePrior)));
  const raw = sample("weights_raw", Normal(zeros([args.numGroups, ...shape]), 1));
  return deterministic("weights", add(loc, mul(spread, raw)));
}

function ones(shape: number[]): Tensor {
  const t = zeros(shape);
  t.data.fill(1);
  return t;
}

/**
 * φ · W per row: `[R, C]` for features `[R, F]`; under a hierarchy row r uses the weights of
 * group `groups[r / repeat]`.
 */
function linearOutputs(features: Tensor, weights: Tensor, args: PolicyModelArgs, repeat: number): Tensor {
  if (args.numGroups === 0) return matmul(features, weights);
  const g = repeatIndices(need(args.groups, "groups", "hierarchical"), repeat);
  const perRow = take(weights, g, 0); // [R, F, C]
  return sum(mul(expandDims(features, -1), perRow), 1);
}

/** Group index per row when every transition is repeated `repeat` times (rows i·S + s). */
function repeatIndices(groups: Tensor, repeat: number): number[] {
  const out = new Array<number>(groups.size * repeat);
  for (let i = 0; i < groups.size; i++) for (let s = 0; s < repeat; s++) out[i * repeat + s] = groups.data[i]!;
  return out;
}

/** The policy model; see the module documentation. */
export function policyModel(args: PolicyModelArgs): void {
  const weights = policyWeights(args);
  const actionScale =
    args.family === "linear-gaussian" ? sample("action_scale", HalfNormal(ones([args.numOutputs]))) : undefined;
  switch (args.mode) {
    case "known":
      return observeActions(
        args,
        linearOutputs(need(args.stateFeatures, "stateFeatures", "known"), weights, args, 1),
        actionScale,
      );
    case "joint": {
      const means = need(args.stateMeans, "stateMeans", "joint");
      const eps = sample("clean_state_noise", Normal(zeros(means.shape), 1));
      const states = add(means, matmul(eps, mT(need(args.stateScaleTril, "stateScaleTril", "joint"))));
      return observeActions(args, linearOutputs(applyFeatures(args.features, states), weights, args, 1), actionScale);
    }
    case "monte-carlo":
      return monteCarloLikelihood(args, weights, actionScale);
    case "quadrature":
      return args.family === "linear-softmax"
        ? quadratureSoftmax(args, weights)
        : exactGaussianLikelihood(args, weights, actionScale!);
  }
}

function observeActions(args: PolicyModelArgs, outputs: Tensor, actionScale: Tensor | undefined): void {
  if (args.family === "linear-softmax") {
    const logits = concat([outputs, zeros([outputs.shape[0]!, 1])], 1);
    sample("actions", Categorical({ logits }), { obs: args.actions });
  } else sample("actions", Normal(outputs, actionScale!), { obs: args.actions });
}

function monteCarloLikelihood(args: PolicyModelArgs, weights: Tensor, actionScale: Tensor | undefined): void {
  const logW = need(args.logWeights, "logWeights", "monte-carlo");
  const [n, s] = logW.shape as [number, number];
  const outputs = linearOutputs(need(args.stateFeatures, "stateFeatures", "monte-carlo"), weights, args, s);
  let perDraw: Tensor;
  if (args.family === "linear-softmax") {
    const c = args.numOutputs;
    factor("actions", mixtureSoftmaxLogLik(zeros([n, c]), reshape(outputs, [n, s, c]), args.actions.data, logW.data));
    return;
  } else {
    const a = args.numOutputs;
    const rep = new Tensor(repeatRows(args.actions.data, s, a), [n * s, a]);
    perDraw = reshape(sum(Normal(outputs, actionScale!).logProb(rep), -1), [n, s]);
  }
  factor("actions", sum(logsumexp(add(perDraw, logW), 1)));
}

/** Each row of `data` (row length `width`) repeated `times` times. */
function repeatRows(data: Float64Array, times: number, width = 1): Float64Array {
  const rows = data.length / width;
  const out = new Float64Array(data.length * times);
  for (let i = 0; i < rows; i++)
    for (let s = 0; s < times; s++) out.set(data.subarray(i * width, (i + 1) * width), (i * times + s) * width);
  return out;
}

/** The state rows of W (all but the bias row of the affine features): `[..., D, C]`. */
function stateRows(weights: Tensor, d: number): Tensor {
  const f = weights.shape[weights.ndim - 2]!;
  const idx = Array.from({ length: d }, (_, i) => i);
  if (f !== d + 1) throw new Error(`policy model: quadrature needs affine features (${d + 1} rows), got ${f}`);
  return take(weights, idx, weights.ndim - 2);
}

/** Cholesky factor of W_sᵀ Σ W_s (+ extra diagonal): `[..., C, C]`. */
function projectedScaleTril(args: PolicyModelArgs, weights: Tensor, extraVar?: Tensor): Tensor {
  const ls = need(args.stateScaleTril, "stateScaleTril", "quadrature");
  const ws = stateRows(weights, args.stateDim);
  const b = matmul(mT(ls), ws); // Lᵀ W_s, [..., D, C]; W_sᵀ Σ W_s = bᵀ b
  let cov = add(matmul(mT(b), b), scale(eye(args.numOutputs), JITTER));
  if (extraVar !== undefined) cov = add(cov, mul(eye(args.numOutputs), expandDims(extraVar, -2)));
  return cholesky(cov);
}

/** φ(E[x | o]): precomputed by the argument builder (constant), or computed here. */
function meanFeatures(args: PolicyModelArgs): Tensor {
  return args.stateFeatures ?? applyFeatures(args.features, need(args.stateMeans, "stateMeans", "quadrature"));
}

function quadratureSoftmax(args: PolicyModelArgs, weights: Tensor): void {
  const means = meanFeatures(args);
  const mu = linearOutputs(means, weights, args, 1); // [N, C]
  const nodes = need(args.nodes, "nodes", "quadrature"); // [S, C]
  const logW = need(args.nodeLogWeights, "nodeLogWeights", "quadrature"); // [S]
  const l = projectedScaleTril(args, weights); // [C, C] or [G, C, C]
  const offsets = matmul(nodes, mT(l)); // [S, C] or [G, S, C]
  if (args.numOutputs === 1 && args.numGroups === 0 && mu.shape[0]! >= TABLE_MIN_ROWS) {
    let lo = Infinity;
    let hi = -Infinity;
    const m = mu.data;
    for (let i = 0; i < m.length; i++) {
      if (m[i]! < lo) lo = m[i]!;
      if (m[i]! > hi) hi = m[i]!;
    }
    if (tablePoints(lo, hi) <= MAX_TABLE_POINTS) {
      factor("actions", logisticNormalLogLik(mu, reshape(l, []), args.actions.data, nodes.data, logW.data));
      return;
    }
  }
  const perRow =
    args.numGroups === 0 ? offsets : take(offsets, Array.from(need(args.groups, "groups", "hierarchical").data), 0);
  factor("actions", mixtureSoftmaxLogLik(mu, perRow, args.actions.data, logW.data));
}

/**
 * a | o ~ N(φ(m)W, W_sᵀΣW_s + diag σ²): log N(a; μ, L Lᵀ) = −½‖L⁻¹(a − μ)‖² − Σ log Lⱼⱼ − (A/2) log 2π.
 */
function exactGaussianLikelihood(args: PolicyModelArgs, weights: Tensor, actionScale: Tensor): void {
  const means = meanFeatures(args);
  const mu = linearOutputs(means, weights, args, 1); // [N, A]
  const l = projectedScaleTril(args, weights, square(actionScale));
  const r = sub(args.actions, mu);
  const a = args.numOutputs;
  const n = mu.shape[0]!;
  let quad: Tensor;
  let logDet: Tensor;
  if (args.numGroups === 0) {
    quad = sum(square(triangularSolve(l, mT(r))));
    logDet = scale(sum(log(diagPart(l))), n);
  } else {
    const g = Array.from(need(args.groups, "groups", "hierarchical").data);
    const lRow = take(l, g, 0); // [N, A, A]
    quad = sum(square(triangularSolve(lRow, expandDims(r, -1))));
    logDet = sum(log(diagPart(lRow)));
  }
  factor("actions", sub(neg(scale(quad, 0.5)), add(logDet, (n * a * Math.log(2 * Math.PI)) / 2)));
}
