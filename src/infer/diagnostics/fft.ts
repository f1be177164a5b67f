/**
 * An in-place radix-2 fast Fourier transform, for computing all autocovariances of a chain at
 * once (Vehtari et al. 2021, Section 3.2: FFT-based autocorrelations, as in Geyer 2011).
 * @module
 */

/** The smallest power of two ≥ n (n ≥ 1). */
export function nextPowerOfTwo(n: number): number {
  let m = 1;
  while (m < n) m *= 2;
  return m;
}

/**
 * Replace (re, im) by its discrete Fourier transform X_k = Σ_j x_j e^{−2πi jk/n}, with n a power
 * of two: iterative Cooley–Tukey, decimation in time, after a bit-reversal permutation. Each
 * twiddle factor is evaluated directly with cos/sin (not by a recurrence) so that the rounding
 * error stays O(ε log n).
 */
export function fftInPlace(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  if (im.length !== n || (n & (n - 1)) !== 0) {
    throw new Error(`fft: expected real and imaginary parts of one power-of-two length, got ${n} and ${im.length}`);
  }
  bitReversePermute(re, im);
  for (let size = 2; size <= n; size *= 2) {
    const half = size / 2;
    const theta = (-2 * Math.PI) / size;
    for (let k = 0; k < half; k++) {
      const wr = Math.cos(theta * k);
      const wi = Math.sin(theta * k);
      for (let start = 0; start < n; start += size) {
        const a = start + k;
        const b = a + half;
        const tr = wr * re[b]! - wi * im[b]!;
        const ti = wr * im[b]! + wi * re[b]!;
        re[b] = re[a]! - tr;
        im[b] = im[a]! - ti;
        re[a] = re[a]! + tr;
        im[a] = im[a]! + ti;
      }
    }
  }
}

function bitReversePermute(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j]!, re[i]!];
      [im[i], im[j]] = [im[j]!, im[i]!];
    }
  }
}
