/**
 * `MountainCarContinuous-v0`: the mountain car with a continuous force, with the constants,
 * update, clipping, reward, termination and reset distribution of Gymnasium's
 * `gymnasium/envs/classic_control/continuous_mountain_car.py` (Farama-Foundation/Gymnasium,
 * read at commit 3f0476a8). Differences: Gymnasium stores the state as float32 after every
 * step; here it stays float64. The initial position is drawn with this library's Threefry
 * `uniform` sampler from an explicit key.
 * @module
 */
import type { Key } from "../random/index.js";
import { MOUNTAIN_CAR } from "./mountain-car.js";
import { box } from "./spaces.js";
import { BaseEnv, clip, uniformVector } from "./util.js";

/** Constants of the continuous task that differ from {@link MOUNTAIN_CAR}'s, as in Gymnasium. */
export const MOUNTAIN_CAR_CONTINUOUS = Object.freeze({
  minAction: -1.0,
  maxAction: 1.0,
  /** Goal position (0.45, not the discrete task's 0.5). */
  goalPosition: 0.45,
  goalVelocity: 0,
  /** Acceleration per unit of force. */
  power: 0.0015,
  /** Reward for reaching the goal. */
  goalReward: 100.0,
  /** Weight of the squared action in the per-step cost. */
  actionCost: 0.1,
});

/**
 * Drive the car up the right hill with a force `u` in [−1, 1] (clipped for the dynamics).
 * State and observation `[position, velocity]`; reward `100·[goal reached] − 0.1 u²`, where,
 * as in Gymnasium, `u` is the action as given (not clipped); terminated when position ≥ 0.45
 * and velocity ≥ 0; truncated after 999 steps.
 */
export class MountainCarContinuous extends BaseEnv {
  readonly id = "MountainCarContinuous-v0";
  readonly observationSpace = box(
    [MOUNTAIN_CAR.minPosition, -MOUNTAIN_CAR.maxSpeed],
    [MOUNTAIN_CAR.maxPosition, MOUNTAIN_CAR.maxSpeed],
  );
  readonly actionSpace = box([MOUNTAIN_CAR_CONTINUOUS.minAction], [MOUNTAIN_CAR_CONTINUOUS.maxAction]);
  readonly maxEpisodeSteps = 999;

  constructor() {
    super(2);
  }

  protected drawInitialState(key: Key): void {
    this.state[0] = uniformVector(key, [MOUNTAIN_CAR.resetLow], [MOUNTAIN_CAR.resetHigh])[0]!;
    this.state[1] = 0;
  }

  protected transition(actions: ArrayLike<number>, offset: number): void {
    const c = MOUNTAIN_CAR_CONTINUOUS;
    const { minPosition, maxPosition, maxSpeed, gravity } = MOUNTAIN_CAR;
    const action = actions[offset]!;
    const force = clip(action, c.minAction, c.maxAction);
    let position = this.state[0]!;
    let velocity = this.state[1]!;
    velocity = clip(velocity + force * c.power - gravity * Math.cos(3 * position), -maxSpeed, maxSpeed);
    position = clip(position + velocity, minPosition, maxPosition);
    if (position === minPosition && velocity < 0) velocity = 0;
    this.state[0] = position;
    this.state[1] = velocity;
    this.terminal = position >= c.goalPosition && velocity >= c.goalVelocity;
    this.reward = (this.terminal ? c.goalReward : 0) - action * action * c.actionCost;
  }

  writeObservation(out: Float64Array, offset: number): void {
    out[offset] = this.state[0]!;
    out[offset + 1] = this.state[1]!;
  }
}
