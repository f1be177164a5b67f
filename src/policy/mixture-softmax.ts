/**
 * One fused op for the marginal likelihood of discrete actions when the logits are uncertain:
 *
 *   ℓ = Σᵢ log Σₛ exp(log wᵢₛ + log softmax([uᵢₛ, 0])[aᵢ]),   uᵢₛ = μᵢ + δₛ (or δᵢₛ),
 *
 * the log of a weighted average of softmax likelihoods over cubature nodes or Monte Carlo draws
 * of the clean state. Built from generic ops it allocates and broadcasts several [N, S, K]
 * tensors per call; fused, it is one pass forward and one backward with the closed-form gradient
 * ∂ℓ/∂uᵢₛ = rᵢₛ (e_{aᵢ} − pᵢₛ), where pᵢₛ = softmax([uᵢₛ, 0]) and rᵢₛ ∝ wᵢₛ pᵢₛ[aᵢ] are the nodes'
 * posterior responsibilities (the gradient of a log-sum-exp is its softmax).
 * @module
 */
import { anyTracked, record } from "../autodiff/tape.js";
import { Tensor } from "../tensor/tensor.js";

/**
 * ℓ for `mu` `[N, C]`, `offsets` `[S, C]` (shared) or `[N, S, C]` (per row), action indices
 * `[N]` in 0…C (C is the reference action with logit 0) and log weights `[S]` or `[N, S]`
 * (each row's weights summing to 1). Differentiable in `mu` and `offsets`.
 */
export function mixtureSoftmaxLogLik(
  mu: Tensor,
  offsets: Tensor,
  actions: Float64Array,
  logWeights: Float64Array,
): Tensor {
  const [n, c] = mu.shape as [number, number];
  const perRow = offsets.ndim === 3;
  const s = offsets.shape[perRow ? 1 : 0]!;
  if (offsets.shape[offsets.ndim - 1] !== c || (perRow && offsets.shape[0] !== n))
    throw new Error(`mixtureSoftmaxLogLik: offsets of shape [${offsets.shape.join(", ")}] do not fit mu [${n}, ${c}]`);
  const rowWeights = logWeights.length === n * s;
  if (!rowWeights && logWeights.length !== s)
    throw new Error(`mixtureSoftmaxLogLik: ${logWeights.length} log weights for ${s} nodes and ${n} rows`);
  const track = anyTracked(mu, offsets);
  const probs = track ? new Float64Array(n * s * c) : undefined; // p for the first C actions
  const resp = track ? new Float64Array(n * s) : undefined;
  const terms = new Float64Array(s);
  const ex = new Float64Array(c);
  const m = mu.data;
  const o = offsets.data;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const a = actions[i]!;
    let best = -Infinity;
    for (let k = 0; k < s; k++) {
      const ob = perRow ? (i * s + k) * c : k * c;
      let max = 0;
      for (let j = 0; j < c; j++) {
        const u = m[i * c + j]! + o[ob + j]!;
        ex[j] = u;
        if (u > max) max = u;
      }
      let z = Math.exp(-max);
      for (let j = 0; j < c; j++) z += ex[j] = Math.exp(ex[j]! - max);
      // log p_a = u_a − lse; with u_C = 0 for the reference action.
      const logPa = Math.log((a === c ? Math.exp(-max) : ex[a]!) / z);
      const t = logWeights[rowWeights ? i * s + k : k]! + logPa;
      terms[k] = t;
      if (t > best) best = t;
      if (probs) for (let j = 0; j < c; j++) probs[(i * s + k) * c + j] = ex[j]! / z;
    }
    let acc = 0;
    for (let k = 0; k < s; k++) acc += Math.exp(terms[k]! - best);
    const li = best + Math.log(acc);
    total += li;
    if (resp) for (let k = 0; k < s; k++) resp[i * s + k] = Math.exp(terms[k]! - li);
  }
  const out = new Tensor(new Float64Array([total]), []);
  if (!track) return out;
  return record(out, [mu, offsets], (g) => {
    const gv = g.data[0]!;
    const dMu = new Float64Array(n * c);
    const dOff = new Float64Array(offsets.size);
    for (let i = 0; i < n; i++) {
      const a = actions[i]!;
      for (let k = 0; k < s; k++) {
        const r = gv * resp![i * s + k]!;
        const ob = perRow ? (i * s + k) * c : k * c;
        for (let j = 0; j < c; j++) {
          const d = r * ((j === a ? 1 : 0) - probs![(i * s + k) * c + j]!);
          dMu[i * c + j] += d;
          dOff[ob + j] += d;
        }
      }
    }
    return [new Tensor(dMu, mu.shape), new Tensor(dOff, offsets.shape)];
  });
}
