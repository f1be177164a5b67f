/**
 * Running mean and (co)variance by Welford's algorithm: numerically stable in one pass,
 * used to estimate the posterior covariance in each adaptation window.
 * @module
 */

export class WelfordEstimator {
  count = 0;
  readonly mean: Float64Array;
  /** Sum of squared deviations: the diagonal (length d) or the full matrix (d×d). */
  readonly m2: Float64Array;
  private readonly delta: Float64Array;

  constructor(
    readonly dim: number,
    readonly dense: boolean,
  ) {
    this.mean = new Float64Array(dim);
    this.m2 = new Float64Array(dense ? dim * dim : dim);
    this.delta = new Float64Array(dim);
  }

  reset(): void {
    this.count = 0;
    this.mean.fill(0);
    this.m2.fill(0);
  }

  add(x: Float64Array): void {
    this.count++;
    const d = this.dim;
    const n = this.count;
    for (let i = 0; i < d; i++) {
      this.delta[i] = x[i]! - this.mean[i]!;
      this.mean[i] += this.delta[i]! / n;
    }
    if (this.dense) {
      for (let i = 0; i < d; i++) {
        const di = x[i]! - this.mean[i]!;
        for (let j = 0; j < d; j++) this.m2[i * d + j] += di * this.delta[j]!;
      }
    } else {
      for (let i = 0; i < d; i++) this.m2[i] += this.delta[i]! * (x[i]! - this.mean[i]!);
    }
  }

  /** Sample (co)variance with denominator n − 1. */
  variance(): Float64Array {
    if (this.count < 2) throw new Error(`Welford: need at least 2 samples for a variance, have ${this.count}`);
    const out = new Float64Array(this.m2.length);
    for (let i = 0; i < out.length; i++) out[i] = this.m2[i]! / (this.count - 1);
    return out;
  }
}

/**
 * Stan's regularisation of a window's covariance estimate: shrink towards 1e-3·I with weight
 * 5/(n+5), which keeps the metric well conditioned after short windows.
 */
export function regularizedCovariance(est: WelfordEstimator): Float64Array {
  const n = est.count;
  const v = est.variance();
  const w = n / (n + 5);
  const shrink = 1e-3 * (5 / (n + 5));
  const d = est.dim;
  for (let i = 0; i < v.length; i++) v[i] *= w;
  if (est.dense) for (let i = 0; i < d; i++) v[i * d + i] += shrink;
  else for (let i = 0; i < d; i++) v[i] += shrink;
  return v;
}
