/**
 * `Acrobot-v1`: Sutton's (1996) two-link underactuated swing-up, with the constants, the
 * "book" dynamics (Sutton & Barto, *Reinforcement Learning: An Introduction*), the single
 * fourth-order Runge–Kutta step of length 0.2 s, angle wrapping, velocity clipping, reward,
 * termination and reset distribution of Gymnasium's
 * `gymnasium/envs/classic_control/acrobot.py` (Farama-Foundation/Gymnasium, read at commit
 * 3f0476a8), with `torque_noise_max = 0`. Differences: Gymnasium rounds the initial state to
 * float32 and returns float32 observations; here everything is float64. The initial state is
 * drawn with this library's Threefry `uniform` sampler from an explicit key.
 * @module
 */
import type { Key } from "../random/index.js";
import { box, discrete } from "./spaces.js";
import { BaseEnv, clip, uniformVector } from "./util.js";

/** Acrobot's constants, as in Gymnasium. */
export const ACROBOT = Object.freeze({
  dt: 0.2,
  linkLength1: 1.0,
  linkLength2: 1.0,
  linkMass1: 1.0,
  linkMass2: 1.0,
  /** Position of each link's centre of mass along the link (m). */
  linkComPos1: 0.5,
  linkComPos2: 0.5,
  /** Moment of inertia of each link. */
  linkMoi: 1.0,
  g: 9.8,
  maxVel1: 4 * Math.PI,
  maxVel2: 9 * Math.PI,
  /** Torque of actions 0, 1, 2. */
  torques: Object.freeze([-1.0, 0.0, 1.0]),
  /** Reset: every state variable uniform on [−0.1, 0.1). */
  resetHalfWidth: 0.1,
});

/**
 * Time derivative of `[θ1, θ2, θ̇1, θ̇2]` under torque `a` on the second joint: the "book"
 * equations (with the `−m2 l1 lc2 θ̇1² sin θ2` term the NIPS paper omitted), written into `out`.
 */
function acrobotDerivative(s: Float64Array, a: number, out: Float64Array): void {
  const {
    linkMass1: m1,
    linkMass2: m2,
    linkLength1: l1,
    linkComPos1: lc1,
    linkComPos2: lc2,
    linkMoi: I1,
    linkMoi: I2,
    g,
  } = ACROBOT;
  const theta1 = s[0]!;
  const theta2 = s[1]!;
  const dtheta1 = s[2]!;
  const dtheta2 = s[3]!;
  const d1 = m1 * lc1 * lc1 + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * Math.cos(theta2)) + I1 + I2;
  const d2 = m2 * (lc2 * lc2 + l1 * lc2 * Math.cos(theta2)) + I2;
  const phi2 = m2 * lc2 * g * Math.cos(theta1 + theta2 - Math.PI / 2);
  const phi1 =
    -m2 * l1 * lc2 * dtheta2 * dtheta2 * Math.sin(theta2) -
    2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * Math.sin(theta2) +
    (m1 * lc1 + m2 * l1) * g * Math.cos(theta1 - Math.PI / 2) +
    phi2;
  const ddtheta2 =
    (a + (d2 / d1) * phi1 - m2 * l1 * lc2 * dtheta1 * dtheta1 * Math.sin(theta2) - phi2) /
    (m2 * lc2 * lc2 + I2 - (d2 * d2) / d1);
  const ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
  out[0] = dtheta1;
  out[1] = dtheta2;
  out[2] = ddtheta1;
  out[3] = ddtheta2;
}

/** `x` shifted by multiples of `hi − lo` into [lo, hi], as Gymnasium's `wrap` (strict loops). */
function wrap(x: number, lo: number, hi: number): number {
  const diff = hi - lo;
  // Jump most of the way first, so that a far-out angle (set with setState) cannot make the
  // loops run for long; within one period of the interval this changes nothing.
  if (x > hi + diff) x -= diff * Math.floor((x - hi) / diff);
  else if (x < lo - diff) x += diff * Math.floor((lo - x) / diff);
  while (x > hi) x -= diff;
  while (x < lo) x += diff;
  return x;
}

