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
  const probs = new Float64Array(n * s * c); // softmax probabilities of the first C actions
  const resp = new Float64Array(n * s); // responsibilities rᵢₛ
  const weights = Float64Array.from(logWeights, Math.exp);
  const ex = new Float64Array(c);
  const m = mu.data;
  const o = offsets.data;
  const off = (i: number, k: number) => (perRow ? (i * s + k) * c : k * c);
  const wt = (i: number, k: number) => (rowWeights ? i * s + k : k);

  // Probability space: pᵢ = Σₛ wₛ pᵢₛ[a] needs one exp per logit and one log per row; the
  // responsibilities are wₛ pᵢₛ[a] / pᵢ. Returns pᵢ (0 when it underflows).
  const rowInProbabilities = (i: number, a: number): number => {
    let pi = 0;
    for (let k = 0; k < s; k++) {
      const ob = off(i, k);
      let pa: number;
      if (c === 1) {
        // Two actions: p(a = 0) = σ(u), one exp, arranged so that exp never overflows.
        const u = m[i]! + o[ob]!;
        const e = Math.exp(-Math.abs(u));
        const big = 1 / (1 + e);
        const p0 = u >= 0 ? big : e * big;
        probs[i * s + k] = p0;
        // p(a = 1) = σ(−u) directly: 1 − p0 cancels catastrophically once p0 rounds near 1 (u ≳ 20).
        pa = a === 0 ? p0 : u >= 0 ? e * big : big;
      } else {
        let max = 0;
        for (let j = 0; j < c; j++) max = Math.max(max, (ex[j] = m[i * c + j]! + o[ob + j]!));
        const e0 = Math.exp(-max);
        let z = e0;
        for (let j = 0; j < c; j++) z += ex[j] = Math.exp(ex[j]! - max);
        for (let j = 0; j < c; j++) probs[(i * s + k) * c + j] = ex[j]! / z;
        pa = (a === c ? e0 : ex[a]!) / z;
      }
      const wp = weights[wt(i, k)]! * pa;
      resp[i * s + k] = wp;
      pi += wp;
    }
    if (!(pi > 1e-280)) return 0;
    for (let k = 0; k < s; k++) resp[i * s + k] /= pi;
    return pi;
  };

  // Log space, for rows whose every node probability underflows: log pᵢₛ[a] = u_a − logsumexp.
  const terms = new Float64Array(s);
  const rowInLogs = (i: number, a: number): number => {
    let best = -Infinity;
    for (let k = 0; k < s; k++) {
      const ob = off(i, k);
      let max = 0;
      for (let j = 0; j < c; j++) max = Math.max(max, m[i * c + j]! + o[ob + j]!);
      let z = Math.exp(-max);
      for (let j = 0; j < c; j++) z += Math.exp(m[i * c + j]! + o[ob + j]! - max);
      const ua = a === c ? 0 : m[i * c + a]! + o[ob + a]!;
      terms[k] = logWeights[wt(i, k)]! + ua - max - Math.log(z);
      best = Math.max(best, terms[k]!);
    }
    let acc = 0;
    for (let k = 0; k < s; k++) acc += Math.exp(terms[k]! - best);
    const li = best + Math.log(acc);
    for (let k = 0; k < s; k++) resp[i * s + k] = Math.exp(terms[k]! - li);
    return li;
  };

  let total = 0;
  for (let i = 0; i < n; i++) {
    const a = actions[i]!;
    const pi = rowInProbabilities(i, a);
    total += pi > 0 ? Math.log(pi) : rowInLogs(i, a);
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
        const r = gv * resp[i * s + k]!;
        const ob = off(i, k);
        for (let j = 0; j < c; j++) {
          const d = r * ((j === a ? 1 : 0) - probs[(i * s + k) * c + j]!);
          dMu[i * c + j] += d;
          dOff[ob + j] += d;
        }
      }
    }
    return [new Tensor(dMu, mu.shape), new Tensor(dOff, offsets.shape)];
  });
}
