/**
 * The posterior summary table of an MCMC run, by site: every scalar of every latent and
 * deterministic site (named `theta[3]`, 0-based, for vector sites), with sampler diagnostics.
 * @module
 */
import { type Summary, summary } from "../diagnostics/summary.js";
import type { MCMCResult } from "./mcmc.js";

function elementNames(name: string, shape: readonly number[]): string[] {
  if (shape.length === 0) return [name];
  const out: string[] = [];
  const idx = new Array<number>(shape.length).fill(0);
  const total = shape.reduce((a, b) => a * b, 1);
  for (let i = 0; i < total; i++) {
    out.push(`${name}[${idx.join(",")}]`);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}

/**
 * Summarise `result` (mean, sd, quantiles, MCSE, bulk/tail ESS, rank-normalised R-hat per
 * scalar; divergences, tree-depth saturation and E-BFMI per run). `sites` restricts and
 * orders the sites (default: all, in the model's order).
 */
export function mcmcSummary(result: MCMCResult, sites?: readonly string[]): Summary {
  const names = sites ?? Object.keys(result.samples);
  const columns: { site: string; width: number; names: string[] }[] = names.map((site) => {
    const t = result.samples[site];
    if (t === undefined)
      throw new Error(`mcmcSummary: no site named '${site}' (have ${Object.keys(result.samples).join(", ")})`);
    const shape = t.shape.slice(2);
    return { site, width: t.size / (result.numChains * result.numSamples), names: elementNames(site, shape) };
  });
  const dim = columns.reduce((n, c) => n + c.width, 0);
  const n = result.numSamples;
  const chains = Array.from({ length: result.numChains }, (_, c) => {
    const block = new Float64Array(n * dim);
    let offset = 0;
    for (const col of columns) {
      const data = result.samples[col.site]!.data;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < col.width; j++) block[i * dim + offset + j] = data[(c * n + i) * col.width + j]!;
      offset += col.width;
    }
    return block;
  });
  const maxTreeDepth = result.maxTreeDepth;
  return summary(
    { chains, dim, names: columns.flatMap((c) => c.names) },
    { stats: result.chains.map((c) => c.stats), maxTreeDepth },
  );
}
