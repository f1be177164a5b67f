/**
 * Exact null distribution of the two-sample Kolmogorov–Smirnov statistic (no ties), by the
 * lattice-path recursion of Hodges (1958), "The significance probability of the Smirnov two-sample
 * test", Ark. Mat. 3: under the null the merged order of the samples is a uniformly random path
 * from (0, 0) to (m, n), and D >= h/lcm(m, n) exactly when the path leaves the band
 * |i n/g - j m/g| < h (g = gcd(m, n)).
 *
 * Instead of counting paths (numbers as large as C(m+n, n)) this propagates probabilities — the
 * next point comes from the first sample with chance (m - i)/(m + n - i - j) — and sums the mass
 * that first steps out of the band. That sum has only positive terms, so small p-values keep their
 * relative accuracy (the concern of Viehmann 2021, arXiv:2102.08037, behind SciPy's recursion).
 */

/** Greatest common divisor of two positive integers. */
export function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/**
 * P(D >= h / lcm(m, n)) under the null for samples of sizes m and n, for an integer h >= 1.
 * O(m n) time, O(n) memory.
 */
export function ks2sampExactSf(m: number, n: number, h: number): number {
  if (h <= 0) return 1;
  const g = gcd(m, n);
  const mg = m / g;
  const ng = n / g;
  // (i, j): i points taken from the first sample, j from the second.
  const inside = (i: number, j: number): boolean => Math.abs(i * ng - j * mg) < h;
  let row = new Float64Array(n + 1);
  let next = new Float64Array(n + 1);
  row[0] = 1;
  let escaped = 0;
  for (let i = 0; i <= m; i++) {
    next.fill(0);
    for (let j = 0; j <= n; j++) {
      const v = row[j]!;
      if (v === 0) continue;
      const left = m + n - i - j;
      if (i < m) {
        const p = (v * (m - i)) / left;
        if (inside(i + 1, j)) next[j]! += p;
        else escaped += p;
      }
      if (j < n) {
        const p = (v * (n - j)) / left;
        if (inside(i, j + 1)) row[j + 1]! += p;
        else escaped += p;
      }
    }
    [row, next] = [next, row];
  }
  return Math.min(1, escaped);
}
