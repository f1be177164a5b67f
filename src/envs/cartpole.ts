/**
 * `CartPole-v1`: Barto, Sutton & Anderson's (1983) pole balancing, with the constants,
 * explicit-Euler integrator, termination rule and reset distribution of Gymnasium's
 * `gymnasium/envs/classic_control/cartpole.py` (Farama-Foundation/Gymnasium, read at commit
 * 3f0476a8). Differences: states and observations are float64 (Gymnasium returns float32
 * observations of a float64 state), and the initial state is drawn with this library's
 * Threefry `uniform` sampler from an explicit key.
 * @module
 */
import type { Key } from "../random/index.js";
import { box, discrete } from "./spaces.js";
import { BaseEnv, uniformVector } from "./util.js";

/** CartPole's physical constants (SI units), as in Gymnasium. */
export const CARTPOLE = Object.freeze({
  gravity: 9.8,
  massCart: 1.0,
  massPole: 0.1,
  /** Half the pole's length (m). */
  halfLength: 0.5,
  /** Magnitude of the force pushing the cart (N). */
  forceMag: 10.0,
  /** Integration step (s). */
  tau: 0.02,
  /** The episode terminates when |x| exceeds this (m). */
  xThreshold: 2.4,
  /** The episode terminates when |θ| exceeds this: 12° in radians. */
  thetaThreshold: (12 * 2 * Math.PI) / 360,
  /** Half-width of the reset range of every state variable. */
  resetHalfWidth: 0.05,
});

const TOTAL_MASS = CARTPOLE.massPole + CARTPOLE.massCart;
const POLEMASS_LENGTH = CARTPOLE.massPole * CARTPOLE.halfLength;

/**
 * Push a cart so that the pole hinged on it stays upright. State and observation
 * `[x, ẋ, θ, θ̇]` (cart position m, velocity m/s, pole angle rad from vertical, angular velocity);
 * actions 0 (push left, −10 N) and 1 (push right, +10 N); reward 1 per step, including the
 * terminating one; terminated when |x| > 2.4 or |θ| > 12°; truncated after 500 steps. Reset:
 * every state variable uniform on [−0.05, 0.05).
 */
export class CartPole extends BaseEnv {
  readonly id = "CartPole-v1";
  readonly observationSpace = box(
    [-2 * CARTPOLE.xThreshold, -Infinity, -2 * CARTPOLE.thetaThreshold, -Infinity],
    [2 * CARTPOLE.xThreshold, Infinity, 2 * CARTPOLE.thetaThreshold, Infinity],
  );
  readonly actionSpace = discrete(2);
  readonly maxEpisodeSteps = 500;

  constructor() {
    super(4);
  }

  protected drawInitialState(key: Key): void {
    const h = CARTPOLE.resetHalfWidth;
    this.state.set(uniformVector(key, [-h, -h, -h, -h], [h, h, h, h]));
  }

  protected transition(actions: ArrayLike<number>, offset: number): void {
    const s = this.state;
    const x = s[0]!;
    const xDot = s[1]!;
    const theta = s[2]!;
    const thetaDot = s[3]!;
    const force = actions[offset] === 1 ? CARTPOLE.forceMag : -CARTPOLE.forceMag;
    const cos = Math.cos(theta);
    const sin = Math.sin(theta);
    // Frictionless equations of motion of Barto, Sutton & Anderson (1983), as in Sutton's pole.c and Gymnasium.
    const temp = (force + POLEMASS_LENGTH * thetaDot * thetaDot * sin) / TOTAL_MASS;
    const thetaAcc =
      (CARTPOLE.gravity * sin - cos * temp) /
      (CARTPOLE.halfLength * (4.0 / 3.0 - (CARTPOLE.massPole * cos * cos) / TOTAL_MASS));
    const xAcc = temp - (POLEMASS_LENGTH * thetaAcc * cos) / TOTAL_MASS;
    // Explicit Euler (Gymnasium's default "euler" integrator): positions use the old velocities.
    const tau = CARTPOLE.tau;
    const nx = x + tau * xDot;
    const nTheta = theta + tau * thetaDot;
    s[0] = nx;
    s[1] = xDot + tau * xAcc;
    s[2] = nTheta;
    s[3] = thetaDot + tau * thetaAcc;
    this.terminal =
      nx < -CARTPOLE.xThreshold ||
      nx > CARTPOLE.xThreshold ||
      nTheta < -CARTPOLE.thetaThreshold ||
      nTheta > CARTPOLE.thetaThreshold;
    this.reward = 1;
  }

  writeObservation(out: Float64Array, offset: number): void {
    out[offset] = this.state[0]!;
    out[offset + 1] = this.state[1]!;
    out[offset + 2] = this.state[2]!;
    out[offset + 3] = this.state[3]!;
  }
}
