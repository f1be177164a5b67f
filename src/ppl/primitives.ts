/**
 * The primitives a model is written with: sample, param, deterministic, factor and plate.
 * A model is a plain function calling them; effect handlers give them meaning (draw, condition,
 * record, score).
 * @module
 */
import type { Constraint } from "../distributions/constraints.js";
import type { Distribution } from "../distributions/distribution.js";
import { real } from "../distributions/constraints.js";
import type { Key } from "../random/index.js";
import { type TensorLike, Tensor, asTensor } from "../tensor/tensor.js";
import { formatShape } from "../tensor/shape.js";
import type { Message, PlateFrame } from "./message.js";
import { Handler, applyStack } from "./runtime.js";

function newMessage(type: Message["type"], name: string, fn: Distribution | null, value: Tensor | null): Message {
  if (typeof name !== "string" || name.length === 0)
    throw new Error(`${type}: a site name must be a non-empty string, got ${JSON.stringify(name)}`);
  return {
    type,
    name,
    fn,
    value,
    isObserved: false,
    scale: 1,
    mask: null,
    plates: [],
    key: null,
    constraint: null,
    stop: false,
  };
}

function drawValue(msg: Message): void {
  const d = msg.fn!;
  if (msg.key === null)
    throw new Error(
      `sample site '${msg.name}' has no value and no random key: run the model under seed(model, key), or condition/substitute the site`,
    );
  // rsample keeps draws differentiable with respect to the parameters (needed by SVI guides).
  msg.value = d.hasRsample ? d.rsample(msg.key) : d.sample(msg.key);
}

export interface SampleOptions {
  /** Observed data: the site is conditioned on it and contributes its log-likelihood. */
  obs?: TensorLike;
}

/**
 * A random variable named `name` with distribution `dist`. With `obs` the site is observed
 * and its value is the data; otherwise its value comes from a handler (substitute, replay,
 * condition) or is drawn with the key of the enclosing `seed` handler.
 */
export function sample(name: string, dist: Distribution, options: SampleOptions = {}): Tensor {
  const obs = options.obs === undefined ? null : asTensor(options.obs);
  const msg = newMessage("sample", name, dist, obs);
  msg.isObserved = obs !== null;
  applyStack(msg, drawValue);
  const v = msg.value!;
  if (msg.isObserved) checkObservedShape(msg, v);
  return v;
}

function checkObservedShape(msg: Message, v: Tensor): void {
  const d = msg.fn!;
  const ev = d.eventShape.length;
  let ok = v.ndim >= ev;
  for (let i = 0; ok && i < ev; i++) ok = v.shape[v.ndim - ev + i] === d.eventShape[i];
  if (!ok)
    throw new Error(
      `sample site '${msg.name}': observed value of shape ${formatShape(v.shape)} does not end with the event shape ${formatShape(d.eventShape)} of ${d.name}`,
    );
}

export interface ParamOptions {
  /** The set the parameter lives in (default: the real numbers). */
  constraint?: Constraint;
}

/**
 * A learnable parameter (for SVI guides and models). Its value comes from a handler (the
 * optimiser substitutes the current value); otherwise the initial value is used, given as a
 * tensor or as a function of a key (drawn with the key of the enclosing `seed`).
 */
export function param(name: string, init: TensorLike | ((key: Key) => Tensor), options: ParamOptions = {}): Tensor {
  const msg = newMessage("param", name, null, null);
  msg.constraint = options.constraint ?? real;
  applyStack(msg, (m) => {
    if (typeof init === "function") {
      if (m.key === null) throw new Error(`param '${name}': an initialiser function needs a key: run under seed()`);
      m.value = init(m.key);
    } else m.value = asTensor(init);
  });
  return msg.value!;
}

/** Record a deterministic function of other sites under `name` (it appears in traces and samples). */
export function deterministic(name: string, value: TensorLike): Tensor {
  const msg = newMessage("deterministic", name, null, asTensor(value));
  applyStack(msg, () => undefined);
  return msg.value!;
}

/** Add `logFactor` (summed) to the model's log-density, e.g. a custom likelihood term. */
export function factor(name: string, logFactor: TensorLike): void {
  const msg = newMessage("factor", name, null, asTensor(logFactor));
  applyStack(msg, () => undefined);
}

class PlateHandler extends Handler {
  constructor(readonly frame: PlateFrame) {
    super();
  }

  override process(msg: Message): void {
    if (msg.type !== "sample" && msg.type !== "deterministic" && msg.type !== "factor") return;
    msg.plates = [this.frame, ...msg.plates];
    if (msg.type !== "sample") return;
    msg.scale *= this.frame.size / this.frame.subsampleSize;
    const d = msg.fn!;
    const shape = d.batchShape;
    // the extent of the batch axis `dim` (counted from the right), 1 where the shape is shorter
    const axis = shape.length + this.frame.dim;
    const extent = axis >= 0 ? shape[axis]! : 1;
    if (axis >= 0 && extent === this.frame.subsampleSize) return; // already batched along the plate
    if (extent !== 1)
      throw new Error(
        `sample site '${msg.name}' in plate '${this.frame.name}' (size ${this.frame.subsampleSize}, dim ${this.frame.dim}): its batch shape ${formatShape(d.batchShape)} has extent ${extent} on that axis`,
      );
    const batch = shape.slice();
    while (batch.length < -this.frame.dim) batch.unshift(1);
    batch[batch.length + this.frame.dim] = this.frame.subsampleSize;
    msg.fn = d.expand(batch);
  }
}

let plateDepth = 0;

export interface PlateOptions {
  /** Indices of the subsample drawn (minibatch); log-densities are scaled by size / count. */
  subsample?: readonly number[];
  /** The batch axis of this plate, negative, counted from the right (default: the next free one). */
  dim?: number;
}

/**
 * Declare `size` conditionally independent copies: sample sites inside `body` get a batch
 * axis of that size (their distributions are broadcast to it). `body` receives the indices
 * of the (sub)sample.
 */
export function plate<R>(name: string, size: number, body: (indices: Tensor) => R, options: PlateOptions = {}): R {
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`plate '${name}': size must be a positive integer, got ${size}`);
  const sub = options.subsample;
  if (sub !== undefined) {
    sub.forEach((i, k) => {
      if (!Number.isInteger(i) || i < 0 || i >= size)
        throw new Error(`plate '${name}': subsample index ${i} at position ${k} is outside [0, ${size})`);
    });
    if (sub.length === 0) throw new Error(`plate '${name}': subsample must not be empty`);
  }
  const dim = options.dim ?? -(plateDepth + 1);
  if (!Number.isInteger(dim) || dim >= 0)
    throw new Error(`plate '${name}': dim must be a negative integer, got ${dim}`);
  const count = sub === undefined ? size : sub.length;
  const indices = new Float64Array(count);
  for (let i = 0; i < count; i++) indices[i] = sub === undefined ? i : sub[i]!;
  const frame: PlateFrame = { name, size, subsampleSize: count, dim };
  plateDepth++;
  try {
    return new PlateHandler(frame).run(() => body(new Tensor(indices, [count])));
  } finally {
    plateDepth--;
  }
}
