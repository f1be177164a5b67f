/**
 * `scale` multiplies the log-density of every sample site by a positive factor (tempering,
 * minibatch rescaling); `mask` zeroes the log-density where the mask is 0 (missing data).
 * @module
 */
import { mul } from "../../autodiff/index.js";
import { type TensorLike, Tensor, asTensor } from "../../tensor/tensor.js";
import type { Message } from "../message.js";
import { Handler } from "../runtime.js";

class ScaleHandler extends Handler {
  constructor(private readonly factor: number) {
    super();
  }
  override process(msg: Message): void {
    if (msg.type === "sample" || msg.type === "factor") msg.scale *= this.factor;
  }
}

export function scale<A, R>(model: (args: A) => R, factor: number): (args: A) => R {
  if (!(factor > 0 && Number.isFinite(factor)))
    throw new Error(`scale: factor must be positive and finite, got ${factor}`);
  return (args: A) => new ScaleHandler(factor).run(() => model(args));
}

class MaskHandler extends Handler {
  constructor(private readonly mask: Tensor) {
    super();
  }
  override process(msg: Message): void {
    if (msg.type !== "sample") return;
    msg.mask = msg.mask === null ? this.mask : mul(msg.mask, this.mask);
  }
}

/** Keep the log-density of sample sites only where `mask` is 1 (broadcast against the batch). */
export function mask<A, R>(model: (args: A) => R, maskValue: TensorLike | boolean): (args: A) => R {
  const m = typeof maskValue === "boolean" ? asTensor(maskValue ? 1 : 0) : asTensor(maskValue);
  for (let i = 0; i < m.size; i++)
    if (m.data[i] !== 0 && m.data[i] !== 1)
      throw new Error(`mask: values must be 0 or 1, got ${m.data[i]} at index ${i}`);
  return (args: A) => new MaskHandler(m).run(() => model(args));
}
