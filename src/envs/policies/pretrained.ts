/**
 * Pretrained behaviour policies, one per registered environment, with committed parameter values
 * found by the cross-entropy method (`bench/train-policies.ts` retrains them and prints these
 * values with their evaluated returns). They are the *stochastic* behaviour policies that
 * generate data sets: softmax policies sample, Gaussian policies add noise of the stated
 * standard deviation, and the weights are kept moderate (an L2 penalty in CEM, standardised
 * features) so that the action distributions are far from deterministic and the weights are
 * identifiable from data.
 *
 * Every threshold below is checked by the tests: the mean return of the stochastic policy over
 * 100 episodes with `key(PRETRAINED_EVALUATION_SEED)` (`evaluatePolicy` in `../rollout.ts`);
 * "achieved" is that mean ± its standard error.
 *
 * | environment              | policy (features)                         | threshold        | achieved        |
 * | ------------------------ | ----------------------------------------- | ---------------- | --------------- |
 * | CartPole-v1              | softmax, `[s, 1]`                         | 475 (Gymnasium)  | 500.00 ± 0.00   |
 * | Pendulum-v1              | Gaussian σ 0.37, energy-shaping features  | −400             | −155.08 ± 9.27  |
 * | MountainCar-v0           | softmax, standardised `[s, 1]`            | −130             | −122.06 ± 2.52  |
 * | MountainCarContinuous-v0 | Gaussian σ 0.3 (clipped), standardised    | 90 (Gymnasium)   | 92.55 ± 0.23    |
 * | Acrobot-v1               | softmax, `[s, 1]`, velocities scaled      | −100 (Gymnasium) | −89.49 ± 2.37   |
 * | LaneKeeping-v0           | Gaussian σ 0.1 rad, standardised          | 400 (0.8 × 500)  | 499.84 ± 0.00   |
 * | LaneKeepingDiscrete-v0   | softmax, standardised `[s, 1]`            | 400 (0.8 × 500)  | 498.95 ± 0.03   |
 *
 * The largest weight is 19.4 (Pendulum's energy-pumping term); the softmax policies' largest are
 * 9.9–13.3. How stochastic they are along their own trajectories (20 episodes, key 1): mean action
 * entropy / share of states whose most likely action has probability > 0.99 — CartPole 0.40 nats
 * / 5 %, MountainCar 0.13 / 65 %, Acrobot 0.22 / 51 %, LaneKeepingDiscrete 0.62 / 0.1 %
 * (MountainCar and Acrobot need decisive pushes at high speed; a larger L2 penalty buys entropy
 * at the cost of return).
 * @module
 */
import type { BoxSpace } from "../env.js";
import { makeEnv } from "../registry.js";
import { type FeatureMap, affineFeatures, pendulumFeatures } from "./feature-maps.js";
import { LinearGaussianPolicy } from "./linear-gaussian.js";
import { LinearSoftmaxPolicy } from "./linear-softmax.js";

/** The key seed of the 100-episode evaluation every threshold below is stated for. */
export const PRETRAINED_EVALUATION_SEED = 2026;

/** A pretrained policy's recipe: structure, committed parameters and the return it must reach. */
export interface PretrainedSpec {
  readonly envId: string;
  /** The feature map the policy is linear in. */
  readonly featureMap: FeatureMap;
  /** Number of free parameters (what CEM searches over). */
  readonly numParams: number;
  /** Build the (stochastic) policy from a flat parameter vector. */
  makePolicy(params: ArrayLike<number>): LinearSoftmaxPolicy | LinearGaussianPolicy;
  /** The committed parameters. */
  readonly params: readonly number[];
  /** Mean return over 100 evaluation episodes that the committed parameters must reach. */
  readonly threshold: number;
}

function actionBox(envId: string): BoxSpace {
  const space = makeEnv(envId).actionSpace;
  if (space.kind !== "box") throw new Error(`pretrained: ${envId} has no box action space`);
  return space;
}

function softmaxSpec(envId: string, featureMap: FeatureMap, numActions: number, params: number[], threshold: number) {
  return {
    envId,
    featureMap,
    numParams: LinearSoftmaxPolicy.numParams(featureMap, numActions),
    makePolicy: (p: ArrayLike<number>) => LinearSoftmaxPolicy.fromParams(featureMap, numActions, p),
    params,
    threshold,
  } satisfies PretrainedSpec;
}

function gaussianSpec(
  envId: string,
  featureMap: FeatureMap,
  std: number,
  clip: boolean,
  params: number[],
  threshold: number,
): PretrainedSpec {
  const actionSpace = actionBox(envId);
  return {
    envId,
    featureMap,
    numParams: featureMap.outputDim,
    makePolicy: (p: ArrayLike<number>) =>
      LinearGaussianPolicy.fromParams(featureMap, 1, p, { logStd: [Math.log(std)], actionSpace, clip }),
    params,
    threshold,
  };
}

/** Standardisation of the lane-keeping observation `[e_y, e_ψ, κ(s + 10 m), v]`. */
const LANE_FEATURES = { center: [0, 0, 0, 10], scale: [1.75, 0.1, 0.02, 2] };
/** Standardisation of the mountain-car observation `[position, velocity]`. */
const MOUNTAIN_CAR_FEATURES = { center: [-0.3, 0], scale: [0.9, 0.03] };
/** Acrobot: the angular velocities (bounded by 4π and 9π) brought to order one. */
const ACROBOT_FEATURES = { scale: [1, 1, 1, 1, 4, 9] };

