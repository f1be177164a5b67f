/**
 * Gradient clipping by global norm (Pascanu, Mikolov & Bengio 2013): when the Euclidean norm
 * of all gradient values together exceeds `maxNorm`, scale every leaf by `maxNorm / norm`, so
 * the direction is kept and only the step length is bounded.
 * @module
 */
import { Tensor } from "../tensor/tensor.js";
import { type Tree, treeLeaves, treeMap } from "../tensor/tree.js";
import type { Optimizer, OptimizerState } from "./optimizer.js";
import { positive } from "./validate.js";

/**
 * The Euclidean norm of all values of all leaves of `tree`. Values are scaled by the largest
 * magnitude before squaring (as BLAS dnrm2 does), so huge or tiny gradients neither overflow
 * nor underflow. NaN if any value is NaN, Infinity if any is infinite.
 */
export function globalNorm(tree: Tree): number {
  const leaves = treeLeaves(tree);
  let scale = 0;
  for (const leaf of leaves) for (const x of leaf.data) scale = Math.max(scale, Math.abs(x));
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let sumSquares = 0;
  for (const leaf of leaves)
    for (const x of leaf.data) {
      const r = x / scale;
      sumSquares += r * r;
    }
  return scale * Math.sqrt(sumSquares);
}

/**
 * Clip `grads` to global norm at most `maxNorm`. Returns the (possibly scaled) gradients and
 * the norm before clipping. Below the threshold, or when the norm is not finite (there is no
 * meaningful direction to keep), `grads` is returned as is.
 */
export function clipByGlobalNorm<P extends Tree>(grads: P, maxNorm: number): { grads: P; norm: number } {
  const limit = positive("clipByGlobalNorm", "maxNorm", maxNorm);
  const norm = globalNorm(grads);
  if (!(norm > limit) || !Number.isFinite(norm)) return { grads, norm };
  const factor = limit / norm;
  const clipped = treeMap((g) => {
    const out = new Float64Array(g.size);
    for (let i = 0; i < out.length; i++) out[i] = g.data[i]! * factor;
    return new Tensor(out, g.shape);
  }, grads);
  return { grads: clipped, norm };
}

/**
 * `optimizer` with its gradients clipped to global norm `maxNorm` before every update: the
 * chain (clip, then optimise) of optax's `chain(clip_by_global_norm(maxNorm), ...)`. Clipping
 * is stateless, so the state is the wrapped optimiser's own.
 */
export function withGradientClipping<S extends OptimizerState>(optimizer: Optimizer<S>, maxNorm: number): Optimizer<S> {
  const limit = positive(optimizer.name, "clipNorm", maxNorm);
  return {
    name: optimizer.name,
    init: (params) => optimizer.init(params),
    update: (grads, state, params) => optimizer.update(clipByGlobalNorm(grads, limit).grads, state, params),
  };
}

/** `optimizer`, clipped when the `clipNorm` option was given. */
export function withOptionalClipping<S extends OptimizerState>(
  optimizer: Optimizer<S>,
  clipNorm: number | undefined,
): Optimizer<S> {
  return clipNorm === undefined ? optimizer : withGradientClipping(optimizer, clipNorm);
}
