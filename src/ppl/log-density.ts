/**
 * The joint log-density of a trace: Σ over sample sites of scale · Σ(mask · logProb(value)),
 * plus every factor. Differentiable.
 * @module
 */
import { add, mul, scale as scaleOp, sum } from "../autodiff/index.js";
import { Tensor, scalar } from "../tensor/tensor.js";
import type { Message, Trace } from "./message.js";

/** The log-density contribution of one site (0 for params and deterministic sites). */
export function siteLogProb(site: Message): Tensor {
  if (site.type === "factor") return scaleOp(sum(site.value!), site.scale);
  if (site.type !== "sample") return scalar(0);
  let lp = site.fn!.logProb(site.value!);
  if (site.mask !== null) lp = mul(lp, site.mask);
  // a 0-dimensional log-density (a scalar site outside any plate) is its own sum
  const total = lp.ndim === 0 ? lp : sum(lp);
  return site.scale === 1 ? total : scaleOp(total, site.scale);
}

/** Joint log-density of all sites of a trace. */
export function logDensity(trace: Trace): Tensor {
  let total: Tensor | null = null;
  for (const site of trace.values()) {
    if (site.type !== "sample" && site.type !== "factor") continue;
    const lp = siteLogProb(site);
    total = total === null ? lp : add(total, lp);
  }
  return total ?? scalar(0);
}
