/**
 * sin(πx) and cos(πx) with exact argument reduction, so that the zeros at the integers (and
 * half-integers for cos) are hit exactly and relative accuracy holds next to them. Used by the
 * reflection formulas of the gamma family.
 * @module
 */

/** sin(πx); exactly ±0 at integers. NaN for infinite x. */
export function sinPi(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  // `%` is exact in IEEE arithmetic, and so are the shifts below (Sterbenz), so r carries no
  // rounding error: sin(πx) = sin(πr) with r in (-1, 1].
  let r = x % 2;
  if (r <= -1) r += 2;
  else if (r > 1) r -= 2;
  if (r > 0.5) return Math.sin(Math.PI * (1 - r));
  if (r < -0.5) return -Math.sin(Math.PI * (1 + r));
  return Math.sin(Math.PI * r);
}

/** cos(πx); exactly 0 at half-integers. NaN for infinite x. */
export function cosPi(x: number): number {
  if (!Number.isFinite(x)) return NaN;
  let r = Math.abs(x) % 2;
  if (r > 1) r = 2 - r;
  // cos(πr) = sin(π(1/2 - r)), and 1/2 - r is exact for r in [1/4, 1], where cos is small.
  return Math.sin(Math.PI * (0.5 - r));
}
