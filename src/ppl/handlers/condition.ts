/**
 * `condition`: observe sample sites at the given values (they become data), and
 * `substitute`: fix sites at given values without making them observed (how samplers and
 * optimisers plug their current values into a model).
 * @module
 */
import { type TensorLike, asTensor } from "../../tensor/tensor.js";
import type { Message } from "../message.js";
import { Handler } from "../runtime.js";

export type SiteValues = Readonly<Record<string, TensorLike>>;

class ConditionHandler extends Handler {
  constructor(private readonly data: SiteValues) {
    super();
  }
  override process(msg: Message): void {
    if (msg.type !== "sample" || !(msg.name in this.data)) return;
    msg.value = asTensor(this.data[msg.name]!);
    msg.isObserved = true;
  }
}

/** Observe the named sample sites at the given values. */
export function condition<A, R>(model: (args: A) => R, data: SiteValues): (args: A) => R {
  return (args: A) => new ConditionHandler(data).run(() => model(args));
}

class SubstituteHandler extends Handler {
  constructor(private readonly values: SiteValues | ((msg: Message) => TensorLike | undefined)) {
    super();
  }
  override process(msg: Message): void {
    if (msg.type !== "sample" && msg.type !== "param") return;
    if (msg.isObserved) return;
    const v = typeof this.values === "function" ? this.values(msg) : this.values[msg.name];
    if (v !== undefined) msg.value = asTensor(v);
  }
}

/**
 * Fix latent sample sites and params at the given values (a record by name, or a function of
 * the message returning a value or undefined). Observed sites are left alone.
 */
export function substitute<A, R>(
  model: (args: A) => R,
  values: SiteValues | ((msg: Message) => TensorLike | undefined),
): (args: A) => R {
  return (args: A) => new SubstituteHandler(values).run(() => model(args));
}
