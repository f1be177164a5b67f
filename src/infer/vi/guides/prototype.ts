/**
 * What an autoguide learns about its model on first use (NumPyro's "prototype trace"): the
 * latent sites, their supports and their places in the flat unconstrained vector, from
 * `potentialEnergy`; and the initial point, from the model's init strategy.
 *
 * The guide runs inside the effect handlers of whoever calls it (SVI's trace, seed and
 * substitute), so the model runs made here are hidden from them with `block`.
 * @module
 */
import type { Constraint } from "../../../distributions/constraints.js";
import { block, seed, substitute, trace } from "../../../ppl/index.js";
import {
  type InitStrategy,
  type LatentSite,
  type Model,
  type ModelPotential,
  initialPosition,
  potentialEnergy,
} from "../../../ppl/potential-energy.js";
import { type Key, key } from "../../../random/index.js";

/** Run `fn` with every site it produces hidden from the handlers already active. */
export function isolated<R>(fn: () => R): R {
  return block((_: null) => fn())(null);
}

interface Setup<A> {
  readonly potential: ModelPotential;
  readonly supports: ReadonlyMap<string, Constraint>;
  readonly args: A;
}

/**
 * The model's latent layout, computed once from the first arguments the guide sees (as
 * NumPyro's autoguides do). Models whose latent sites change with the arguments need a new
 * guide.
 */
export class Prototype<A> {
  #setup: Setup<A> | null = null;

  constructor(
    readonly model: Model<A>,
    readonly owner: string,
  ) {}

  /** Discover the layout from `args` on the first call; later calls return it unchanged. */
  setup(args: A): Setup<A> {
    if (this.#setup !== null) return this.#setup;
    // The layout does not depend on the key (site shapes are fixed); a fixed key keeps the
    // discovery out of the caller's random stream.
    const discoveryKey = key(0);
    const potential = isolated(() => potentialEnergy(this.model, args, discoveryKey));
    const values = isolated(() => potential.constrain(new Float64Array(potential.dim)));
    const { trace: tr } = isolated(() => trace(substitute(seed(this.model, discoveryKey), values))(args));
    const supports = new Map<string, Constraint>();
    for (const s of potential.sites) {
      const site = tr.get(s.name)!;
      const sub = site.plates.find((p) => p.subsampleSize !== p.size);
      if (sub !== undefined)
        throw new Error(
          `${this.owner}: latent site '${s.name}' is in plate '${sub.name}' with subsampling (${sub.subsampleSize} of ${sub.size}); autoguides support subsampling of observed sites only`,
        );
      supports.set(s.name, site.fn!.support);
    }
    this.#setup = { potential, supports, args };
    return this.#setup;
  }

  /** The layout; throws before the guide has been run once (e.g. by SVI.init). */
  get current(): Setup<A> {
    if (this.#setup === null)
      throw new Error(
        `${this.owner}: the guide has not been run yet, so the model's latent sites are unknown; run SVI.init (or call the guide once) first`,
      );
    return this.#setup;
  }

  /** `args` if given, else the arguments of the first run (undefined before one). */
  argsOr(args: A | undefined): A {
    return args !== undefined ? args : (this.#setup?.args as A);
  }

  get sites(): readonly LatentSite[] {
    return this.current.potential.sites;
  }

  /** A flat unconstrained starting point with finite potential, by `strategy`. */
  initialPoint(k: Key, strategy: InitStrategy): Float64Array {
    const { potential, args } = this.current;
    return isolated(() => initialPosition(potential, this.model, args, k, strategy));
  }
}
