/**
 * `MountainCar-v0`: Moore's (1990) under-powered car in a valley, with the constants, update,
 * clipping, termination and reset distribution of Gymnasium's
 * `gymnasium/envs/classic_control/mountain_car.py` (Farama-Foundation/Gymnasium, read at
 * commit 3f0476a8). States and observations are float64 (Gymnasium's bounds are float32
 * roundings of the same decimals); the initial position is drawn with this library's Threefry
 * `uniform` sampler from an explicit key.
 * @module
 */
import type { Key } from "../random/index.js";
import { box, discrete } from "./spaces.js";
import { BaseEnv, clip, uniformVector } from "./util.js";

/** Constants shared by the discrete and continuous mountain cars, as in Gymnasium. */
export const MOUNTAIN_CAR = Object.freeze({
  minPosition: -1.2,
  maxPosition: 0.6,
  maxSpeed: 0.07,
  /** Goal position of `MountainCar-v0` (the continuous task uses 0.45). */
  goalPosition: 0.5,
  goalVelocity: 0,
  force: 0.001,
  gravity: 0.0025,
  /** Reset: position uniform on [−0.6, −0.4), velocity 0. */
  resetLow: -0.6,
  resetHigh: -0.4,
});

/**
 * Drive a car up the right hill. State and observation `[position, velocity]`; actions 0
 * (accelerate left), 1 (none), 2 (right); reward −1 per step; terminated when position ≥ 0.5
 * and velocity ≥ 0; truncated after 200 steps.
 */
export class MountainCar extends BaseEnv {
  readonly id = "MountainCar-v0";
  readonly observationSpace = box(
    [MOUNTAIN_CAR.minPosition, -MOUNTAIN_CAR.maxSpeed],
    [MOUNTAIN_CAR.maxPosition, MOUNTAIN_CAR.maxSpeed],
  );
  readonly actionSpace = discrete(3);
  readonly maxEpisodeSteps = 200;

  constructor() {
    super(2);
  }

  protected drawInitialState(key: Key): void {
    this.state[0] = uniformVector(key, [MOUNTAIN_CAR.resetLow], [MOUNTAIN_CAR.resetHigh])[0]!;
    this.state[1] = 0;
  }

  protected transition(actions: ArrayLike<number>, offset: number): void {
    const c = MOUNTAIN_CAR;
    let position = this.state[0]!;
    let velocity = this.state[1]!;
    velocity += (actions[offset]! - 1) * c.force + Math.cos(3 * position) * -c.gravity;
    velocity = clip(velocity, -c.maxSpeed, c.maxSpeed);
    position = clip(position + velocity, c.minPosition, c.maxPosition);
    // An inelastic wall at the left end.
    if (position === c.minPosition && velocity < 0) velocity = 0;
    this.state[0] = position;
    this.state[1] = velocity;
    this.terminal = position >= c.goalPosition && velocity >= c.goalVelocity;
    this.reward = -1;
  }

  writeObservation(out: Float64Array, offset: number): void {
    out[offset] = this.state[0]!;
    out[offset + 1] = this.state[1]!;
  }
}
