/**
 * The clean-state prior and, under Gaussian observation noise, the exact conditional of a clean
 * state given its observation.
 *
 * The clean state x is latent; the data give only o = x + noise. We place an empirical-Bayes
 * Gaussian prior on x (a structural errors-in-variables model, Carroll et al., "Measurement Error
 * in Nonlinear Models", 2nd ed., ch. 2 and §4.5): its mean is the mean of the observations and
 * its covariance the observations' covariance minus the noise covariance (moment deconvolution:
 * Cov(o) = Cov(x) + Σₙ when the noise is independent of the state). With Gaussian noise the
 * conditional x | o is then Gaussian in closed form (the Kalman/Wiener update):
 *
 *   K = S (S + Σₙ)⁻¹,  E[x | o] = m + K (o − m),  Cov[x | o] = S − K S,
 *
 * which stays valid when some noise variances are 0 (those coordinates are known exactly and get
 * zero conditional variance). Every computation here is on D × D matrices (D = state dimension,
 * small), in plain arrays.
 * @module
 */
import { choleskyKernel } from "../tensor/kernels/cholesky.js";

/** A Gaussian over clean states: mean `[D]`, covariance `[D, D]` row-major. */
export interface GaussianStatePrior {
  readonly dim: number;
  readonly mean: Float64Array;
  readonly covariance: Float64Array;
  /**
   * The fraction λ ∈ (0, 1] of the noise covariance subtracted: 1 unless Cov(o) − Σₙ was not
   * positive definite (too few observations or noise overstated), when λ is lowered until it is.
   */
  readonly deconvolution: number;
}

/** The conditional x | o under a {@link GaussianStatePrior} and Gaussian noise. */
export interface StateConditional {
  readonly dim: number;
  /** `[N, D]`: E[x | oᵢ] per row. */
  readonly means: Float64Array;
  /** `[D, D]`: a lower-triangular L with L Lᵀ = Cov[x | o] (the same for every row). */
  readonly scaleTril: Float64Array;
}

/** Mean and unbiased covariance of the rows of `x` (`[n, d]`). */
export function sampleMoments(x: Float64Array, n: number, d: number): { mean: Float64Array; covariance: Float64Array } {
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j]!;
  for (let j = 0; j < d; j++) mean[j] /= n;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < d; a++) {
      const da = x[i * d + a]! - mean[a]!;
      for (let b = 0; b <= a; b++) cov[a * d + b] += da * (x[i * d + b]! - mean[b]!);
    }
  const denom = Math.max(1, n - 1);
  for (let a = 0; a < d; a++)
    for (let b = 0; b <= a; b++) {
      cov[a * d + b] /= denom;
      cov[b * d + a] = cov[a * d + b]!;
    }
  return { mean, covariance: cov };
}

/** The noise variances as a length-D array from a scalar or per-dimension standard deviation. */
export function noiseVariances(std: number | readonly number[], dim: number): Float64Array {
  if (typeof std === "number") return new Float64Array(dim).fill(std * std);
  if (std.length !== dim)
    throw new RangeError(
      `observationNoiseStd: expected ${dim} per-dimension values (the state dimension), got ${std.length}`,
    );
  return Float64Array.from(std, (s) => s * s);
}

/** Cholesky factor of a symmetric positive-definite matrix, or null when it is not (numerically). */
export function choleskyOrNull(a: Float64Array, d: number): Float64Array | null {
  const l = new Float64Array(d * d);
  return choleskyKernel(d, a, 0, l, 0) === -1 ? l : null;
}

/**
 * The empirical-Bayes state prior from observations `[n, d]` and noise variances `[d]`:
 * m = mean(o), S = Cov(o) − λ Σₙ with the largest λ in {1, 0.9, …, 0.1, 0} for which S is positive
 * definite with every variance at least 1% of the observed one (a prior narrower than that would
 * claim the noise explains almost all of the spread, which a moment estimate cannot support).
 */
export function empiricalStatePrior(
  observations: Float64Array,
  n: number,
  d: number,
  noiseVar: Float64Array,
): GaussianStatePrior {
  if (n < 2) throw new RangeError(`state prior: need at least 2 observations to estimate the state spread, got ${n}`);
  const { mean, covariance } = sampleMoments(observations, n, d);
  for (let j = 0; j < d; j++)
    if (!(covariance[j * d + j]! > 0))
      throw new RangeError(
        `state prior: observed state dimension ${j} does not vary (variance ${covariance[j * d + j]}); drop it or add a feature map`,
      );
  for (let step = 10; step >= 0; step--) {
    const lambda = step / 10;
    const s = Float64Array.from(covariance);
    let ok = true;
    for (let j = 0; j < d; j++) {
      s[j * d + j] -= lambda * noiseVar[j]!;
      if (s[j * d + j]! < 0.01 * covariance[j * d + j]!) ok = false;
    }
    if (ok && choleskyOrNull(s, d) !== null) return { dim: d, mean, covariance: s, deconvolution: lambda };
  }
  // λ = 0 leaves Cov(o), positive definite unless the observations are collinear.
  throw new RangeError("state prior: the observed states are collinear (their covariance is singular)");
}

