/**
 * `trace`: record every site of a run (after all inner handlers), in execution order.
 * @module
 */
import type { Message, Trace } from "../message.js";
import { Handler } from "../runtime.js";

class TraceHandler extends Handler {
  readonly trace: Trace = new Map();
  override postprocess(msg: Message): void {
    if (this.trace.has(msg.name))
      throw new Error(`site name '${msg.name}' is used twice in one run of the model; site names must be unique`);
    this.trace.set(msg.name, { ...msg, plates: msg.plates.slice() });
  }
}

/** Run `model(args)` and return its trace (and its return value). */
export function trace<A, R>(model: (args: A) => R): (args: A) => { trace: Trace; returnValue: R } {
  return (args: A) => {
    const h = new TraceHandler();
    const returnValue = h.run(() => model(args));
    return { trace: h.trace, returnValue };
  };
}
