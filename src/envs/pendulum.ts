/**
 * `Pendulum-v1`: swing a torque-limited pendulum up and hold it, with the constants,
 * semi-implicit Euler update, cost and reset distribution of Gymnasium's
 * `gymnasium/envs/classic_control/pendulum.py` (Farama-Foundation/Gymnasium, read at commit
 * 3f0476a8). States and observations are float64; the initial state is drawn with this
 * library's Threefry `uniform` sampler from an explicit key.
 * @module
 */
import type { Key } from "../random/index.js";
import { box } from "./spaces.js";
import { BaseEnv, clip, uniformVector } from "./util.js";

/** Pendulum's constants, as in Gymnasium (g = 10 is Gymnasium's default). */
export const PENDULUM = Object.freeze({
  maxSpeed: 8,
  maxTorque: 2.0,
  dt: 0.05,
  g: 10.0,
  m: 1.0,
  l: 1.0,
  /** Reset: θ uniform on [−π, π), θ̇ uniform on [−1, 1). */
  resetTheta: Math.PI,
  resetThetaDot: 1.0,
});

/**
 * θ mapped to [−π, π) as Gymnasium's `angle_normalize`, `((θ + π) mod 2π) − π` with Python's
 * floored float modulo (the result takes the sign of the divisor).
 */
export function angleNormalize(theta: number): number {
  const w = 2 * Math.PI;
  let r = (theta + Math.PI) % w;
  if (r !== 0 && r < 0) r += w;
  return r - Math.PI;
}

/**
 * The inverted pendulum swing-up. State `[θ, θ̇]` (θ = 0 upright, not wrapped); observation
 * `[cos θ, sin θ, θ̇]`; action a torque `u` in [−2, 2] (clipped, as Gymnasium); reward
 * `−(angleNormalize(θ)² + 0.1 θ̇² + 0.001 u²)` of the state before the step; never terminates;
 * truncated after 200 steps.
 */
export class Pendulum extends BaseEnv {
  readonly id = "Pendulum-v1";
  readonly observationSpace = box([-1, -1, -PENDULUM.maxSpeed], [1, 1, PENDULUM.maxSpeed]);
  readonly actionSpace = box([-PENDULUM.maxTorque], [PENDULUM.maxTorque]);
  readonly maxEpisodeSteps = 200;

  constructor() {
    super(2);
  }

  protected drawInitialState(key: Key): void {
    const { resetTheta: a, resetThetaDot: b } = PENDULUM;
    this.state.set(uniformVector(key, [-a, -b], [a, b]));
  }

  protected transition(actions: ArrayLike<number>, offset: number): void {
    const { g, m, l, dt, maxSpeed, maxTorque } = PENDULUM;
    const th = this.state[0]!;
    const thDot = this.state[1]!;
    const u = clip(actions[offset]!, -maxTorque, maxTorque);
    const thN = angleNormalize(th);
    this.reward = -(thN * thN + 0.1 * thDot * thDot + 0.001 * (u * u));
    // Semi-implicit Euler: the angle advances with the new (clipped) angular velocity.
    const newThDot = clip(
      thDot + (((3 * g) / (2 * l)) * Math.sin(th) + (3.0 / (m * l * l)) * u) * dt,
      -maxSpeed,
      maxSpeed,
    );
    this.state[0] = th + newThDot * dt;
    this.state[1] = newThDot;
    this.terminal = false;
  }

  writeObservation(out: Float64Array, offset: number): void {
    const th = this.state[0]!;
    out[offset] = Math.cos(th);
    out[offset + 1] = Math.sin(th);
    out[offset + 2] = this.state[1]!;
  }
}
