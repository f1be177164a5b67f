/**
 * Deterministic inputs and a scalar "probe" for finite-difference tests of tensor-valued ops.
 *
 * Summing an op's output would hide errors in any gradient orthogonal to the all-ones
 * direction (softmax's, for one), so the probe contracts the output with fixed, uneven
 * weights instead.
 */
import { type Tensor, mul, sum, tensor } from "../../src/index.js";

/** A tensor of the given shape with distinct, irregular values in about [-2, 2], shifted by `offset`. */
export function sample(shape: readonly number[], seed = 1, offset = 0): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = offset + 2 * Math.sin(1.7 * i + 0.9 * seed + 0.3) + 0.01 * i;
  return tensor(d, shape);
}

/** Like {@link sample} but strictly positive (in about [0.5, 2.5]). */
export function positive(shape: readonly number[], seed = 1): Tensor {
  const t = sample(shape, seed);
  return tensor(
    t.data.map((x) => 1.5 + 0.5 * x),
    shape,
  );
}

/** Σ w ⊙ t with fixed uneven weights w of t's shape: a scalar that sees every output entry. */
export function probe(t: Tensor): Tensor {
  const n = t.size;
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = Math.cos(1.3 * i + 0.5) + 0.1 * (i % 7);
  return sum(mul(t, tensor(w, t.shape)));
}
