/**
 * Fixed nodes and weights for expectations under a standard normal: Gauss–Hermite rules in one
 * dimension and their tensor products in a few, used to integrate the policy over the clean
 * state's uncertainty.
 * @module
 */

/** Nodes `[S, dim]` (row-major) and log weights `[S]` (the weights sum to 1). */
export interface Cubature {
  readonly dim: number;
  readonly numNodes: number;
  readonly nodes: Float64Array;
  readonly logWeights: Float64Array;
}

/**
 * The q-point Gauss–Hermite rule for E[f(Z)], Z ~ N(0, 1): exact for polynomials of degree
 * ≤ 2q − 1. Nodes are the roots of the physicists' Hermite polynomial H_q found by Newton's
 * method from the usual asymptotic starting values (Press et al., "Numerical Recipes", 3rd ed.,
 * §4.6, `gauher`), mapped by x = √2·t with weights w/√π.
 */
export function gaussHermite(q: number): { nodes: Float64Array; weights: Float64Array } {
  if (!Number.isInteger(q) || q < 1 || q > 100)
    throw new RangeError(`gaussHermite: q must be an integer in [1, 100], got ${q}`);
  const t = new Float64Array(q);
  const w = new Float64Array(q);
  const m = Math.floor((q + 1) / 2);
  const pim4 = Math.pow(Math.PI, -0.25);
  let z = 0;
  for (let i = 0; i < m; i++) {
    if (i === 0) z = Math.sqrt(2 * q + 1) - 1.85575 * Math.pow(2 * q + 1, -1 / 6);
    else if (i === 1) z -= (1.14 * Math.pow(q, 0.426)) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * t[0]!;
    else if (i === 3) z = 1.91 * z - 0.91 * t[1]!;
    else z = 2 * z - t[i - 2]!;
    let pp = 0;
    for (let iter = 0; iter < 100; iter++) {
      // Orthonormal Hermite recurrence: p_j = z√(2/j) p_{j−1} − √((j−1)/j) p_{j−2}.
      let p1 = pim4;
      let p2 = 0;
      for (let j = 1; j <= q; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3;
      }
      pp = Math.sqrt(2 * q) * p2;
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-15 * Math.max(1, Math.abs(z))) break;
    }
    t[i] = z;
    t[q - 1 - i] = -z;
    w[i] = w[q - 1 - i] = 2 / (pp * pp);
  }
  const nodes = Float64Array.from(t, (v) => Math.SQRT2 * v);
  const weights = Float64Array.from(w, (v) => v / Math.sqrt(Math.PI));
  // Order ascending for readability of anything that prints them.
  const order = Array.from(nodes.keys()).sort((a, b) => nodes[a]! - nodes[b]!);
  return { nodes: Float64Array.from(order, (i) => nodes[i]!), weights: Float64Array.from(order, (i) => weights[i]!) };
}

/** The tensor product of the q-point rule in `dim` dimensions (q^dim nodes). */
export function gaussHermiteProduct(q: number, dim: number): Cubature {
  if (!Number.isInteger(dim) || dim < 1)
    throw new RangeError(`gaussHermiteProduct: dim must be a positive integer, got ${dim}`);
  const { nodes: x, weights: w } = gaussHermite(q);
  const numNodes = q ** dim;
  const nodes = new Float64Array(numNodes * dim);
  const logWeights = new Float64Array(numNodes);
  for (let s = 0; s < numNodes; s++) {
    let rest = s;
    let lw = 0;
    for (let d = dim - 1; d >= 0; d--) {
      const k = rest % q;
      rest = Math.floor(rest / q);
      nodes[s * dim + d] = x[k]!;
      lw += Math.log(w[k]!);
    }
    logWeights[s] = lw;
  }
  return { dim, numNodes, nodes, logWeights };
}
