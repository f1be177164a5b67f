/**
 * Environments by id, as Gymnasium's `gymnasium.make` (time limits built in).
 * @module
 */
import { Acrobot } from "./acrobot.js";
import { CartPole } from "./cartpole.js";
import type { Env } from "./env.js";
import { LaneKeeping, LaneKeepingDiscrete } from "./lane-keeping.js";
import { MountainCar } from "./mountain-car.js";
import { MountainCarContinuous } from "./mountain-car-continuous.js";
import { Pendulum } from "./pendulum.js";
import type { BaseEnv } from "./util.js";

const constructors: Readonly<Record<string, () => BaseEnv>> = Object.freeze({
  "CartPole-v1": () => new CartPole(),
  "Pendulum-v1": () => new Pendulum(),
  "MountainCar-v0": () => new MountainCar(),
  "MountainCarContinuous-v0": () => new MountainCarContinuous(),
  "Acrobot-v1": () => new Acrobot(),
  "LaneKeeping-v0": () => new LaneKeeping(),
  "LaneKeepingDiscrete-v0": () => new LaneKeepingDiscrete(),
});

/** Every registered environment id, in a fixed order. */
export const envIds: readonly string[] = Object.freeze(Object.keys(constructors));

/**
 * A new instance of the environment `id` (one of {@link envIds}); call `reset(key)` before
 * stepping it. Throws `unknown environment "X"; valid: CartPole-v1, …` for any other id.
 */
export function makeEnv(id: string): Env {
  return makeBaseEnv(id);
}

/**
 * {@link makeEnv}, typed as the concrete base class (which adds the allocation-free
 * `stepFlat` / `resetInto` used by vectorised stepping).
 */
export function makeBaseEnv(id: string): BaseEnv {
  const make = typeof id === "string" && Object.hasOwn(constructors, id) ? constructors[id] : undefined;
  if (make === undefined) throw new Error(`unknown environment ${JSON.stringify(id)}; valid: ${envIds.join(", ")}`);
  return make();
}
