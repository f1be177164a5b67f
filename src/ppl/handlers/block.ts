/**
 * `block`: hide sites from handlers outside this one (e.g. keep a sub-model's sites out of
 * an outer trace).
 * @module
 */
import type { Message } from "../message.js";
import { Handler } from "../runtime.js";

class BlockHandler extends Handler {
  constructor(private readonly hide: (msg: Message) => boolean) {
    super();
  }
  override process(msg: Message): void {
    if (this.hide(msg)) msg.stop = true;
  }
}

/** Hide the named sites (all sites when `hide` is omitted), or those a predicate selects. */
export function block<A, R>(
  model: (args: A) => R,
  hide?: readonly string[] | ((msg: Message) => boolean),
): (args: A) => R {
  const pred =
    hide === undefined ? () => true : typeof hide === "function" ? hide : (m: Message) => hide.includes(m.name);
  return (args: A) => new BlockHandler(pred).run(() => model(args));
}
