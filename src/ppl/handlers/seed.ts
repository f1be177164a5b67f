/**
 * `seed`: give each unvalued sample site (and param initialiser) its own key, split from
 * `key` in execution order, so a run is reproducible from one key.
 * @module
 */
import { type Key, split } from "../../random/index.js";
import type { Message } from "../message.js";
import { Handler } from "../runtime.js";

class SeedHandler extends Handler {
  constructor(private key: Key) {
    super();
  }
  override process(msg: Message): void {
    if ((msg.type === "sample" || msg.type === "param") && msg.value === null && msg.key === null) {
      const [next, sub] = split(this.key);
      this.key = next!;
      msg.key = sub!;
    }
  }
}

export function seed<A, R>(model: (args: A) => R, key: Key): (args: A) => R {
  return (args: A) => new SeedHandler(key).run(() => model(args));
}
