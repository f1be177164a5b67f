/**
 * The input of every convergence diagnostic: the draws of one scalar quantity as chains × draws,
 * checked once and copied into Float64Arrays.
 * @module
 */

/** Draws of one scalar quantity, one array per chain (chains × draws). */
export type ChainDraws = readonly ArrayLike<number>[];

/**
 * Check that `chains` is a non-empty list of equally long chains of at least `minDraws` finite
 * draws each, and return them as Float64Arrays. `where` names the calling function in errors.
 *
 * Non-finite draws are rejected rather than propagated: a NaN or ±Infinity draw is a sampler
 * failure to report, not a value to average.
 */
export function checkChains(chains: ChainDraws, where: string, minDraws: number): Float64Array[] {
  if (!Array.isArray(chains) || chains.length === 0) {
    throw new Error(
      `${where}: expected draws as a non-empty array of chains (chains × draws), got ${describe(chains)}`,
    );
  }
  const numDraws = lengthOf(chains[0], where, 0);
  const out: Float64Array[] = [];
  for (let c = 0; c < chains.length; c++) {
    const n = lengthOf(chains[c], where, c);
    if (n !== numDraws) {
      throw new Error(
        `${where}: chains must have equal length, but chain 0 has ${numDraws} draws and chain ${c} has ${n}`,
      );
    }
    out.push(finiteCopy(chains[c]!, where, c));
  }
  if (numDraws < minDraws) {
    throw new Error(`${where}: need at least ${minDraws} draws per chain, got ${numDraws}`);
  }
  return out;
}

/** All draws of all chains, chain after chain. */
export function pool(chains: readonly Float64Array[]): Float64Array {
  const n = chains.length === 0 ? 0 : chains[0]!.length;
  const out = new Float64Array(chains.length * n);
  chains.forEach((chain, c) => out.set(chain, c * n));
  return out;
}

function lengthOf(chain: unknown, where: string, c: number): number {
  const n = (chain as { length?: unknown } | null | undefined)?.length;
  if (typeof chain !== "object" || chain === null || typeof n !== "number") {
    throw new Error(`${where}: chain ${c} must be an array of numbers, got ${describe(chain)}`);
  }
  return n;
}

function finiteCopy(chain: ArrayLike<number>, where: string, c: number): Float64Array {
  const out = new Float64Array(chain.length);
  for (let i = 0; i < chain.length; i++) {
    const v = chain[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new Error(`${where}: draws must be finite numbers, got ${String(v)} at chain ${c}, draw ${i}`);
    }
    out[i] = v;
  }
  return out;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (v === null) return "null";
  return typeof v;
}
