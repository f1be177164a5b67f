/**
 * Bijections between unconstrained space and constrained sets, with log |det J|, and
 * `bijectTo(constraint)` choosing one for each constraint (Stan's transforms).
 * @module
 */
export { IdentityTransform } from "./identity.js";
export { ExpTransform } from "./exp.js";
export { SoftplusTransform } from "./softplus.js";
export { SigmoidTransform } from "./sigmoid.js";
export { TanhTransform } from "./tanh.js";
export { AffineTransform } from "./affine.js";
export { PowerTransform } from "./power.js";
export { LowerCholeskyTransform } from "./lower-cholesky.js";
export { CorrCholeskyTransform } from "./corr-cholesky.js";
export { StickBreakingTransform } from "./stick-breaking.js";
export { OrderedTransform } from "./ordered.js";
export { CholeskyOuterProductTransform } from "./cholesky-outer-product.js";
export { ComposeTransform, type ComposeOptions } from "./compose.js";
export { bijectTo } from "./biject-to.js";
