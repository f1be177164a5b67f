/**
 * `LaneKeeping-v0` and `LaneKeepingDiscrete-v0`: keep a car in its lane on a winding road.
 *
 * The car is the kinematic bicycle model (Rajamani, *Vehicle Dynamics and Control*, 2nd ed.,
 * §2.2; Kong, Pfeiffer, Schildbach & Borrelli, "Kinematic and dynamic vehicle models for
 * autonomous driving control design", IEEE IV 2015) written in the road's Frenet frame
 * (arc length `s`, lateral offset `e_y`, heading error `e_ψ`) and integrated with explicit
 * Euler steps of `dt = 0.05` s:
 *
 * ```
 * β     = atan(l_r / (l_f + l_r) · tan δ)           slip angle at the centre of mass
 * ṡ     = v cos(e_ψ + β) / (1 − κ(s) e_y)
 * ė_y   = v sin(e_ψ + β)
 * ė_ψ   = (v / l_r) sin β − κ(s) ṡ
 * ```
 *
 * Sign conventions: `e_y > 0` is left of the lane centre, `δ > 0` steers left, `κ > 0` is a road
 * turning left, `e_ψ > 0` points the car to the left of the road's tangent.
 *
 * The road's curvature is a smooth deterministic function of arc length, a sum of two
 * sinusoids whose amplitudes and phases are drawn at reset:
 * `κ(s) = A1 sin(2π s / 200 m + φ1) + A2 sin(2π s / 60 m + φ2)`, `A1 ~ U[0, 0.015) 1/m`,
 * `A2 ~ U[0, 0.005) 1/m`, `φ1, φ2 ~ U[0, 2π)`, so |κ| < 0.02 1/m (radius > 50 m). The speed `v` is
 * constant over an episode, `v ~ U[8, 12) m/s`. The car starts at `s = 0`, `e_y ~ U[−0.5, 0.5) m`,
 * `e_ψ ~ U[−0.05, 0.05) rad`. All draws use this library's Threefry `uniform` sampler, in the
 * order `[e_y, e_ψ, v, A1, φ1, A2, φ2]` of one 7-element draw from the reset key.
 *
 * Observation (what a driving simulator's lane sensors report): `[e_y, e_ψ, κ(s + 10 m), v]`.
 * Reward per step `1 − (e_y / 1.75 m)²` at the new state (1 on the centre line, 0 at the lane
 * edge, negative on the step that leaves the lane); terminated when `|e_y| > 1.75 m` (the car
 * left its 3.5 m lane); truncated after 500 steps (25 s, about 250 m of road).
 * @module
 */
import type { Key } from "../random/index.js";
import type { BoxSpace, DiscreteSpace } from "./env.js";
import { box, discrete } from "./spaces.js";
import { BaseEnv, clip, uniformVector } from "./util.js";

/** The lane-keeping task's constants (SI units). */
export const LANE_KEEPING = Object.freeze({
  /** Integration step (s). */
  dt: 0.05,
  /** Distance from the centre of mass to the front axle (m). */
  lf: 1.4,
  /** Distance from the centre of mass to the rear axle (m). */
  lr: 1.4,
  /** Half the lane's width (m): the episode terminates when |e_y| exceeds it. */
  halfWidth: 1.75,
  /** How far ahead the curvature sensor looks (m). */
  lookahead: 10,
  /** Steering limit of the continuous task (rad); larger actions are clipped. */
  maxSteer: 0.5,
  /** Steering angle of the discrete task's "left" / "right" actions (rad). */
  discreteSteer: 0.1,
  /** Wavelengths of the two curvature sinusoids (m). */
  wavelength1: 200,
  wavelength2: 60,
  /** Upper ends of the reset ranges of the two curvature amplitudes (1/m). */
  maxAmplitude1: 0.015,
  maxAmplitude2: 0.005,
  /** Reset range of the speed (m/s). */
  minSpeed: 8,
  maxSpeed: 12,
  /** Reset half-ranges of the lateral offset (m) and heading error (rad). */
  resetOffset: 0.5,
  resetHeading: 0.05,
});

/**
 * Curvature of the road at arc length `s` for amplitudes and phases `(a1, p1, a2, p2)`:
 * `a1 sin(2π s / 200 + p1) + a2 sin(2π s / 60 + p2)`.
 */
export function roadCurvature(s: number, a1: number, p1: number, a2: number, p2: number): number {
  const w = 2 * Math.PI;
  return (
    a1 * Math.sin((w * s) / LANE_KEEPING.wavelength1 + p1) + a2 * Math.sin((w * s) / LANE_KEEPING.wavelength2 + p2)
  );
}

/** Steering angle (rad) of each action of `LaneKeepingDiscrete-v0`: left, straight, right. */
export const LANE_KEEPING_DISCRETE_STEER: readonly number[] = Object.freeze([
  LANE_KEEPING.discreteSteer,
  0,
  -LANE_KEEPING.discreteSteer,
]);

