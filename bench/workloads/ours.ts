/**
 * The three workloads (and the matmul case) written with this library.
 * @module
 */
import {
  type Tensor,
  HalfCauchy,
  Normal,
  add,
  exp,
  linear,
  logSoftmax,
  matmul,
  mean,
  mul,
  square,
  sub,
  sum,
  swish,
  takeAlongAxis,
  tensor,
  valueAndGrad,
} from "../../src/index.js";
import {
  eightSchools,
  eightSchoolsPoint,
  matmulData,
  matmulSizes,
  mlpData,
  mlpSizes,
  softmaxData,
  softmaxSizes,
} from "../data.js";
import type { Implementation } from "../workload.js";

const library = "policy-posterior";

/**
 * log p(mu, log_tau, theta_tilde | y), all constants kept: mu ~ N(0, 5),
 * tau = exp(log_tau) ~ HalfCauchy(5) with the log-Jacobian log_tau, theta_tilde ~ N(0, 1),
 * y ~ N(mu + tau·theta_tilde, sigma). Written with the library's distributions (one fused
 * tape node per log-density): the priors, whose parameters are constants, are built once;
 * the likelihood's, which depend on the parameters, per call without argument validation
 * (as a sampler's inner loop would).
 */
export function eightSchools64(): Implementation {
  const y = tensor(eightSchools.y);
  const sigma = tensor(eightSchools.sigma);
  const muPrior = Normal(0, 5);
  const tauPrior = HalfCauchy(5);
  const thetaPrior = Normal(0, 1);
  type P = { mu: Tensor; logTau: Tensor; thetaTilde: Tensor };
  const logDensity = ({ mu, logTau, thetaTilde }: P): Tensor => {
    const tau = exp(logTau);
    const theta = add(mu, mul(tau, thetaTilde));
    const likelihood = Normal(theta, sigma, { validateArgs: false }).logProb(y);
    return add(
      add(add(muPrior.logProb(mu), tauPrior.logProb(tau)), add(logTau, sum(thetaPrior.logProb(thetaTilde)))),
      sum(likelihood),
    );
  };
  const vg = valueAndGrad(logDensity);
  const p: P = {
    mu: tensor(eightSchoolsPoint.mu),
    logTau: tensor(eightSchoolsPoint.logTau),
    thetaTilde: tensor(eightSchoolsPoint.thetaTilde),
  };
  return {
    library,
    dtype: "float64",
    run: () => {
      const [v, g] = vg(p);
      return [v.data, g.mu.data, g.logTau.data, g.thetaTilde.data];
    },
  };
}

/** Σₙ log softmax(X·W)[n, aₙ] and its gradient with respect to W. */
export function softmaxPolicy64(): Implementation {
  const { n, features, actions: A } = softmaxSizes;
  const d = softmaxData();
  const X = tensor(d.X, [n, features]);
  const actions = tensor(Float64Array.from(d.actions), [n, 1]);
  const W = tensor(d.W, [features, A]);
  const vg = valueAndGrad((w: Tensor) => sum(takeAlongAxis(logSoftmax(matmul(X, w), -1), actions, -1)));
  return {
    library,
    dtype: "float64",
    run: () => {
      const [v, g] = vg(W);
      return [v.data, g.data];
    },
  };
}

/**
 * Mean squared error of the swish MLP, gradient for all weights and biases. Each layer is the
 * library's `linear` op (x·W + b with the bias fused into the product's output pass).
 */
export function mlp64(): Implementation {
  const { widths, batch } = mlpSizes;
  const d = mlpData();
  const X = tensor(d.X, [batch, widths[0]!]);
  const y = tensor(d.y, [batch, 1]);
  type P = { weights: Tensor[]; biases: Tensor[] };
  const params: P = {
    weights: d.weights.map((w, l) => tensor(w, [widths[l]!, widths[l + 1]!])),
    biases: d.biases.map((b) => tensor(b)),
  };
  const loss = ({ weights, biases }: P): Tensor => {
    let h = X;
    for (let l = 0; l < weights.length; l++) {
      const z = linear(h, weights[l]!, biases[l]!);
      h = l + 1 < weights.length ? swish(z) : z;
    }
    return mean(square(sub(h, y)));
  };
  const vg = valueAndGrad(loss);
  return {
    library,
    dtype: "float64",
    run: () => {
      const [v, g] = vg(params);
      const out = [v.data];
      for (let l = 0; l < g.weights.length; l++) out.push(g.weights[l]!.data, g.biases[l]!.data);
      return out;
    },
  };
}

/** C = A·B, forward only. */
export function matmul64(): Implementation {
  const { m, k, n } = matmulSizes;
  const d = matmulData();
  const A = tensor(d.A, [m, k]);
  const B = tensor(d.B, [k, n]);
  return { library, dtype: "float64", run: () => [matmul(A, B).data] };
}