/**
 * Lower-triangular L with L Lᵀ = A for a symmetric positive *semi*-definite A: a Cholesky
 * factorisation that sets a column to zero when its pivot is ≤ tol·max diag (coordinates known
 * exactly), instead of failing.
 */
export function psdCholesky(a: Float64Array, d: number): Float64Array {
  let maxDiag = 0;
  for (let j = 0; j < d; j++) maxDiag = Math.max(maxDiag, a[j * d + j]!);
  const tol = 1e-12 * Math.max(maxDiag, 1e-300);
  const l = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    let pivot = a[j * d + j]!;
    for (let k = 0; k < j; k++) pivot -= l[j * d + k]! * l[j * d + k]!;
    if (pivot <= tol) continue; // column j stays zero
    const ljj = Math.sqrt(pivot);
    l[j * d + j] = ljj;
    for (let i = j + 1; i < d; i++) {
      let s = a[i * d + j]!;
      for (let k = 0; k < j; k++) s -= l[i * d + k]! * l[j * d + k]!;
      l[i * d + j] = s / ljj;
    }
  }
  return l;
}

/** Solve (A) X = B for symmetric positive-definite A `[d, d]` and B `[d, m]` via Cholesky. */
function spdSolve(a: Float64Array, b: Float64Array, d: number, m: number): Float64Array {
  const l = choleskyOrNull(a, d);
  if (l === null) throw new RangeError("state prior: S + Σₙ is not positive definite");
  const x = Float64Array.from(b);
  for (let c = 0; c < m; c++) {
    for (let i = 0; i < d; i++) {
      let s = x[i * m + c]!;
      for (let k = 0; k < i; k++) s -= l[i * d + k]! * x[k * m + c]!;
      x[i * m + c] = s / l[i * d + i]!;
    }
    for (let i = d - 1; i >= 0; i--) {
      let s = x[i * m + c]!;
      for (let k = i + 1; k < d; k++) s -= l[k * d + i]! * x[k * m + c]!;
      x[i * m + c] = s / l[i * d + i]!;
    }
  }
  return x;
}

/**
 * x | o for every row of `observations` (`[n, d]`) under `prior` and independent Gaussian noise
 * with variances `noiseVar`: means `[n, d]` and the shared conditional scale (module docs).
 */
export function gaussianStateConditional(
  prior: GaussianStatePrior,
  noiseVar: Float64Array,
  observations: Float64Array,
  n: number,
): StateConditional {
  const d = prior.dim;
  const s = prior.covariance;
  const sPlusN = Float64Array.from(s);
  for (let j = 0; j < d; j++) sPlusN[j * d + j] += noiseVar[j]!;
  // Kᵀ = (S + Σₙ)⁻¹ S because both are symmetric.
  const kT = spdSolve(sPlusN, s, d, d);
  const cov = new Float64Array(d * d);
  for (let a = 0; a < d; a++)
    for (let b = 0; b < d; b++) {
      let ks = 0;
      for (let k = 0; k < d; k++) ks += kT[k * d + a]! * s[k * d + b]!;
      cov[a * d + b] = s[a * d + b]! - ks;
    }
  for (let a = 0; a < d; a++)
    for (let b = 0; b < a; b++) cov[a * d + b] = cov[b * d + a] = 0.5 * (cov[a * d + b]! + cov[b * d + a]!);
  const means = new Float64Array(n * d);
  for (let i = 0; i < n; i++)
    for (let a = 0; a < d; a++) {
      let v = prior.mean[a]!;
      for (let k = 0; k < d; k++) v += kT[k * d + a]! * (observations[i * d + k]! - prior.mean[k]!);
      means[i * d + a] = v;
    }
  return { dim: d, means, scaleTril: psdCholesky(cov, d) };
}

/** Whether every noise variance is zero (the states are observed exactly). */
export function noiseFree(noiseVar: Float64Array): boolean {
  return noiseVar.every((v) => v === 0);
}