/**
 * Shared dynamics of the two lane-keeping tasks. State (8 values):
 * `[s, e_y, e_ψ, v, A1, φ1, A2, φ2]` — arc length, lateral offset, heading error, speed, then the
 * road's curvature parameters (see the module documentation).
 */
abstract class LaneKeepingBase extends BaseEnv {
  readonly observationSpace: BoxSpace;
  readonly maxEpisodeSteps = 500;

  constructor() {
    super(8);
    const c = LANE_KEEPING;
    const kMax = c.maxAmplitude1 + c.maxAmplitude2;
    this.observationSpace = box(
      [-2 * c.halfWidth, -Math.PI, -kMax, c.minSpeed],
      [2 * c.halfWidth, Math.PI, kMax, c.maxSpeed],
    );
  }

  /** Steering angle (rad) commanded by the action at `actions[offset]`. */
  protected abstract steering(actions: ArrayLike<number>, offset: number): number;

  /** The speed must be positive; the other values are free (the road need not be one of reset's). */
  protected override checkState(state: ArrayLike<number>): void {
    if (!(state[3]! > 0)) throw new Error(`${this.id}: speed (state[3]) must be > 0, got ${state[3]}`);
  }

  protected drawInitialState(key: Key): void {
    const c = LANE_KEEPING;
    const w = 2 * Math.PI;
    const u = uniformVector(
      key,
      [-c.resetOffset, -c.resetHeading, c.minSpeed, 0, 0, 0, 0],
      [c.resetOffset, c.resetHeading, c.maxSpeed, c.maxAmplitude1, w, c.maxAmplitude2, w],
    );
    this.state[0] = 0;
    this.state.set(u, 1);
  }

  protected transition(actions: ArrayLike<number>, offset: number): void {
    const c = LANE_KEEPING;
    const st = this.state;
    const s = st[0]!;
    const ey = st[1]!;
    const epsi = st[2]!;
    const v = st[3]!;
    const delta = this.steering(actions, offset);
    const kappa = roadCurvature(s, st[4]!, st[5]!, st[6]!, st[7]!);
    const beta = Math.atan((c.lr / (c.lf + c.lr)) * Math.tan(delta));
    const denom = 1 - kappa * ey;
    // The Frenet frame is singular at the road's centre of curvature; only a state set by
    // hand far outside the lane can reach it.
    if (!(denom > 0))
      throw new Error(`${this.id}: 1 − κ(s)·e_y must be > 0 (car beyond the road's centre of curvature), got ${denom}`);
    const sDot = (v * Math.cos(epsi + beta)) / denom;
    const eyDot = v * Math.sin(epsi + beta);
    const epsiDot = (v / c.lr) * Math.sin(beta) - kappa * sDot;
    const nextEy = ey + c.dt * eyDot;
    st[0] = s + c.dt * sDot;
    st[1] = nextEy;
    st[2] = epsi + c.dt * epsiDot;
    const r = nextEy / c.halfWidth;
    this.reward = 1 - r * r;
    this.terminal = Math.abs(nextEy) > c.halfWidth;
  }

  writeObservation(out: Float64Array, offset: number): void {
    const st = this.state;
    out[offset] = st[1]!;
    out[offset + 1] = st[2]!;
    out[offset + 2] = roadCurvature(st[0]! + LANE_KEEPING.lookahead, st[4]!, st[5]!, st[6]!, st[7]!);
    out[offset + 3] = st[3]!;
  }
}

/**
 * Lane keeping with a continuous steering angle `δ` in [−0.5, 0.5] rad (larger values are
 * clipped). See the module documentation for the dynamics, reward and termination.
 */
export class LaneKeeping extends LaneKeepingBase {
  readonly id: string = "LaneKeeping-v0";
  readonly actionSpace: BoxSpace = box([-LANE_KEEPING.maxSteer], [LANE_KEEPING.maxSteer]);

  protected steering(actions: ArrayLike<number>, offset: number): number {
    return clip(actions[offset]!, -LANE_KEEPING.maxSteer, LANE_KEEPING.maxSteer);
  }
}

/**
 * Lane keeping with three actions: 0 steers left (`δ = +0.1` rad), 1 goes straight (`δ = 0`),
 * 2 steers right (`δ = −0.1` rad). Otherwise identical to {@link LaneKeeping}.
 */
export class LaneKeepingDiscrete extends LaneKeepingBase {
  readonly id: string = "LaneKeepingDiscrete-v0";
  readonly actionSpace: DiscreteSpace = discrete(3);

  protected steering(actions: ArrayLike<number>, offset: number): number {
    return LANE_KEEPING_DISCRETE_STEER[actions[offset]!]!;
  }
}
