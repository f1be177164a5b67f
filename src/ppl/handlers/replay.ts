/**
 * `replay`: re-run a model reusing the latent values of an earlier trace (e.g. a guide's
 * draws replayed in the model to score them).
 * @module
 */
import type { Message, Trace } from "../message.js";
import { Handler } from "../runtime.js";

class ReplayHandler extends Handler {
  constructor(private readonly guideTrace: Trace) {
    super();
  }
  override process(msg: Message): void {
    if (msg.type !== "sample" || msg.isObserved) return;
    const site = this.guideTrace.get(msg.name);
    if (site !== undefined && site.value !== null) msg.value = site.value;
  }
}

export function replay<A, R>(model: (args: A) => R, guideTrace: Trace): (args: A) => R {
  return (args: A) => new ReplayHandler(guideTrace).run(() => model(args));
}
