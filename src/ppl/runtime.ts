/**
 * The handler stack. A handler is active only while the model it wraps runs (pushed and
 * popped in try/finally), so no state outlives a call — the same discipline as the autodiff
 * tape.
 * @module
 */
import type { Message } from "./message.js";

/** An effect handler: rewrites messages on the way in, observes them on the way out. */
export abstract class Handler {
  /** Called from the innermost handler outwards, before the default behaviour. */
  process(msg: Message): void {
    void msg;
  }
  /** Called from the outermost handler inwards, after the value is known. */
  postprocess(msg: Message): void {
    void msg;
  }

  /** Run `fn` with this handler on the stack. */
  run<R>(fn: () => R): R {
    stack.push(this);
    try {
      return fn();
    } finally {
      // Handlers only ever run nested inside one another, so the top is always this one.
      stack.pop();
    }
  }
}

const stack: Handler[] = [];

/** True when some handler is active (primitives outside any handler just run their default). */
export function handlersActive(): boolean {
  return stack.length > 0;
}

/**
 * Send a message through the stack (innermost first), apply `defaultBehaviour` if no handler
 * provided a value, then let the handlers that saw it postprocess it (outermost first).
 */
export function applyStack(msg: Message, defaultBehaviour: (msg: Message) => void): Message {
  let pointer = stack.length - 1;
  for (; pointer >= 0; pointer--) {
    stack[pointer]!.process(msg);
    if (msg.stop) break;
  }
  if (msg.value === null) defaultBehaviour(msg);
  // only the handlers that processed the message postprocess it
  const first = msg.stop ? pointer : 0;
  for (let i = first; i < stack.length; i++) stack[i]!.postprocess(msg);
  return msg;
}
