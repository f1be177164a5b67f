/**
 * The non-Gaussian perturbation mix the generative-model tests learn, drawn directly with our
 * samplers. Clean: a 2-D banana, x1 = 0.3·a, x2 = 0.3·(a²/2 + b/2), a, b ~ N(0, 1). Perturbed =
 * clean + noise where, per row, with probability 0.7 the noise is heteroscedastic Gaussian
 * N(0, (0.05·(1 + |x_j|))²) in each dimension, and with probability 0.3 one dimension (either,
 * with equal odds) jumps by +1 (a one-sided sensor glitch, plus N(0, 0.05²)) while the other
 * keeps the heteroscedastic noise. The residual is skewed and multimodal: 85% of each column
 * sits near 0, 15% near +1, which a Gaussian (mean 0.15, sd ≈ 0.36) cannot represent.
 */
import { type Key, MultivariateNormal, Tensor, random, split } from "../../src/index.js";

/** `n` clean/perturbed pairs of the mix, [n, 2] each. */
export function perturbationMix(k: Key, n: number): { clean: Tensor; perturbed: Tensor } {
  const [ka, kb, ku, kd, ke] = split(k, 5) as [Key, Key, Key, Key, Key];
  const a = random.normal(ka, [n]).data;
  const b = random.normal(kb, [n]).data;
  const u = random.uniform(ku, [n]).data;
  const which = random.uniform(kd, [n]).data;
  const e = random.normal(ke, [n, 2]).data;
  const clean = new Float64Array(2 * n);
  const perturbed = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    clean[2 * i] = 0.3 * a[i]!;
    clean[2 * i + 1] = 0.3 * (0.5 * a[i]! * a[i]! + 0.5 * b[i]!);
    const jumpDim = which[i]! < 0.5 ? 0 : 1;
    for (let j = 0; j < 2; j++) {
      const x = clean[2 * i + j]!;
      const noise = u[i]! < 0.3 && j === jumpDim ? 1 + 0.05 * e[2 * i + j]! : 0.05 * (1 + Math.abs(x)) * e[2 * i + j]!;
      perturbed[2 * i + j] = x + noise;
    }
  }
  return { clean: new Tensor(clean, [n, 2]), perturbed: new Tensor(perturbed, [n, 2]) };
}

/** perturbed − clean. */
export function residuals(pairs: { clean: Tensor; perturbed: Tensor }): Tensor {
  return new Tensor(
    pairs.perturbed.data.map((v, i) => v - pairs.clean.data[i]!),
    pairs.clean.shape,
  );
}

/** The baseline: a Gaussian residual with the training residuals' mean and full (ML) covariance. */
export function fittedGaussian(train: { clean: Tensor; perturbed: Tensor }) {
  const r = residuals(train);
  const [n, d] = r.shape as [number, number];
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j]! += r.data[i * d + j]! / n;
  const cov = new Float64Array(d * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++)
      for (let k = 0; k < d; k++)
        cov[j * d + k]! += ((r.data[i * d + j]! - mean[j]!) * (r.data[i * d + k]! - mean[k]!)) / n;
  const dist = MultivariateNormal(new Tensor(mean, [d]), { covarianceMatrix: new Tensor(cov, [d, d]) });
  return {
    /** One draw of clean + residual per row. */
    sample(k: Key, clean: Tensor): Tensor {
      const draws = dist.sample(k, [clean.shape[0]!]);
      return new Tensor(
        draws.data.map((v, i) => clean.data[i]! + v),
        clean.shape,
      );
    },
    /** log N(perturbed − clean; mean, cov) per row. */
    logProb(pairs: { clean: Tensor; perturbed: Tensor }): Tensor {
      return dist.logProb(residuals(pairs));
    },
  };
}

/** Rows of a [n, d] tensor as arrays (the metrics' point format). */
export function rowsOf(t: Tensor): Float64Array[] {
  const d = t.shape[1]!;
  return Array.from({ length: t.shape[0]! }, (_, i) => t.data.slice(i * d, (i + 1) * d));
}

/** Column j of a [n, d] tensor. */
export function column(t: Tensor, j: number): Float64Array {
  const d = t.shape[1]!;
  return t.data.filter((_, i) => i % d === j);
}
