/**
 * Policies built from inferred weights, for acting in an environment: one posterior draw (for
 * posterior predictive simulation), the nominal point estimate, or the full posterior predictive
 * (the Bayesian policy, which integrates over the weights and over the clean state given what it
 * observes).
 * @module
 */
import type { Action } from "../envs/env.js";
import type { Policy } from "../envs/policy.js";
import { type Key, normal, split, uniform } from "../random/index.js";
import type { ResolvedConfig } from "./config.js";
import type { StateModel } from "./data.js";
import { rowFeatures } from "./features.js";
import { predictiveGaussianMixture, predictiveProbabilities, type WeightDraws } from "./predictive.js";

/**
 * The policy with weights of draw `index` of `wd`, acting on the observation it is given as if it
 * were the clean state: softmax(φ(o)W) or N(φ(o)W, σ²).
 */
export function weightsPolicy(config: ResolvedConfig, wd: WeightDraws, index: number, stateDim: number): Policy {
  const phi = rowFeatures(config.features, stateDim);
  const f = wd.numFeatures;
  const c = wd.numOutputs;
  const w = wd.weights.subarray(index * f * c, (index + 1) * f * c);
  const sigma = wd.actionScale?.subarray(index * c, (index + 1) * c);
  const out = new Float64Array(c);
  const outputs = (o: Float64Array): Float64Array => {
    const x = phi(o);
    for (let a = 0; a < c; a++) {
      let v = 0;
      for (let j = 0; j < f; j++) v += x[j]! * w[j * c + a]!;
      out[a] = v;
    }
    return out;
  };
  if (config.family === "linear-softmax") {
    const probs = new Float64Array(c + 1);
    return {
      act(k: Key, o: Float64Array): Action {
        // The action's uniform comes from split(k)[1], as in predictivePolicy: two policies with
        // close probabilities then take the same action on the same key (common random numbers).
        const z = outputs(o);
        let max = 0;
        for (let a = 0; a < c; a++) max = Math.max(max, z[a]!);
        probs[c] = Math.exp(-max);
        for (let a = 0; a < c; a++) probs[a] = Math.exp(z[a]! - max);
        return sampleIndex(probs, uniform(split(k)[1]!, [1]).data[0]!);
      },
    };
  }
  return {
    act(k: Key, o: Float64Array): Action {
      const mu = outputs(o);
      const e = normal(k, [c]).data;
      return Float64Array.from(mu, (m, a) => m + sigma![a]! * e[a]!);
    },
  };
}

/**
 * The Bayesian policy deployed on what its sensors show: the posterior mixture of policies
 * π̄(a | o) = ∫ π(a | o, W) p(W | data) dW, acting on the observation o as a deployed controller
 * does (as the oracle acts on its input). The posterior of W is de-attenuated by the observation
 * model, so this is the agent's own policy with its uncertainty — not the attenuated fit the
 * nominal policy is.
 */
export function posteriorPolicy(config: ResolvedConfig, wd: WeightDraws, stateDim: number): Policy {
  const draws = Array.from({ length: wd.numDraws }, (_, t) => weightsPolicy(config, wd, t, stateDim));
  if (config.family === "linear-softmax") {
    const known: StateModel = { mode: "known" };
    return {
      act(k: Key, o: Float64Array): Action {
        const [sk, ak] = split(k);
        const p = predictiveProbabilities(config, known, wd, o, 1, stateDim, sk!);
        return sampleIndex(p, uniform(ak!, [1]).data[0]!);
      },
    };
  }
  // Continuous: a mixture of Gaussians over the draws — pick a draw, then act with it.
  return {
    act(k: Key, o: Float64Array): Action {
      const [ck, ak] = split(k);
      const t = Math.min(wd.numDraws - 1, Math.floor(uniform(ck!, [1]).data[0]! * wd.numDraws));
      return draws[t]!.act(ak!, o);
    },
  };
}

/**
 * The agent's behaviour as the posterior predicts it from a noisy observation:
 * p(a | o) = ∫∫ π(a | x, W) p(x | o) p(W | data) dx dW — the calibrated belief about what the
 * agent does when its state is only seen through the sensor (what `predict` returns). As a
 * controller it is far more random than the agent itself (docs/policy-posterior.md).
 */
export function predictivePolicy(config: ResolvedConfig, state: StateModel, wd: WeightDraws, stateDim: number): Policy {
  if (config.family === "linear-softmax")
    return {
      act(k: Key, o: Float64Array): Action {
        const [sk, ak] = split(k);
        const p = predictiveProbabilities(config, state, wd, o, 1, stateDim, sk!);
        return sampleIndex(p, uniform(ak!, [1]).data[0]!);
      },
    };
  return {
    act(k: Key, o: Float64Array): Action {
      const [sk, ck, nk] = split(k, 3);
      const mix = predictiveGaussianMixture(config, state, wd, o, 1, stateDim, sk!);
      const j = sampleIndex(
        Float64Array.from(mix.logWeights, (lw) => Math.exp(lw)),
        uniform(ck!, [1]).data[0]!,
      );
      const e = normal(nk!, [mix.actionDim]).data;
      return Float64Array.from(e, (z, a) => mix.means[j * mix.actionDim + a]! + mix.sds[j * mix.actionDim + a]! * z);
    },
  };
}

/** Inverse-CDF draw of an index from (unnormalised) probabilities. */
function sampleIndex(p: Float64Array, u: number): number {
  let total = 0;
  for (const v of p) total += v;
  let acc = 0;
  for (let i = 0; i < p.length; i++) {
    acc += p[i]! / total;
    if (u < acc) return i;
  }
  return p.length - 1;
}
