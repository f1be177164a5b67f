/**
 * Train / held-out split of episodes.
 * @module
 */
import { type Key, permutation } from "../../random/index.js";
import { heldOutCount } from "./config.js";

/** Episodes of each side, each ascending. */
export interface EpisodeSplit {
  readonly train: Int32Array;
  readonly heldOut: Int32Array;
}

/**
 * Hold out `heldOutCount(E, fraction)` episodes: the first ones of a uniformly random
 * permutation of 0 … E − 1 drawn with `key` (Fisher–Yates, `random/permutation.ts`). Both sides
 * are returned sorted; they are disjoint and cover every episode.
 */
export function splitEpisodes(key: Key, numEpisodes: number, fraction: number): EpisodeSplit {
  const h = heldOutCount(numEpisodes, fraction);
  const perm = permutation(key, numEpisodes);
  const heldOut = perm.slice(0, h).sort();
  const train = perm.slice(h).sort();
  return { train, heldOut };
}