function specs(): Readonly<Record<string, PretrainedSpec>> {
  return {
    /**
     * CartPole-v1: linear softmax on `[x, ẋ, θ, θ̇, 1]` (5 weights, the logit of "push left").
     * Threshold 475 (Gymnasium's reward threshold). Achieved: 500.00 ± 0.00.
     */
    "CartPole-v1": softmaxSpec("CartPole-v1", affineFeatures(4), 2, [-0.553, -3.61, -11.143, -13.271, 0.199], 475),
    /**
     * Pendulum-v1: linear Gaussian torque on the energy-shaping {@link pendulumFeatures}
     * (swing-up and balance from any start), σ = e^−1 ≈ 0.37 N·m, unclipped draws (the
     * environment clips and charges the clipped torque). Threshold −400 (Gymnasium sets none; a
     * policy that never swings up scores about −1200). Achieved: −155.08 ± 9.27.
     */
    "Pendulum-v1": gaussianSpec(
      "Pendulum-v1",
      pendulumFeatures(),
      Math.exp(-1),
      false,
      [-5.502, -1.696, -9.823, 19.368],
      -400,
    ),
    /**
     * MountainCar-v0: linear softmax on standardised `[position, velocity, 1]` (it learns to push
     * with the velocity). Threshold −130 (Gymnasium's is −110, which this stochastic linear
     * policy does not reach). Achieved: −122.06 ± 2.52.
     */
    "MountainCar-v0": softmaxSpec(
      "MountainCar-v0",
      affineFeatures(2, MOUNTAIN_CAR_FEATURES),
      3,
      [2.484, 1.249, -11.818, -5.443, 0.056, -3.938],
      -130,
    ),
    /**
     * MountainCarContinuous-v0: linear Gaussian force on standardised `[position, velocity, 1]`,
     * σ = 0.3, draws clipped to [−1, 1] by the policy (the reward charges the action as given,
     * so unclipped noise would cost return; recorded actions on ±1 are censored). Threshold 90
     * (Gymnasium's). Achieved: 92.55 ± 0.23.
     */
    "MountainCarContinuous-v0": gaussianSpec(
      "MountainCarContinuous-v0",
      affineFeatures(2, MOUNTAIN_CAR_FEATURES),
      0.3,
      true,
      [-4.488, 3.523, -1.489],
      90,
    ),
    /**
     * Acrobot-v1: linear softmax on `[cos θ1, sin θ1, cos θ2, sin θ2, θ̇1 / 4, θ̇2 / 9, 1]`.
     * Threshold −100 (Gymnasium's). Achieved: −89.49 ± 2.37.
     */
    "Acrobot-v1": softmaxSpec(
      "Acrobot-v1",
      affineFeatures(6, ACROBOT_FEATURES),
      3,
      [1.977, -1.428, 0.717, -1.422, -2.043, -3.588, 1.594, 1.468, 10.064, 3.233, -7.875, -1.183, -0.526, -4.9],
      -100,
    ),
    /**
     * LaneKeeping-v0: linear Gaussian steering on standardised `[e_y, e_ψ, κ, v, 1]`, σ = 0.1 rad,
     * unclipped draws (the environment clips; the reward does not depend on the action).
     * Threshold 400 = 0.8 × the maximum return 500. Achieved: 499.84 ± 0.00.
     */
    "LaneKeeping-v0": gaussianSpec(
      "LaneKeeping-v0",
      affineFeatures(4, LANE_FEATURES),
      0.1,
      false,
      [-3.019, -0.309, -0.039, -0.007, 0],
      400,
    ),
    /**
     * LaneKeepingDiscrete-v0: linear softmax over steer left / straight / right on standardised
     * `[e_y, e_ψ, κ, v, 1]`. Threshold 400 = 0.8 × the maximum return 500. Achieved: 498.95 ± 0.03.
     */
    "LaneKeepingDiscrete-v0": softmaxSpec(
      "LaneKeepingDiscrete-v0",
      affineFeatures(4, LANE_FEATURES),
      3,
      [-9.933, 0.709, -4.734, -2.027, 0.201, 0.237, 0.016, -1.865, 0.067, -4.139],
      400,
    ),
  };
}

let cache: Readonly<Record<string, PretrainedSpec>> | undefined;

/** Every pretrained recipe, by environment id. */
export function pretrainedSpecs(): Readonly<Record<string, PretrainedSpec>> {
  cache ??= specs();
  return cache;
}

/** The recipe of `envId`'s pretrained policy (throws for an id without one). */
export function pretrainedSpec(envId: string): PretrainedSpec {
  const all = pretrainedSpecs();
  const spec = Object.hasOwn(all, envId) ? all[envId] : undefined;
  if (spec === undefined)
    throw new Error(
      `pretrainedPolicy: no pretrained policy for ${JSON.stringify(envId)}; available: ${Object.keys(all).join(", ")}`,
    );
  return spec;
}

/** The pretrained stochastic behaviour policy of `envId`; see the module documentation. */
export function pretrainedPolicy(envId: string): LinearSoftmaxPolicy | LinearGaussianPolicy {
  const spec = pretrainedSpec(envId);
  return spec.makePolicy(spec.params);
}