/**
 * Swing the tip of a two-link pendulum, actuated at the elbow, above one link length over the
 * pivot. State `[θ1, θ2, θ̇1, θ̇2]` (θ1 from hanging down, θ2 relative to link 1); observation
 * `[cos θ1, sin θ1, cos θ2, sin θ2, θ̇1, θ̇2]`; actions 0, 1, 2 apply torque −1, 0, +1; reward −1
 * per step and 0 on the terminal step; terminated when `−cos θ1 − cos(θ1 + θ2) > 1`; truncated
 * after 500 steps.
 */
export class Acrobot extends BaseEnv {
  readonly id = "Acrobot-v1";
  readonly observationSpace = box(
    [-1, -1, -1, -1, -ACROBOT.maxVel1, -ACROBOT.maxVel2],
    [1, 1, 1, 1, ACROBOT.maxVel1, ACROBOT.maxVel2],
  );
  readonly actionSpace = discrete(3);
  readonly maxEpisodeSteps = 500;
  // Runge–Kutta stages, reused across steps.
  private readonly k1 = new Float64Array(4);
  private readonly k2 = new Float64Array(4);
  private readonly k3 = new Float64Array(4);
  private readonly k4 = new Float64Array(4);
  private readonly tmp = new Float64Array(4);

  constructor() {
    super(4);
  }

  /** Velocities must lie within the clipping bounds ±4π, ±9π that every step enforces. */
  protected override checkState(state: ArrayLike<number>): void {
    const bounds = [ACROBOT.maxVel1, ACROBOT.maxVel2];
    for (let j = 0; j < 2; j++) {
      const v = state[2 + j]!;
      if (Math.abs(v) > bounds[j]!)
        throw new Error(`${this.id}: angular velocity ${j + 1} must be within ±${bounds[j]}, got ${v}`);
    }
  }

  protected drawInitialState(key: Key): void {
    const h = ACROBOT.resetHalfWidth;
    this.state.set(uniformVector(key, [-h, -h, -h, -h], [h, h, h, h]));
  }

  protected transition(actions: ArrayLike<number>, offset: number): void {
    const torque = ACROBOT.torques[actions[offset]!]!;
    const s = this.state;
    const { k1, k2, k3, k4, tmp } = this;
    const dt = ACROBOT.dt;
    const dt2 = dt / 2.0;
    // One classical RK4 step over [0, dt] (Gymnasium's rk4 with t = [0, dt]); the torque is
    // held constant over the step.
    acrobotDerivative(s, torque, k1);
    for (let i = 0; i < 4; i++) tmp[i] = s[i]! + dt2 * k1[i]!;
    acrobotDerivative(tmp, torque, k2);
    for (let i = 0; i < 4; i++) tmp[i] = s[i]! + dt2 * k2[i]!;
    acrobotDerivative(tmp, torque, k3);
    for (let i = 0; i < 4; i++) tmp[i] = s[i]! + dt * k3[i]!;
    acrobotDerivative(tmp, torque, k4);
    for (let i = 0; i < 4; i++) s[i] = s[i]! + (dt / 6.0) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
    s[0] = wrap(s[0]!, -Math.PI, Math.PI);
    s[1] = wrap(s[1]!, -Math.PI, Math.PI);
    s[2] = clip(s[2]!, -ACROBOT.maxVel1, ACROBOT.maxVel1);
    s[3] = clip(s[3]!, -ACROBOT.maxVel2, ACROBOT.maxVel2);
    this.terminal = -Math.cos(s[0]!) - Math.cos(s[1]! + s[0]!) > 1.0;
    this.reward = this.terminal ? 0.0 : -1.0;
  }

  writeObservation(out: Float64Array, offset: number): void {
    const s = this.state;
    out[offset] = Math.cos(s[0]!);
    out[offset + 1] = Math.sin(s[0]!);
    out[offset + 2] = Math.cos(s[1]!);
    out[offset + 3] = Math.sin(s[1]!);
    out[offset + 4] = s[2]!;
    out[offset + 5] = s[3]!;
  }
}
