/**
 * Splittable counter-based random keys (Threefry-2x32, as in JAX) and samplers. Every
 * function takes an explicit key and is a pure function of its arguments.
 * @module
 */
export { threefry2x32 } from "./threefry.js";
export { type Key, key, split, fold } from "./key.js";
export { randomBits } from "./bits.js";
export { uniform } from "./uniform.js";
export { normal } from "./normal.js";
export { exponential, gumbel, laplace, cauchy, logistic } from "./inverse-cdf.js";
export { gamma } from "./gamma.js";
export { beta } from "./beta.js";
export { dirichlet } from "./dirichlet.js";
export { studentT } from "./student-t.js";
export { truncatedNormal } from "./truncated-normal.js";
export { bernoulli } from "./bernoulli.js";
export { categorical } from "./categorical.js";
export { permutation } from "./permutation.js";
export { poisson } from "./poisson.js";
export { binomial } from "./binomial.js";
