/**
 * Numerical constants of the log-densities, written out once so every kernel agrees.
 * @module
 */

/** log(2π) / 2 = log √(2π). */
export const LOG_SQRT_2PI = 0.9189385332046727;
/** log 2. */
export const LOG_2 = 0.6931471805599453;
/** log π. */
export const LOG_PI = 1.1447298858494002;
/** √(2/π). */
export const SQRT_2_OVER_PI = 0.7978845608028654;
