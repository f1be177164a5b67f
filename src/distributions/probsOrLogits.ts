/**
 * The two parameterisations of Bernoulli, Binomial and Categorical: probabilities or logits
 * (log-odds), exactly one of which is given.
 * @module
 */
import { type TensorLike, Tensor, asTensor } from "../tensor/tensor.js";

/**
 * Probabilities as a number or tensor, or an object naming one of `probs` and `logits`:
 * `Bernoulli(0.3)`, `Bernoulli({ probs: 0.3 })`, `Bernoulli({ logits: -0.85 })`.
 */
export type ProbsOrLogits = TensorLike | { readonly probs: TensorLike } | { readonly logits: TensorLike };

/** Exactly one of the two, as a tensor. */
export type ParsedProbsOrLogits = { probs: Tensor; logits: null } | { probs: null; logits: Tensor };

/** Sort out which parameterisation was given, with a clear error unless exactly one was. */
export function parseProbsOrLogits(dist: string, p: ProbsOrLogits): ParsedProbsOrLogits {
  if (p instanceof Tensor || typeof p === "number") return { probs: asTensor(p), logits: null };
  if (p === null || typeof p !== "object")
    throw new Error(`${dist}: expected probabilities or { probs } or { logits }, got ${String(p)}`);
  const hasProbs = "probs" in p && (p as { probs?: unknown }).probs !== undefined;
  const hasLogits = "logits" in p && (p as { logits?: unknown }).logits !== undefined;
  if (hasProbs === hasLogits)
    throw new Error(`${dist}: give exactly one of probs and logits, got ${hasProbs ? "both" : "neither"}`);
  return hasProbs
    ? { probs: asTensor((p as { probs: TensorLike }).probs), logits: null }
    : { probs: null, logits: asTensor((p as { logits: TensorLike }).logits) };
}
