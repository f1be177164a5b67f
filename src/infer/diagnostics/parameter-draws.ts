/**
 * Draws of several parameters, as a sampler stores them: per chain one row-major
 * numDraws × dim block (draw after draw, parameters within a draw), plus parameter names.
 * @module
 */
/** Draws of `dim` parameters from several chains, chains × draws × params. */
export interface ParameterDraws {
  /** One row-major numDraws × dim block per chain; all chains equally long. */
  readonly chains: readonly ArrayLike<number>[];
  /** Number of parameters per draw. */
  readonly dim: number;
  /** Parameter names, one per column; `x[0]`, `x[1]`, … when omitted. */
  readonly names?: readonly string[];
}

/** Check the layout and return the number of draws per chain. */
export function checkParameterDraws(draws: ParameterDraws, where: string): number {
  const { chains, dim, names } = draws ?? ({} as ParameterDraws);
  if (!Number.isInteger(dim) || dim < 1)
    throw new Error(`${where}: dim must be a positive integer, got ${String(dim)}`);
  if (!Array.isArray(chains) || chains.length === 0) {
    throw new Error(`${where}: expected a non-empty array of chains, each a row-major numDraws × dim block`);
  }
  const size = chains[0]!.length;
  for (let c = 0; c < chains.length; c++) {
    const n = chains[c]?.length;
    if (typeof n !== "number" || n % dim !== 0) {
      throw new Error(`${where}: chain ${c} has ${String(n)} values, not a multiple of dim = ${dim}`);
    }
    if (n !== size) {
      throw new Error(
        `${where}: chains must have equal length, but chain 0 has ${size / dim} draws and chain ${c} has ${n / dim}`,
      );
    }
  }
  if (names !== undefined && names.length !== dim) {
    throw new Error(`${where}: expected ${dim} parameter names, got ${names.length}`);
  }
  return size / dim;
}

/** The draws of parameter `j` (column j of every chain's block), chains × draws. */
export function parameterChains(draws: ParameterDraws, j: number): Float64Array[] {
  const { chains, dim } = draws;
  if (!Number.isInteger(j) || j < 0 || j >= dim) {
    throw new Error(`parameterChains: parameter index must be an integer in [0, ${dim}), got ${j}`);
  }
  return chains.map((block) => {
    const n = block.length / dim;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = block[i * dim + j]!;
    return out;
  });
}

/** The name of parameter `j`: its given name, or `x[j]`. */
export function parameterName(draws: ParameterDraws, j: number): string {
  return draws.names?.[j] ?? `x[${j}]`;
}
