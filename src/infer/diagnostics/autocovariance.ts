/**
 * Autocovariances of one chain at every lag, by FFT.
 * @module
 */
import { fftInPlace, nextPowerOfTwo } from "./fft.js";
import { mean, variance } from "./moments.js";

/**
 * The biased autocovariance γ_t = (1/n) Σ_{i<n−t} (x_i − x̄)(x_{i+t} − x̄) for t = 0 … n−1.
 *
 * Divisor n rather than n − t, as Geyer (1992) recommends and NumPyro, Stan and the posterior
 * package use (Vehtari et al. 2021, Section 3.2). The centred chain is zero-padded to a power of
 * two ≥ 2n so that the circular correlation computed by the FFT equals the linear one; the
 * inverse transform of the real, even power spectrum |X|² is its forward transform divided by
 * the length. As in those implementations, the result is normalised to an autocorrelation by its
 * lag-0 value and rescaled by the directly computed biased variance, so γ_0 is exact. A
 * constant chain has all autocovariances 0 (the posterior package's convention; the
 * normalisation would otherwise divide 0 by 0).
 */
export function autocovariance(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  const biasedVariance = variance(x, 0);
  if (n === 0 || biasedVariance === 0) return out;
  const m = nextPowerOfTwo(2 * n);
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  const xBar = mean(x);
  for (let i = 0; i < n; i++) re[i] = x[i]! - xBar;
  fftInPlace(re, im);
  for (let k = 0; k < m; k++) {
    re[k] = re[k]! * re[k]! + im[k]! * im[k]!;
    im[k] = 0;
  }
  fftInPlace(re, im);
  const lag0 = re[0]!;
  for (let t = 0; t < n; t++) out[t] = (re[t]! / lag0) * biasedVariance;
  return out;
}
