/**
 * Small bijectors for the TransformedDistribution tests, written here so the tests depend
 * only on the Bijector interface, not on transforms/.
 */
import { type Bijector, type Tensor, exp, log, positive, real, sum, add, scale, realVector } from "../../src/index.js";

/** y = e^x elementwise; log|dy/dx| = x. */
export const expBijector: Bijector = {
  name: "exp",
  domain: real,
  codomain: positive,
  domainEventDim: 0,
  codomainEventDim: 0,
  forward: (x: Tensor) => exp(x),
  inverse: (y: Tensor) => log(y),
  logAbsDetJacobian: (x: Tensor) => x,
  forwardShape: (s) => s,
  inverseShape: (s) => s,
};

/**
 * A vector map y = 2x + Σx (every coordinate plus the sum), which mixes coordinates, so its
 * Jacobian 2I + 11ᵀ has log|det| = (d - 1) log 2 + log(2 + d) per event.
 */
export const mixingBijector: Bijector = {
  name: "mix",
  domain: realVector,
  codomain: realVector,
  domainEventDim: 1,
  codomainEventDim: 1,
  forward: (x: Tensor) => add(scale(x, 2), sum(x, -1, true)),
  inverse: (y: Tensor) => {
    const d = y.shape[y.ndim - 1]!;
    // Σy = (2 + d) Σx, so x = (y - Σx)/2
    return scale(add(y, scale(sum(y, -1, true), -1 / (2 + d))), 0.5);
  },
  logAbsDetJacobian: (x: Tensor) => {
    const d = x.shape[x.ndim - 1]!;
    const c = (d - 1) * Math.log(2) + Math.log(2 + d);
    return add(scale(sum(x, -1), 0), c);
  },
  forwardShape: (s) => s,
  inverseShape: (s) => s,
};
