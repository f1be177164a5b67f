/**
 * The four posteriordb models of ../shared/fixtures/posteriordb, written as policy-posterior
 * models. Module exports, so parallel chains can load them in worker threads.
 */
import { add, matmul, mul } from "../../../src/autodiff/index.js";
import { HalfCauchy, Normal, positive, real } from "../../../src/distributions/index.js";
import { ImproperUniform } from "../../../src/distributions/improperUniform.js";
import { deterministic, plate, sample } from "../../../src/ppl/index.js";
import { Tensor } from "../../../src/tensor/tensor.js";

export interface EightSchoolsData {
  y: Tensor;
  sigma: Tensor;
}

export function eightSchoolsNoncentered({ y, sigma }: EightSchoolsData): void {
  const mu = sample("mu", Normal(0, 5));
  const tau = sample("tau", HalfCauchy(5));
  plate("school", y.size, () => {
    const thetaTilde = sample("theta_tilde", Normal(0, 1));
    const theta = deterministic("theta", add(mu, mul(tau, thetaTilde)));
    sample("y", Normal(theta, sigma), { obs: y });
  });
}

export interface RegressionData {
  /** Design matrix N×2 (intercept column and one predictor). */
  X: Tensor;
  y: Tensor;
}

/** kid_score ~ N(beta1 + beta2 mom_iq, sigma), flat betas, sigma ~ half-Cauchy(0, 2.5). */
export function kidiq({ X, y }: RegressionData): void {
  const beta = sample("beta", ImproperUniform(real, [], [2]));
  const sigma = sample("sigma", HalfCauchy(2.5));
  sample("y", Normal(matmul(X, beta), sigma), { obs: y });
}

/** log_weight ~ N(beta1 + beta2 log_canopy_volume, sigma), flat betas and flat sigma > 0. */
export function mesquite({ X, y }: RegressionData): void {
  const beta = sample("beta", ImproperUniform(real, [], [2]));
  const sigma = sample("sigma", ImproperUniform(positive, [], []));
  sample("y", Normal(matmul(X, beta), sigma), { obs: y });
}

export interface ArKData {
  /** Lagged design: row t−K holds y[t−1], …, y[t−K] for t = K+1..T. */
  lags: Tensor;
  y: Tensor;
}

/** AR(K): y[t] ~ N(alpha + Σ_k beta[k] y[t−k], sigma). */
export function arK({ lags, y }: ArKData): void {
  const alpha = sample("alpha", Normal(0, 10));
  const beta = sample("beta", Normal(0, 10).expand([lags.shape[1]!]));
  const sigma = sample("sigma", HalfCauchy(2.5));
  sample("y", Normal(add(alpha, matmul(lags, beta)), sigma), { obs: y });
}
