/**
 * Hand-written value-and-gradient functions in plain JavaScript (closed-form gradients, no
 * autodiff): the floor an autodiff library is measured against.
 * @module
 */
import { eightSchools, eightSchoolsPoint, softmaxData, softmaxSizes } from "../data.js";
import type { Implementation } from "../workload.js";

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const library = "plain JS (hand-written gradient)";

/** Eight schools, non-centred, with its gradient derived by hand. */
export function eightSchoolsByHand(): Implementation {
  const { y, sigma } = eightSchools;
  let logSigmaSum = 0;
  for (const s of sigma) logSigmaSum += Math.log(s);
  const constant = -Math.log(5) - LOG_SQRT_2PI + Math.log(2 / (5 * Math.PI)) - 16 * LOG_SQRT_2PI - logSigmaSum;
  const { mu, logTau, thetaTilde } = eightSchoolsPoint;
  return {
    library,
    dtype: "float64",
    run: () => {
      const tau = Math.exp(logTau);
      const r = tau / 5;
      let lp = (-0.5 * mu * mu) / 25 - Math.log1p(r * r) + logTau + constant;
      let dmu = -mu / 25;
      // d/dlogTau of [-log1p(r²) + logTau] = -2r²/(1+r²) + 1
      let dlt = (-2 * r * r) / (1 + r * r) + 1;
      const dtt = new Float64Array(8);
      for (let j = 0; j < 8; j++) {
        const t = thetaTilde[j]!;
        const z = (y[j]! - mu - tau * t) / sigma[j]!;
        lp += -0.5 * t * t - 0.5 * z * z;
        const dz = z / sigma[j]!; // d(-z²/2)/dtheta
        dmu += dz;
        dlt += dz * tau * t;
        dtt[j] = -t + dz * tau;
      }
      return [[lp], [dmu], [dlt], dtt];
    },
  };
}

/** Softmax policy log-likelihood with the closed-form gradient Xᵀ(onehot − softmax(X·W)). */
export function softmaxPolicyByHand(): Implementation {
  const { n, features: F, actions: A } = softmaxSizes;
  const { X, actions, W } = softmaxData();
  return {
    library,
    dtype: "float64",
    run: () => {
      const grad = new Float64Array(F * A);
      const p = new Float64Array(A);
      const expShifted = new Float64Array(A);
      let value = 0;
      for (let i = 0; i < n; i++) {
        const xi = i * F;
        let max = -Infinity;
        for (let a = 0; a < A; a++) {
          let s = 0;
          for (let f = 0; f < F; f++) s += X[xi + f]! * W[f * A + a]!;
          p[a] = s;
          if (s > max) max = s;
        }
        let z = 0;
        for (let a = 0; a < A; a++) {
          const e = Math.exp(p[a]! - max);
          expShifted[a] = e;
          z += e;
        }
        const ai = actions[i]!;
        value += p[ai]! - max - Math.log(z);
        // p ← onehot − softmax
        for (let a = 0; a < A; a++) p[a] = (a === ai ? 1 : 0) - expShifted[a]! / z;
        for (let f = 0; f < F; f++) {
          const x = X[xi + f]!;
          for (let a = 0; a < A; a++) grad[f * A + a] += x * p[a]!;
        }
      }
      return [[value], grad];
    },
  };
}
